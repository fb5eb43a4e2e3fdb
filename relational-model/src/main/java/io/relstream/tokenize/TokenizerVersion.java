package io.relstream.tokenize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One frozen set of column statistics that examples are tokenized with: quantile bin edges,
 * medians and scales of numeric and timestamp columns, vocabularies of categorical columns, and
 * each column's kind and target flag. A version never changes, so every example tokenized with it
 * gets the same ids for the same values. The tokenizer builds a new version from its live sketches
 * on a schedule. A model snapshot keeps the version its embeddings were computed with. Immutable
 * and thread-safe.
 */
public final class TokenizerVersion {
  private static final byte FORMAT = 1;

  private final long number;
  private final long rowsObserved;
  private final Map<String, ColumnVersion> columns;

  TokenizerVersion(long number, long rowsObserved, List<ColumnVersion> columns) {
    this.number = number;
    this.rowsObserved = rowsObserved;
    Map<String, ColumnVersion> byName = new LinkedHashMap<>();
    for (ColumnVersion column : columns) {
      byName.put(column.column, column);
    }
    this.columns = Collections.unmodifiableMap(byName);
  }

  /** Returns the version number: 0 before any statistics, then 1, 2 and so on. */
  public long number() {
    return number;
  }

  /** Returns the number of rows the sketches had observed when this version was built. */
  public long rowsObserved() {
    return rowsObserved;
  }

  /** Returns the columns ({@code table.column}) that count as identifiers and are no targets. */
  public SortedSet<String> identifierColumns() {
    SortedSet<String> identifiers = new TreeSet<>();
    for (ColumnVersion column : columns.values()) {
      if (column.identifier) {
        identifiers.add(column.column);
      }
    }
    return identifiers;
  }

  /** Returns how a column ({@code table.column}) is tokenized. */
  public ColumnKind kind(String column) {
    return column(column).kind;
  }

  /** Returns whether a column's cells can be prediction targets. */
  public boolean isTarget(String column) {
    return column(column).target;
  }

  /** Returns the vocabulary of a categorical column by slot, with null for a free slot. */
  public List<String> vocabulary(String column) {
    return Collections.unmodifiableList(Arrays.asList(column(column).slots.clone()));
  }

  /** Returns the upper bin edges of a numeric or timestamp column, empty before any value. */
  public double[] binEdges(String column) {
    return column(column).edges.clone();
  }

  /** Returns the median of a numeric or timestamp column. */
  public double median(String column) {
    return column(column).median;
  }

  /** Returns the scale that normalizes a numeric or timestamp column: its interquartile range. */
  public double scale(String column) {
    return column(column).scale;
  }

  /** Returns the names ({@code table.column}) of the columns in schema order. */
  public List<String> columnNames() {
    return new ArrayList<>(columns.keySet());
  }

  /**
   * One column's part of a version in plain values, for formats other than {@link #toBytes()}, such
   * as a model manifest.
   *
   * @param column the column as {@code table.column}
   * @param kind how the column is tokenized
   * @param identifier whether the column counts as an identifier and is no prediction target
   * @param count the number of values the statistics were built from
   * @param binEdges upper quantile bin edges in increasing order, empty for categorical and text
   *     columns
   * @param median the median of a numeric or timestamp column
   * @param scale the positive scale that normalizes a numeric or timestamp column: its IQR, or a
   *     fallback when the IQR is zero
   * @param vocabulary the value of each vocabulary slot, with null for a free slot
   */
  public record ColumnStatistics(
      String column,
      ColumnKind kind,
      boolean identifier,
      long count,
      double[] binEdges,
      double median,
      double scale,
      List<String> vocabulary) {}

  /** Returns every column's statistics in schema order. */
  public List<ColumnStatistics> columnStatistics() {
    List<ColumnStatistics> statistics = new ArrayList<>();
    for (ColumnVersion column : columns.values()) {
      statistics.add(
          new ColumnStatistics(
              column.column,
              column.kind,
              column.identifier,
              column.count,
              column.edges.clone(),
              column.median,
              column.scale,
              Collections.unmodifiableList(Arrays.asList(column.slots.clone()))));
    }
    return statistics;
  }

  /**
   * Rebuilds a version from the statistics that {@link #columnStatistics()} returned; the result
   * equals the original.
   */
  public static TokenizerVersion of(
      long number, long rowsObserved, List<ColumnStatistics> statistics) {
    List<ColumnVersion> columns = new ArrayList<>();
    for (ColumnStatistics column : statistics) {
      columns.add(
          new ColumnVersion(
              column.column(),
              column.kind(),
              column.identifier(),
              column.count(),
              column.binEdges(),
              column.median(),
              column.scale(),
              column.vocabulary().toArray(new String[0])));
    }
    return new TokenizerVersion(number, rowsObserved, columns);
  }

  /** Returns a column's statistics, or null when this version lacks the column. */
  ColumnVersion find(String column) {
    return columns.get(column);
  }

  ColumnVersion column(String column) {
    ColumnVersion version = columns.get(column);
    if (version == null) {
      throw new IllegalArgumentException(
          "Tokenizer version " + number + " has no column " + column);
    }
    return version;
  }

  /** Returns the version in a binary form that {@link #fromBytes} reads. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(number);
      out.writeLong(rowsObserved);
      out.writeInt(columns.size());
      for (ColumnVersion column : columns.values()) {
        column.write(out);
      }
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw, so this would be a bug.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a version written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes have another format or are truncated
   */
  public static TokenizerVersion fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "Unsupported tokenizer version format " + format + ": this tokenizer reads " + FORMAT);
      }
      long number = in.readLong();
      long rows = in.readLong();
      int count = in.readInt();
      List<ColumnVersion> columns = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        columns.add(ColumnVersion.read(in));
      }
      return new TokenizerVersion(number, rows, columns);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException invalid) {
        throw invalid;
      }
      throw new IllegalArgumentException(
          "Invalid tokenizer version of " + bytes.length + " bytes: " + e, e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenizerVersion that
        && number == that.number
        && rowsObserved == that.rowsObserved
        && columns.equals(that.columns);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(number) * 31 + columns.hashCode();
  }

  @Override
  public String toString() {
    return "TokenizerVersion{" + number + ", " + rowsObserved + " rows, identifiers "
        + identifierColumns() + "}";
  }
}
