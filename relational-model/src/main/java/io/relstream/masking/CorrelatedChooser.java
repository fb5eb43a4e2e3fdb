package io.relstream.masking;

import io.relstream.tokenize.TokenizedExample;
import java.util.SplittableRandom;

/**
 * Masks whole rows: each row with a maskable cell is chosen with the rate's probability, and one
 * at random when that chose none. With children, a chosen row's children in the example are
 * masked too: the seed's children are the child rows, a parent's child is the seed, and a child
 * row has none in a one-hop example. Every maskable cell of a masked row is masked.
 */
final class CorrelatedChooser {
  private static final int SEED = 0;
  private static final int PARENT = 1;
  private static final int CHILD = 2;

  private CorrelatedChooser() {}

  static void choose(
      TokenizedExample example,
      double rate,
      boolean children,
      SplittableRandom random,
      boolean[] masked) {
    boolean[] maskableRows = maskableRows(example);
    boolean[] chosen = new boolean[maskableRows.length];
    int candidates = 0;
    int picked = 0;
    for (int row = 0; row < maskableRows.length; row++) {
      if (maskableRows[row]) {
        candidates++;
        if (random.nextDouble() < rate) {
          chosen[row] = true;
          picked++;
        }
      }
    }
    if (picked == 0 && candidates > 0) {
      chosen[nthRow(maskableRows, random.nextInt(candidates))] = true;
    }
    boolean[] rows = children ? withChildren(example, chosen) : chosen;
    for (int cell = 0; cell < masked.length; cell++) {
      masked[cell] = rows[example.cellRow(cell)] && example.isCellMaskable(cell);
    }
  }

  private static boolean[] maskableRows(TokenizedExample example) {
    boolean[] rows = new boolean[example.rowCount()];
    for (int cell = 0; cell < example.cellCount(); cell++) {
      if (example.isCellMaskable(cell)) {
        rows[example.cellRow(cell)] = true;
      }
    }
    return rows;
  }

  private static boolean[] withChildren(TokenizedExample example, boolean[] chosen) {
    boolean[] rows = chosen.clone();
    boolean seedChosen = false;
    boolean parentChosen = false;
    for (int row = 0; row < chosen.length; row++) {
      seedChosen |= chosen[row] && example.rowRole(row) == SEED;
      parentChosen |= chosen[row] && example.rowRole(row) == PARENT;
    }
    for (int row = 0; row < rows.length; row++) {
      int role = example.rowRole(row);
      if (seedChosen && role == CHILD || parentChosen && role == SEED) {
        rows[row] = true;
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
