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
    // At least four digits with leading zeros, as "%04d" writes them, without String.format's parsing per call.
    StringBuilder builder = new StringBuilder(path.length() + 5).append(path);
    if (!path.isEmpty()) {
      builder.append('.');
    }
    String digits = Integer.toString(index);
    for (int i = digits.length(); i < 4; i++) {
      builder.append('0');
    }
    return builder.append(digits).toString();
  }

  /** Returns the number of steps from the seed. */
  public static int hopOf(String path) {
    return path.isEmpty() ? 0 : (path.length() + 1) / 5;
  }
}
