package io.relstream.encoder;

import io.relstream.tokenize.TokenizedExample;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the additive attention bias of a batch from the rows, columns and foreign-key relations of
 * its tokens: 0 where a query may attend to a key and {@link #BLOCKED} where it may not. The bias is
 * built once per batch and every layer reuses it, so relational attention costs one attention per
 * layer. Stateless.
 */
final class AttentionBias {
  /** Column attention: a cell attends to the cells of the same column in every row. */
  static final int COLUMN = 0;

  /** Feature attention: a cell attends to the cells of its own row and of that row's parent rows. */
  static final int FEATURE = 1;

  /** Neighbour attention: a cell attends to the cells of its row's child rows. */
  static final int NEIGHBOUR = 2;

  /** Full attention: a cell attends to every cell of its example. */
  static final int FULL = 3;

  /**
   * The bias of a blocked pair. It is finite, so a softmax row that blocks everything would give
   * equal weights instead of NaN, although every query is allowed to attend to itself anyway.
   */
  static final float BLOCKED = -1e9f;

  /** {@link TokenizedExample#rowRole} of a parent row and of a child row. */
  private static final int ROLE_PARENT = 1;

  private static final int ROLE_CHILD = 2;

  private AttentionBias() {}

  /**
   * Returns the relational bias {@code [B, 4, L, L]} flat, indexed {@code ((b * 4 + group) * L +
   * query) * L + key}, with the groups {@link #COLUMN}, {@link #FEATURE}, {@link #NEIGHBOUR} and
   * {@link #FULL}. Padding keys are blocked in every group. Every query, padding included, may
   * attend to itself in every group, so a cell whose row has no child still has one key in the
   * neighbour group.
   */
  static float[] relational(TokenBatch batch) {
    int length = batch.length();
    int groups = EncoderConfig.ATTENTION_GROUPS;
    float[] bias = new float[batch.size() * groups * length * length];
    Arrays.fill(bias, BLOCKED);
    for (int b = 0; b < batch.size(); b++) {
      ExampleLayout layout = new ExampleLayout(batch, b);
      for (int query = 0; query < length; query++) {
        for (int key = 0; key < length; key++) {
          if (query == key) {
            for (int group = 0; group < groups; group++) {
              bias[index(b, group, query, key, length)] = 0f;
            }
          } else if (layout.real(query) && layout.real(key)) {
            allow(bias, b, query, key, length, layout);
          }
        }
      }
    }
    return bias;
  }

  private static void allow(
      float[] bias, int b, int query, int key, int length, ExampleLayout layout) {
    int queryRow = layout.rows[query];
    int keyRow = layout.rows[key];
    if (layout.columns[query] == layout.columns[key]) {
      bias[index(b, COLUMN, query, key, length)] = 0f;
    }
    if (queryRow == keyRow || layout.isParent(queryRow, keyRow)) {
      bias[index(b, FEATURE, query, key, length)] = 0f;
    }
    if (layout.isParent(keyRow, queryRow)) {
      bias[index(b, NEIGHBOUR, query, key, length)] = 0f;
    }
    bias[index(b, FULL, query, key, length)] = 0f;
  }

  /** Returns the key-padding bias {@code [B, 1, 1, L]} flat that full attention uses. */
  static float[] keyPadding(TokenBatch batch) {
    int length = batch.length();
    float[] bias = new float[batch.size() * length];
    for (int position = 0; position < bias.length; position++) {
      bias[position] = batch.isReal(position) ? 0f : BLOCKED;
    }
    return bias;
  }

  static int index(int b, int group, int query, int key, int length) {
    return ((b * EncoderConfig.ATTENTION_GROUPS + group) * length + query) * length + key;
  }

  /** Per token of one example its row and a column number, and per row pair the parent relation. */
  private static final class ExampleLayout {
    final int[] rows;
    final int[] columns;
    final boolean[] real;
    final boolean[][] parent;

    ExampleLayout(TokenBatch batch, int b) {
      int length = batch.length();
      TokenizedExample example = batch.example(b);
      rows = new int[length];
      columns = new int[length];
      real = new boolean[length];
      Map<String, Integer> columnNumbers = new HashMap<>();
      for (int t = 0; t < length; t++) {
        real[t] = batch.isReal(b * length + t);
        if (real[t]) {
          rows[t] = example.rowIndex(t);
          String column = example.cellColumn(example.cellIndex(t));
          columns[t] = columnNumbers.computeIfAbsent(column, name -> columnNumbers.size());
        }
      }
      parent = parentRelation(example);
    }

    boolean real(int token) {
      return real[token];
    }

    /** Returns whether row {@code candidate} is a parent of row {@code row}. */
    boolean isParent(int row, int candidate) {
      return parent[row][candidate];
    }

    /**
     * Returns {@code parent[r][p]}, true when row p is referenced by row r through a foreign key,
     * from each row's role relative to the row it was reached from.
     */
    private static boolean[][] parentRelation(TokenizedExample example) {
      int rowCount = example.rowCount();
      boolean[][] parent = new boolean[rowCount][rowCount];
      for (int row = 0; row < rowCount; row++) {
        int via = example.rowVia(row);
        if (via < 0) {
          continue;
        }
        if (example.rowRole(row) == ROLE_PARENT) {
          parent[via][row] = true;
        } else if (example.rowRole(row) == ROLE_CHILD) {
          parent[row][via] = true;
        }
      }
      return parent;
    }
  }
}
