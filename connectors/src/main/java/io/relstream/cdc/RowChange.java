package io.relstream.cdc;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One row change read from a database's change stream. Values are aligned with the table schema's
 * columns and use the Java types the tokenizer expects: Long for integers, Double for floating
 * point, String for text, Boolean, and Long epoch milliseconds for dates and timestamps.
 *
 * <p>{@code before} is null for inserts and snapshot reads; {@code after} is null for deletes.
 * Updates carry a before-image only when the table has REPLICA IDENTITY FULL.
 */
@TypeInfo(RowChangeSerializer.Factory.class)
public final class RowChange implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kind of change. Snapshot reads are inserts with {@link #snapshot()} set. */
  public enum Kind {
    INSERT,
    UPDATE,
    DELETE
  }

  private final String table;
  private final Kind kind;
  private final Object[] before;
  private final Object[] after;
  private final long commitTimeMillis;
  private final boolean snapshot;
  private final String problem;

  public RowChange(
      String table, Kind kind, Object[] before, Object[] after, long commitTimeMillis, boolean snapshot) {
    this(table, kind, before, after, commitTimeMillis, snapshot, null);
  }

  private RowChange(
      String table,
      Kind kind,
      Object[] before,
      Object[] after,
      long commitTimeMillis,
      boolean snapshot,
      String problem) {
    this.table = Objects.requireNonNull(table, "table");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.before = before;
    this.after = after;
    this.commitTimeMillis = commitTimeMillis;
    this.snapshot = snapshot;
    this.problem = problem;
    if (kind == Kind.DELETE ? before == null : after == null) {
      throw new IllegalArgumentException(kind + " of " + table + " lacks its row image");
    }
  }

  /**
   * Returns a change that the job cannot use, carrying the reason; the graph router sends it to the
   * dead-letter output. {@code rawValues} contains whatever the source record contained, as text.
   */
  public static RowChange unusable(
      String table, Kind kind, Object[] rawValues, long commitTimeMillis, String problem) {
    Objects.requireNonNull(problem, "problem");
    Object[] image = rawValues == null ? new Object[0] : rawValues;
    return new RowChange(
        table, kind, kind == Kind.DELETE ? image : null, kind == Kind.DELETE ? null : image,
        commitTimeMillis, false, problem);
  }

  /** Returns why the job cannot use this change, or null for a usable change. */
  public String problem() {
    return problem;
  }

  public String table() {
    return table;
  }

  public Kind kind() {
    return kind;
  }

  /** Returns the row before the change, or null when the change has none. */
  public Object[] before() {
    return before;
  }

  /** Returns the row after the change, or null for a delete. */
  public Object[] after() {
    return after;
  }

  /** Returns the row image that identifies the row: the after-image, or the before-image of a delete. */
  public Object[] current() {
    return after != null ? after : before;
  }

  /** Returns when the source committed the change, epoch milliseconds. */
  public long commitTimeMillis() {
    return commitTimeMillis;
  }

  /** Returns whether the change was read by the initial snapshot rather than from the log. */
  public boolean snapshot() {
    return snapshot;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RowChange change
        && table.equals(change.table)
        && kind == change.kind
        && Arrays.equals(before, change.before)
        && Arrays.equals(after, change.after)
        && commitTimeMillis == change.commitTimeMillis
        && snapshot == change.snapshot;
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, kind, Arrays.hashCode(before), Arrays.hashCode(after), commitTimeMillis);
  }

  @Override
  public String toString() {
    return kind + (snapshot ? "(snapshot) " : " ") + table + " " + Arrays.toString(current());
  }
}
