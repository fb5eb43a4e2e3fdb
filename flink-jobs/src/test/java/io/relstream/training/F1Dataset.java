package io.relstream.training;

import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.load.DatasetSchema;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The F1 dataset in memory, with examples built the way the job builds them: a seed row, its
 * parents at or before the seed time, and up to {@value #CHILDREN} most recent children per child
 * table at or before the seed time. Column types are inferred from the CSV values as the loader
 * infers them, so text columns are TEXT as they are after {@code relstream load}. Read-only.
 */
final class F1Dataset {
  static final String PROPERTY = "relstream.dataset.f1";
  static final int CHILDREN = 8;

  /** The commit time that timeless seeds (drivers, circuits) are described at. */
  static final long COMMIT_TIME = LocalDate.of(2025, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}");

  private final DatabaseSchema schema;
  private final Map<String, Map<String, Row>> rowsByKey;
  private final Map<String, List<ChildIndex>> childIndexes;

  /** One loaded row with its key and event time. */
  private record Row(String table, String key, long eventTime, Object[] values) {}

  /** The children of each parent key through one foreign key, most recent first. */
  private record ChildIndex(String childTable, Map<String, List<Row>> byParent) {}

  private F1Dataset(DatabaseSchema schema, Map<String, Map<String, Row>> rowsByKey,
      Map<String, List<ChildIndex>> childIndexes) {
    this.schema = schema;
    this.rowsByKey = rowsByKey;
    this.childIndexes = childIndexes;
  }

  /** Returns the dataset directory from the system property, or null when it is not set. */
  static Path location() {
    String path = System.getProperty(PROPERTY);
    return path == null ? null : Path.of(path);
  }

  static F1Dataset load(Path directory) throws IOException {
    DatasetSchema dataset = DatasetSchema.read(directory);
    Map<String, List<String[]>> raw = new LinkedHashMap<>();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<TableSchema> tables = new ArrayList<>();
    for (DatasetSchema.TableSpec spec : dataset.tables().values()) {
      if (!spec.hasPrimaryKey()) {
        continue;
      }
      List<String> header = new ArrayList<>();
      raw.put(spec.name(), readCsv(directory.resolve(spec.file()), dataset.nullToken(), header));
      headers.put(spec.name(), header);
      tables.add(tableSchema(spec, dataset, header, raw.get(spec.name())));
    }
    DatabaseSchema schema = new DatabaseSchema(tables);
    Map<String, Map<String, Row>> rowsByKey = new LinkedHashMap<>();
    for (TableSchema table : schema.tablesParentsFirst()) {
      rowsByKey.put(table.name(), rows(table, raw.get(table.name()), rowsByKey));
    }
    return new F1Dataset(schema, rowsByKey, childIndexes(schema, rowsByKey));
  }

  DatabaseSchema schema() {
    return schema;
  }

  /** Returns {@code count} examples whose seeds are a random sample of all rows without repeats. */
  List<Example> examples(int count, long seed) {
    List<Row> all = new ArrayList<>();
    rowsByKey.values().forEach(rows -> all.addAll(rows.values()));
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = all.size() - 1; i > 0; i--) {
      Collections.swap(all, i, random.nextInt(i + 1));
    }
    List<Example> examples = new ArrayList<>(count);
    for (int i = 0; i < count && i < all.size(); i++) {
      examples.add(example(all.get(i)));
    }
    return examples;
  }

  /**
   * Returns the examples of up to {@code count} rows whose event time is in {@code [fromMillis,
   * toMillis)}, chosen at random with {@code seed} and without repeats. Rows without an event time
   * (drivers, circuits) are never chosen. Every context row is visible at its seed's time.
   */
  List<Example> examplesDated(long fromMillis, long toMillis, int count, long seed) {
    List<Row> dated = new ArrayList<>();
    for (Map<String, Row> rows : rowsByKey.values()) {
      for (Row row : rows.values()) {
        if (row.eventTime() != EventTime.TIMELESS
            && row.eventTime() >= fromMillis
            && row.eventTime() < toMillis) {
          dated.add(row);
        }
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = dated.size() - 1; i > 0; i--) {
      Collections.swap(dated, i, random.nextInt(i + 1));
    }
    List<Example> examples = new ArrayList<>(Math.min(count, dated.size()));
    for (int i = 0; i < count && i < dated.size(); i++) {
      examples.add(example(dated.get(i)));
    }
    return examples;
  }

  private Example example(Row seed) {
    long seedTime = seed.eventTime() == EventTime.TIMELESS ? COMMIT_TIME : seed.eventTime();
    TableSchema table = schema.table(seed.table());
    List<ExampleRow> rows = new ArrayList<>();
    rows.add(new ExampleRow(seed.table(), seed.key(), RowRole.SEED, 0, seed.eventTime(), seed.values()));
    for (ForeignKey fk : table.foreignKeys()) {
      Object value = seed.values()[table.columnIndex(fk.columns().get(0))];
      Row parent = value == null ? null : rowsByKey.get(fk.referencedTable()).get(value.toString());
      if (parent != null && EventTime.visibleAt(parent.eventTime(), seedTime)) {
        rows.add(new ExampleRow(parent.table(), parent.key(), RowRole.PARENT, 1, parent.eventTime(), parent.values()));
      }
    }
    for (ChildIndex index : childIndexes.getOrDefault(seed.table(), List.of())) {
      int added = 0;
      for (Row child : index.byParent().getOrDefault(seed.key(), List.of())) {
        if (added < CHILDREN && EventTime.visibleAt(child.eventTime(), seedTime)) {
          rows.add(new ExampleRow(child.table(), child.key(), RowRole.CHILD, 1, child.eventTime(), child.values()));
          added++;
        }
      }
    }
    return new Example(seed.table(), seed.key(), seedTime, seedTime, rows);
  }

  private static List<String[]> readCsv(Path file, String nullToken, List<String> header) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.DEFAULT.parse(reader)) {
      for (CSVRecord record : parser) {
        String[] values = record.values();
        if (header.isEmpty()) {
          header.addAll(List.of(values));
          continue;
        }
        for (int i = 0; i < values.length; i++) {
          if (nullToken.equals(values[i])) {
            values[i] = null;
          }
        }
        rows.add(values);
      }
    }
    return rows;
  }

  private static TableSchema tableSchema(
      DatasetSchema.TableSpec spec, DatasetSchema dataset, List<String> header, List<String[]> rows) {
    List<ColumnSchema> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      boolean key = spec.primaryKey().contains(name) || spec.foreignKeys().containsKey(name);
      columns.add(key ? new ColumnSchema(name, "int8", Types.BIGINT, SemanticType.KEY, false) : infer(name, i, rows));
    }
    List<ForeignKey> foreignKeys = new ArrayList<>();
    // DatasetSchema checks that every referenced table has a single-column primary key.
    spec.foreignKeys().forEach((column, parent) -> foreignKeys.add(
        new ForeignKey(List.of(column), parent, dataset.tables().get(parent).primaryKey())));
    TimeVia timeVia = spec.timeVia() == null ? null : TimeVia.parse(spec.timeVia());
    return new TableSchema(spec.name(), columns, spec.primaryKey(), foreignKeys, spec.timeColumn(), timeVia);
  }

  private static ColumnSchema infer(String name, int index, List<String[]> rows) {
    boolean integer = true;
    boolean decimal = true;
    boolean date = true;
    boolean time = true;
    for (String[] row : rows) {
      String value = index < row.length ? row[index] : null;
      if (value == null) {
        continue;
      }
      integer &= INTEGER.matcher(value).matches();
      decimal &= DECIMAL.matcher(value).matches();
      date &= DATE.matcher(value).matches();
      time &= TIME.matcher(value).matches();
    }
    if (integer) {
      return new ColumnSchema(name, "int8", Types.BIGINT, SemanticType.NUMERIC, true);
    }
    if (decimal) {
      return new ColumnSchema(name, "float8", Types.DOUBLE, SemanticType.NUMERIC, true);
    }
    if (date) {
      return new ColumnSchema(name, "date", Types.DATE, SemanticType.TIMESTAMP, true);
    }
    if (time) {
      return new ColumnSchema(name, "time", Types.TIME, SemanticType.TIMESTAMP, true);
    }
    return new ColumnSchema(name, "text", Types.VARCHAR, SemanticType.TEXT, true);
  }

  private static Map<String, Row> rows(TableSchema table, List<String[]> raw, Map<String, Map<String, Row>> loaded) {
    Map<String, Row> rows = new LinkedHashMap<>();
    int[] keyIndexes = table.primaryKeyIndexes();
    for (String[] fields : raw) {
      Object[] values = new Object[table.columns().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = convert(table.columns().get(i), i < fields.length ? fields[i] : null);
      }
      StringBuilder key = new StringBuilder();
      for (int k = 0; k < keyIndexes.length; k++) {
        key.append(k == 0 ? "" : "|").append(values[keyIndexes[k]]);
      }
      rows.put(key.toString(), new Row(table.name(), key.toString(), eventTime(table, values, loaded), values));
    }
    return rows;
  }

  private static long eventTime(TableSchema table, Object[] values, Map<String, Map<String, Row>> loaded) {
    if (table.timeColumn() != null) {
      Object time = values[table.columnIndex(table.timeColumn())];
      return time == null ? EventTime.TIMELESS : (Long) time;
    }
    TimeVia via = table.timeVia();
    if (via != null) {
      Object parentKey = values[table.columnIndex(via.foreignKeyColumn())];
      Row parent = parentKey == null ? null : loaded.get(via.table()).get(parentKey.toString());
      return parent == null ? EventTime.TIMELESS : parent.eventTime();
    }
    return EventTime.TIMELESS;
  }

  private static Object convert(ColumnSchema column, String value) {
    if (value == null || value.isEmpty() && column.semanticType() != SemanticType.TEXT) {
      return null;
    }
    if (column.semanticType() == SemanticType.KEY || column.jdbcType() == Types.BIGINT) {
      return INTEGER.matcher(value).matches() ? Long.parseLong(value) : value;
    }
    return switch (column.jdbcType()) {
      case Types.DOUBLE -> Double.parseDouble(value);
      case Types.DATE -> LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      case Types.TIME -> (long) LocalTime.parse(value).toSecondOfDay() * 1000;
      case Types.TIMESTAMP -> LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
      default -> value;
    };
  }

  private static Map<String, List<ChildIndex>> childIndexes(DatabaseSchema schema, Map<String, Map<String, Row>> rowsByKey) {
    Map<String, List<ChildIndex>> indexes = new HashMap<>();
    Comparator<Row> newestFirst = Comparator.comparingLong(Row::eventTime).reversed().thenComparing(Row::key);
    for (TableSchema child : schema.tables()) {
      for (ForeignKey fk : child.foreignKeys()) {
        int column = child.columnIndex(fk.columns().get(0));
        Map<String, List<Row>> byParent = new HashMap<>();
        for (Row row : rowsByKey.get(child.name()).values()) {
          Object parentKey = row.values()[column];
          if (parentKey != null) {
            byParent.computeIfAbsent(parentKey.toString(), key -> new ArrayList<>()).add(row);
          }
        }
        byParent.values().forEach(rows -> rows.sort(newestFirst));
        indexes.computeIfAbsent(fk.referencedTable(), table -> new ArrayList<>())
            .add(new ChildIndex(child.name(), byParent));
      }
    }
    return indexes;
  }
}
