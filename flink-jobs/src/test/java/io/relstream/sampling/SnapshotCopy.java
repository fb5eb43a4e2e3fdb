package io.relstream.sampling;

import io.relstream.example.EventTime;
import io.relstream.graph.ChildEntry;
import io.relstream.graph.NodeKeys;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.TableSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An in-memory copy of a database's captured tables, read through JDBC, as a static graph: every
 * row with its values in the job's Java types, its event time, its parents and its children. The
 * values are converted as the CDC deserializer converts them (integers to Long, floats and
 * decimals to Double, dates to epoch milliseconds at midnight UTC, timestamps without zone read as
 * UTC, times as milliseconds of the day).
 */
final class SnapshotCopy {

  /** One row of the copy. */
  record Node(String id, Object[] values, long eventTime, Map<String, String> parents) {}

  private final Map<String, Node> nodes = new HashMap<>();
  /** Parent node id to child table to children. */
  private final Map<String, Map<String, List<ChildEntry>>> children = new HashMap<>();

  private SnapshotCopy() {}

  /** Reads every captured table. Rows that take their time through a foreign key get the referenced row's time. */
  static SnapshotCopy read(Connection connection, DatabaseSchema schema) throws SQLException {
    SnapshotCopy copy = new SnapshotCopy();
    Map<String, List<Object[]>> rows = new LinkedHashMap<>();
    for (TableSchema table : schema.tablesParentsFirst()) {
      rows.put(table.name(), readTable(connection, table));
    }
    for (TableSchema table : schema.tablesParentsFirst()) {
      for (Object[] values : rows.get(table.name())) {
        copy.add(schema, table, values);
      }
    }
    return copy;
  }

  private void add(DatabaseSchema schema, TableSchema table, Object[] values) {
    String id = NodeKeys.nodeId(table.name(), NodeKeys.keyOf(table, values));
    Map<String, String> parents = new LinkedHashMap<>();
    for (ForeignKey fk : table.foreignKeys()) {
      String parentKey = NodeKeys.parentKeyOf(schema, table, fk, values);
      if (parentKey != null) {
        parents.put(fk.edgeName(), NodeKeys.nodeId(fk.referencedTable(), parentKey));
      }
    }
    long eventTime = eventTime(schema, table, values);
    nodes.put(id, new Node(id, values, eventTime, parents));
    for (String parent : parents.values()) {
      children.computeIfAbsent(parent, p -> new TreeMap<>())
          .computeIfAbsent(table.name(), t -> new ArrayList<>())
          .add(new ChildEntry(id, eventTime));
    }
  }

  private long eventTime(DatabaseSchema schema, TableSchema table, Object[] values) {
    if (table.timeColumn() != null) {
      return requireTime(table, values[table.columnIndex(table.timeColumn())]);
    }
    if (table.timeVia() == null) {
      return EventTime.TIMELESS;
    }
    ForeignKey fk = table.foreignKeyOn(table.timeVia().foreignKeyColumn()).orElseThrow();
    String parent = NodeKeys.nodeId(fk.referencedTable(), NodeKeys.parentKeyOf(schema, table, fk, values));
    Node parentNode = nodes.get(parent);
    if (parentNode == null) {
      throw new IllegalStateException("No time source " + parent + " for a row of " + table.name());
    }
    return parentNode.eventTime();
  }

  private static long requireTime(TableSchema table, Object value) {
    if (value instanceof Long millis) {
      return millis;
    }
    // The job would take the commit time, which a static copy cannot know.
    throw new IllegalStateException("A row of " + table.name() + " has no time value: " + value);
  }

  private static List<Object[]> readTable(Connection connection, TableSchema table) throws SQLException {
    String columns = table.columns().stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", "));
    List<Object[]> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT " + columns + " FROM \"" + table.name() + "\"")) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Object[] values = new Object[table.columns().size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = convert(result, i + 1, meta.getColumnType(i + 1));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  private static Object convert(ResultSet result, int column, int jdbcType) throws SQLException {
    if (result.getObject(column) == null) {
      return null;
    }
    return switch (jdbcType) {
      case Types.DATE -> result.getObject(column, LocalDate.class).toEpochDay() * 86_400_000L;
      case Types.TIMESTAMP -> result.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli();
      case Types.TIME -> result.getObject(column, LocalTime.class).toNanoOfDay() / 1_000_000L;
      default -> convertPlain(result.getObject(column));
    };
  }

  private static Object convertPlain(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    return value;
  }

  Node node(String id) {
    return nodes.get(id);
  }

  /** Returns the node's children by child table, in table name order. */
  Map<String, List<ChildEntry>> childrenOf(String id) {
    return children.getOrDefault(id, Map.of());
  }

  /** Returns the node ids of a table. */
  List<String> idsOf(String table) {
    return nodes.keySet().stream().filter(id -> NodeKeys.tableOf(id).equals(table)).sorted().toList();
  }

  /** Returns the largest event time of any row. */
  long maxEventTime() {
    return nodes.values().stream().mapToLong(Node::eventTime).max().orElse(EventTime.TIMELESS);
  }
}
