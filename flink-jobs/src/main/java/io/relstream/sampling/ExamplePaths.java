package io.relstream.sampling;

import java.util.Comparator;

/**
 * Positions of rows in an example's walk. The seed's path is empty; the i-th node requested from a
 * row gets the row's path plus a four-digit segment {@code i}. Sorting by hop and then by path
 * orders an example's rows as the walk found them, whatever order the pieces arrived in.
 */
public final class ExamplePaths {
  public static final String SEED = "";

  /** By hop (number of segments), then by path. */
  public static final Comparator<String> WALK_ORDER =
      Comparator.comparingInt(ExamplePaths::hopOf).thenComparing(Comparator.naturalOrder());

  private ExamplePaths() {}

  /** Returns the path of the i-th node requested from the row at {@code path}. */
  public static String child(String path, int index) {
    String segment = String.format("%04d", index);
    return path.isEmpty() ? segment : path + "." + segment;
  }

  /** Returns the number of steps from the seed. */
  public static int hopOf(String path) {
    return path.isEmpty() ? 0 : (path.length() + 1) / 5;
  }
}
