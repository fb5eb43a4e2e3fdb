package io.relstream.tokenize;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The part of one tokenizer version that describes one content column: how it is tokenized, whether it is a
 * prediction target and, by kind, its quantile bin edges with median and scale, or its vocabulary
 * slots. Immutable after construction.
 */
final class ColumnVersion {
  /** Normalized values are clipped to this magnitude, so one outlier cannot dominate the loss. */
  static final float MAX_ABS_NORMALIZED = 5f;

  final String column;
  final ColumnKind kind;
  final boolean target;

  /** Whether the column counted as an identifier, by its statistics or by configuration. */
  final boolean identifier;

  /** Number of values the statistics were built from. */
  final long count;

  /** Upper bin edges in increasing order: bin i contains values in (edge[i-1], edge[i]]. */
  final double[] edges;

  final double median;

  /** Interquartile range, or a fallback when it is zero; always positive. */
  final double scale;

  /** The vocabulary: the value of each slot, null for a free slot. */
  final String[] slots;

  private final Map<String, Integer> slotByValue;

  /** The class ids of {@link ColumnClasses#of}, computed at first use; a race computes equal arrays. */
  private volatile int[] classIds;

  ColumnVersion(
      String column,
      ColumnKind kind,
      boolean identifier,
      long count,
      double[] edges,
      double median,
      double scale,
      String[] slots) {
    this.column = column;
    this.kind = kind;
    this.identifier = identifier;
    this.target = !identifier;
    this.count = count;
    this.edges = edges.clone();
    this.median = median;
    this.scale = scale > 0 && Double.isFinite(scale) ? scale : 1;
    this.slots = slots.clone();
    this.slotByValue = new HashMap<>();
    for (int slot = 0; slot < slots.length; slot++) {
      if (slots[slot] != null) {
        slotByValue.put(slots[slot], slot);
      }
    }
  }

  /**
   * Returns the bin in {@code [0, bins)} of a finite value: the number of edges below it, or the
   * middle bin before the column had values.
   */
  int bin(double value, int bins) {
    if (count == 0 || edges.length == 0) {
      return bins / 2;
    }
    int low = 0;
    int high = edges.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (edges[middle] < value) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return Math.min(low, bins - 1);
  }

  /**
   * Returns {@code (value - median) / scale} clipped to {@link #MAX_ABS_NORMALIZED}, or 0 before
   * the column had values.
   */
  float normalized(double value) {
    if (count == 0) {
      return 0f;
    }
    double z = (value - median) / scale;
    if (Double.isNaN(z)) {
      return 0f;
    }
    return (float) Math.max(-MAX_ABS_NORMALIZED, Math.min(MAX_ABS_NORMALIZED, z));
  }

  /** Returns the vocabulary slot of a value key, or -1 when the vocabulary lacks it. */
  int slot(String key) {
    Integer slot = slotByValue.get(key);
    return slot == null ? -1 : slot;
  }

  /** Returns the class ids that the column's cells can be predicted as; the caller must not change them. */
  int[] classIds(TokenizerConfig config) {
    int[] ids = classIds;
    if (ids == null) {
      ids = ColumnClasses.of(this, config);
      classIds = ids;
    }
    return ids;
  }

  int vocabularySize() {
    return slotByValue.size();
  }

  void write(DataOutput out) throws IOException {
    out.writeUTF(column);
    out.writeByte(kind.ordinal());
    out.writeBoolean(identifier);
    out.writeLong(count);
    out.writeInt(edges.length);
    for (double edge : edges) {
      out.writeDouble(edge);
    }
    out.writeDouble(median);
    out.writeDouble(scale);
    out.writeInt(slots.length);
    for (String value : slots) {
      out.writeBoolean(value != null);
      if (value != null) {
        out.writeUTF(value);
      }
    }
  }

  static ColumnVersion read(DataInput in) throws IOException {
    String column = in.readUTF();
    ColumnKind kind = ColumnKind.values()[in.readByte()];
    boolean identifier = in.readBoolean();
    long count = in.readLong();
    double[] edges = new double[in.readInt()];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = in.readDouble();
    }
    double median = in.readDouble();
    double scale = in.readDouble();
    String[] slots = new String[in.readInt()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = in.readBoolean() ? in.readUTF() : null;
    }
    return new ColumnVersion(column, kind, identifier, count, edges, median, scale, slots);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ColumnVersion that
        && column.equals(that.column)
        && kind == that.kind
        && identifier == that.identifier
        && count == that.count
        && Arrays.equals(edges, that.edges)
        && Double.compare(median, that.median) == 0
        && Double.compare(scale, that.scale) == 0
        && Arrays.equals(slots, that.slots);
  }

  @Override
  public int hashCode() {
    return column.hashCode() * 31 + Long.hashCode(count);
  }
}
