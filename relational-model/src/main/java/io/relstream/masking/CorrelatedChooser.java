package io.relstream.masking;

import io.relstream.tokenize.TokenizedExample;
import java.util.SplittableRandom;

/**
 * Masks whole rows: each row with a candidate cell is chosen with the rate's probability, and one
 * at random when that chose none. With children, a chosen row's children in the example are
 * masked too, by the path that the example's walk recorded: the child rows reached from it, and
 * for a parent row the row it was reached from. Every candidate cell of a masked row is masked.
 */
final class CorrelatedChooser {
  private static final int PARENT = 1;
  private static final int CHILD = 2;

  private CorrelatedChooser() {}

  static void choose(
      TokenizedExample example,
      boolean[] candidates,
      double rate,
      boolean children,
      SplittableRandom random,
      boolean[] masked) {
    boolean[] maskableRows = maskableRows(example, candidates);
    boolean[] chosen = new boolean[maskableRows.length];
    int rowCount = 0;
    int picked = 0;
    for (int row = 0; row < maskableRows.length; row++) {
      if (maskableRows[row]) {
        rowCount++;
        if (random.nextDouble() < rate) {
          chosen[row] = true;
          picked++;
        }
      }
    }
    if (picked == 0 && rowCount > 0) {
      chosen[nthRow(maskableRows, random.nextInt(rowCount))] = true;
    }
    boolean[] rows = children ? withChildren(example, chosen) : chosen;
    for (int cell = 0; cell < masked.length; cell++) {
      masked[cell] = rows[example.cellRow(cell)] && candidates[cell];
    }
  }

  private static boolean[] maskableRows(TokenizedExample example, boolean[] candidates) {
    boolean[] rows = new boolean[example.rowCount()];
    for (int cell = 0; cell < candidates.length; cell++) {
      if (candidates[cell]) {
        rows[example.cellRow(cell)] = true;
      }
    }
    return rows;
  }

  /**
   * Returns the chosen rows with their children in the example, one level down. A child row is the
   * child of the row it was reached from, and a parent row has the row it was reached from as its
   * child. At hop 2 that row is often not the seed. A race's other result, reached from the race,
   * is the race's child and not the seed's.
   *
   * <p>NOTE: an example keeps a row reached on two paths once, with the first path's {@code via}, so
   * the row is not masked with its other parent in the example (a result reached from its race is
   * not masked with its driver).
   */
  static boolean[] withChildren(TokenizedExample example, boolean[] chosen) {
    boolean[] rows = chosen.clone();
    for (int row = 0; row < chosen.length; row++) {
      int via = example.rowVia(row);
      if (via < 0) {
        continue;
      }
      int role = example.rowRole(row);
      if (role == CHILD && chosen[via]) {
        rows[row] = true;
      } else if (role == PARENT && chosen[row]) {
        rows[via] = true;
      }
    }
    return rows;
  }

  private static int nthRow(boolean[] rows, int n) {
    int seen = 0;
    for (int row = 0; row < rows.length; row++) {
      if (rows[row] && seen++ == n) {
        return row;
      }
    }
    throw new IllegalStateException("Fewer than " + (n + 1) + " maskable rows");
  }
}
