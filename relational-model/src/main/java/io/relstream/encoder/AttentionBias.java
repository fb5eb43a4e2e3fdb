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

  /** Relation of a key's row to the query's row: the same row, the query included. */
  static final int SAME_ROW = 0;

  /** Relation of a key's row to the query's row: a parent of it. */
  static final int PARENT_ROW = 1;

  /** Relation of a key's row to the query's row: a child of it. */
  static final int CHILD_ROW = 2;

  /** Relation of a key's row to the query's row: any other row of the example. */
  static final int OTHER_ROW = 3;

  /** Number of row relations, the channels that follow the groups in the relational bias. */
  static final int RELATIONS = 4;

  /** Channels of the relational bias: the head groups' masks, then the row relations. */
  static final int CHANNELS = EncoderConfig.ATTENTION_GROUPS + RELATIONS;

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
   * Returns the relational bias {@code [B, CHANNELS, L, L]} flat, indexed {@code ((b * CHANNELS +
   * channel) * L + query) * L + key}. The first channels are the masks of the groups {@link
   * #COLUMN}, {@link #FEATURE}, {@link #NEIGHBOUR} and {@link #FULL}: padding keys are blocked in
   * every group, and every query, padding included, may attend to itself in every group, so a cell
   * whose row has no child still has one key in the neighbour group. The {@link #RELATIONS}
   * channels after them hold 1 where the key's row has that relation to the query's row, {@link
   * #SAME_ROW} to {@link #OTHER_ROW}, and 0 elsewhere and for padding; the encoder's layers turn
   * them into a learned bias per head.
   */
  static float[] relational(TokenBatch batch) {
    int length = batch.length();
    float[] bias = new float[batch.size() * CHANNELS * length * length];
    for (int b = 0; b < batch.size(); b++) {
      int groupsEnd = index(b, EncoderConfig.ATTENTION_GROUPS, 0, 0, length);
      Arrays.fill(bias, index(b, 0, 0, 0, length), groupsEnd, BLOCKED);
      ExampleLayout layout = new ExampleLayout(batch, b);
      for (int query = 0; query < length; query++) {
        for (int key = 0; key < length; key++) {
          if (query == key) {
            for (int group = 0; group < EncoderConfig.ATTENTION_GROUPS; group++) {
              bias[index(b, group, query, key, length)] = 0f;
            }
          } else if (layout.real(query) && layout.real(key)) {
            allow(bias, b, query, key, length, layout);
          }
          if (layout.real(query) && layout.real(key)) {
            int relation = EncoderConfig.ATTENTION_GROUPS + layout.relation(query, key);
            bias[index(b, relation, query, key, length)] = 1f;
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
    return ((b * CHANNELS + group) * length + query) * length + key;
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

    /** Returns the relation of the key's row to the query's row, {@link #SAME_ROW} and so on. */
    int relation(int query, int key) {
      int queryRow = rows[query];
      int keyRow = rows[key];
      if (queryRow == keyRow) {
        return SAME_ROW;
      }
      if (parent[queryRow][keyRow]) {
        return PARENT_ROW;
      }
      return parent[keyRow][queryRow] ? CHILD_ROW : OTHER_ROW;
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
