package io.relstream.cdc;

import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns Debezium change records into {@link RowChange}s aligned with the discovered schema. A record
 * of a table outside the schema becomes an unusable change with its reason instead of an exception, so
 * that one odd record cannot fail the job.
 */
public final class RowChangeDeserializer implements DebeziumDeserializationSchema<RowChange> {
  private static final long serialVersionUID = 1L;

  private final DatabaseSchema schema;

  public RowChangeDeserializer(DatabaseSchema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  @Override
  public void deserialize(SourceRecord record, Collector<RowChange> out) {
    if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
      return; // Tombstones and heartbeats carry no row.
    }
    String op = value.getString("op");
    Struct source = value.getStruct("source");
    String table = source.getString("table");
    long commitTime = commitTimeOf(source);
    RowChange.Kind kind = kindOf(op);
    if (kind == null) {
      out.collect(RowChange.unusable(table, RowChange.Kind.UPDATE, null, commitTime,
          "Debezium operation '" + op + "' (for example a TRUNCATE) is not supported"));
      return;
    }
    if (!schema.contains(table)) {
      Struct image = kind == RowChange.Kind.DELETE ? value.getStruct("before") : value.getStruct("after");
      out.collect(RowChange.unusable(table, kind, rawValues(image), commitTime, "table is not in the discovered schema"));
      return;
    }
    TableSchema tableSchema = schema.table(table);
    Object[] before = align(tableSchema, value.getStruct("before"));
    Object[] after = align(tableSchema, value.getStruct("after"));
    boolean snapshot = "r".equals(value.getString("op"));
    out.collect(new RowChange(table, kind, before, after, commitTime, snapshot));
  }

  /** Returns the kind of a Debezium operation, or null for one without a row (truncate, message). */
  private static RowChange.Kind kindOf(String op) {
    switch (op) {
      case "c":
      case "r":
        return RowChange.Kind.INSERT;
      case "u":
        return RowChange.Kind.UPDATE;
      case "d":
        return RowChange.Kind.DELETE;
      default:
        return null;
    }
  }

  /** Returns the commit time; snapshot reads carry none, so the time of the read is used instead. */
  private static long commitTimeOf(Struct source) {
    Long commitTime = source.getInt64("ts_ms");
    return commitTime == null || commitTime <= 0 ? System.currentTimeMillis() : commitTime;
  }

  private static Object[] align(TableSchema table, Struct image) {
    if (image == null) {
      return null;
    }
    List<ColumnSchema> columns = table.columns();
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      Field field = image.schema().field(columns.get(i).name());
      if (field != null) {
        values[i] = ConnectValues.convert(field.schema(), image.get(field));
      }
    }
    return values;
  }

  private static Object[] rawValues(Struct image) {
    if (image == null) {
      return null;
    }
    List<Field> fields = image.schema().fields();
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      Object value = image.get(fields.get(i));
      values[i] = value == null ? null : fields.get(i).name() + "=" + value;
    }
    return values;
  }

  @Override
  public TypeInformation<RowChange> getProducedType() {
    return TypeInformation.of(RowChange.class);
  }
}
