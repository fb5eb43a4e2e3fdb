package io.relstream.tokenize;

import java.util.Arrays;

/**
 * The class ids that a column's masked cells can be predicted as, which the training loss keeps
 * while it masks every other logit. Stateless.
 */
final class ColumnClasses {
  /** Every special value id that {@link ValueIds#isClassTarget} accepts. */
  private static final int[] SPECIAL_TARGETS = {
    ValueIds.NULL, ValueIds.NAN, ValueIds.POS_INF, ValueIds.NEG_INF, ValueIds.EMPTY, ValueIds.OOV
  };

  private ColumnClasses() {}

  /**
   * Returns the sorted class ids of a column: every special target id, then its kind's ordinary
   * ids. Those are all quantile bins for numeric, timestamp and time-of-day columns, the used
   * vocabulary slots for categorical columns, and all hashed buckets for long text, whose word
   * pieces are their buckets. The specials are allowed for every kind because one column may hold a
   * NULL, an empty string or a NaN whatever its kind.
   */
  static int[] of(ColumnVersion column, TokenizerConfig config) {
    int[] ids =
        switch (column.kind) {
          case NUMERIC, TIMESTAMP, TIME_OF_DAY -> range(config.firstBinId(), config.numericBins());
          case CATEGORICAL -> usedSlots(column, config);
          case TEXT_BAG -> range(config.firstBucketId(), config.hashBuckets());
        };
    int[] all = Arrays.copyOf(SPECIAL_TARGETS, SPECIAL_TARGETS.length + ids.length);
    System.arraycopy(ids, 0, all, SPECIAL_TARGETS.length, ids.length);
    Arrays.sort(all);
    return all;
  }

  private static int[] range(int first, int count) {
    int[] ids = new int[count];
    for (int i = 0; i < count; i++) {
      ids[i] = first + i;
    }
    return ids;
  }

  private static int[] usedSlots(ColumnVersion column, TokenizerConfig config) {
    int[] ids = new int[column.slots.length];
    int used = 0;
    for (int slot = 0; slot < column.slots.length; slot++) {
      if (column.slots[slot] != null) {
        ids[used++] = config.firstSlotId() + slot;
      }
    }
    return Arrays.copyOf(ids, used);
  }
}
