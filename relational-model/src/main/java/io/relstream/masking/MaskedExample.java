package io.relstream.masking;

import io.relstream.tokenize.TokenizedExample;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tokenized example with the cells that training hides from the encoder. Masking a cell hides
 * all of its tokens, and their original values stay in the example as targets. Immutable.
 */
public final class MaskedExample implements Serializable {
  private static final long serialVersionUID = 2L;

  private final TokenizedExample example;
  private final boolean[] maskedCells;
  private final boolean[] maskedTokens;
  private final int maskedCellCount;
  private final int maskedTokenCount;

  /**
   * Creates a masked example from a copy of {@code maskedCells}.
   *
   * @throws IllegalArgumentException when {@code maskedCells} does not have one entry per cell or
   *     marks a cell that is not maskable
   */
  public MaskedExample(TokenizedExample example, boolean[] maskedCells) {
    this.example = Objects.requireNonNull(example, "example");
    if (maskedCells.length != example.cellCount()) {
      throw new IllegalArgumentException(
          "Mask has " + maskedCells.length + " entries but the example has "
              + example.cellCount() + " cells");
    }
    this.maskedCells = maskedCells.clone();
    this.maskedTokens = new boolean[example.size()];
    int cells = 0;
    int tokens = 0;
    for (int cell = 0; cell < maskedCells.length; cell++) {
      if (!maskedCells[cell]) {
        continue;
      }
      if (!example.isCellMaskable(cell)) {
        throw new IllegalArgumentException(
            "Cell " + cell + " (" + example.cellColumn(cell) + ") of " + example
                + " is masked but has no target");
      }
      cells++;
      int first = example.cellFirstToken(cell);
      for (int token = first; token < first + example.cellTokenCount(cell); token++) {
        maskedTokens[token] = true;
        tokens++;
      }
    }
    this.maskedCellCount = cells;
    this.maskedTokenCount = tokens;
  }

  /** Returns the example with no masked cell, for tests and embedding passes. */
  public static MaskedExample unmasked(TokenizedExample example) {
    return new MaskedExample(example, new boolean[example.cellCount()]);
  }

  public TokenizedExample example() {
    return example;
  }

  /** Returns the number of tokens. */
  public int size() {
    return maskedTokens.length;
  }

  public boolean isMasked(int token) {
    return maskedTokens[token];
  }

  public boolean isCellMasked(int cell) {
    return maskedCells[cell];
  }

  /** Returns the number of masked tokens. */
  public int maskedCount() {
    return maskedTokenCount;
  }

  public int maskedCellCount() {
    return maskedCellCount;
  }

  /** Returns the targets of the masked tokens that have one, in token order. */
  public List<CellTarget> targets() {
    List<CellTarget> targets = new ArrayList<>();
    for (int token = 0; token < maskedTokens.length; token++) {
      if (!maskedTokens[token] || !example.isMaskable(token)) {
        continue;
      }
      int cell = example.cellIndex(token);
      boolean numeric = example.hasRegressionTarget(token);
      targets.add(
          new CellTarget(
              cell,
              token,
              example.cellColumn(cell),
              numeric ? CellTarget.Type.BINNED_NUMERIC : CellTarget.Type.CLASS,
              example.targetClass(token),
              numeric ? example.targetValue(token) : 0f));
    }
    return targets;
  }

  @Override
  public String toString() {
    return "MaskedExample{" + example + ", " + maskedCellCount + " masked cells}";
  }
}
