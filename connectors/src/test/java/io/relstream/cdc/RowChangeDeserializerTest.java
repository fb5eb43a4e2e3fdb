package io.relstream.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Conversion of Debezium's Kafka Connect records, built with Kafka Connect's own data classes. */
class RowChangeDeserializerTest {
  private static final long COMMIT_TIME = 1_700_000_000_000L;
  private static final Schema ROW = SchemaBuilder.struct().optional()
      .field("raceId", Schema.INT32_SCHEMA)
      .field("date", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
      .field("time", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
      .field("points", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("name", Schema.OPTIONAL_STRING_SCHEMA)
      .build();
  private static final Schema SOURCE = SchemaBuilder.struct()
      .field("table", Schema.STRING_SCHEMA)
      .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
      .build();
  private static final Schema ENVELOPE = SchemaBuilder.struct()
      .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
      .build();
  private static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(new TableSchema("races",
      List.of(column("raceId", SemanticType.KEY), column("date", SemanticType.TIMESTAMP),
          column("time", SemanticType.TIMESTAMP), column("points", SemanticType.NUMERIC),
          column("name", SemanticType.TEXT), column("added_later", SemanticType.TEXT)),
      List.of("raceId"), List.of(), "date", null)));

  @Test
  void insertConvertsDebeziumTypes() {
    RowChange change = deserialize("races", "c", null, row(18, 14_000, 21_600_000_000L, 2.5, "Monaco")).get(0);

    assertThat(change.kind()).isEqualTo(RowChange.Kind.INSERT);
    assertThat(change.snapshot()).isFalse();
    assertThat(change.commitTimeMillis()).isEqualTo(COMMIT_TIME);
    assertThat(change.after()).containsExactly(18L, 14_000L * 86_400_000L, 21_600_000L, 2.5, "Monaco", null);
  }

  @Test
  void snapshotReadIsInsert() {
    RowChange change = deserialize("races", "r", null, row(18, null, null, null, null)).get(0);

    assertThat(change.kind()).isEqualTo(RowChange.Kind.INSERT);
    assertThat(change.snapshot()).isTrue();
  }

  @Test
  void updateKeepsBeforeImage() {
    RowChange change = deserialize("races", "u", row(18, null, null, 1.0, "a"), row(18, null, null, 2.0, "a")).get(0);

    assertThat(change.kind()).isEqualTo(RowChange.Kind.UPDATE);
    assertThat(change.before()[3]).isEqualTo(1.0);
    assertThat(change.after()[3]).isEqualTo(2.0);
  }

  @Test
  void deleteCarriesBeforeImageOnly() {
    RowChange change = deserialize("races", "d", row(18, null, null, 1.0, "a"), null).get(0);

    assertThat(change.kind()).isEqualTo(RowChange.Kind.DELETE);
    assertThat(change.after()).isNull();
    assertThat(change.current()[0]).isEqualTo(18L);
  }

  @Test
  void unknownTableIsUnusable() {
    RowChange change = deserialize("laps", "c", null, row(1, null, null, null, "x")).get(0);

    assertThat(change.problem()).contains("not in the discovered schema");
    assertThat(change.current()).contains("name=x");
  }

  @Test
  void truncateIsUnusable() {
    RowChange change = deserialize("races", "t", null, null).get(0);

    assertThat(change.problem()).contains("'t'");
  }

  @Test
  void tombstoneIsSkipped() {
    List<RowChange> out = new ArrayList<>();
    new RowChangeDeserializer(SCHEMA).deserialize(
        new SourceRecord(Map.of(), Map.of(), "topic", null, null, null, null), new ListCollector<>(out));

    assertThat(out).isEmpty();
  }

  private static List<RowChange> deserialize(String table, String op, Struct before, Struct after) {
    Struct envelope = new Struct(ENVELOPE)
        .put("before", before).put("after", after).put("op", op)
        .put("source", new Struct(SOURCE).put("table", table).put("ts_ms", COMMIT_TIME));
    List<RowChange> out = new ArrayList<>();
    new RowChangeDeserializer(SCHEMA).deserialize(
        new SourceRecord(Map.of(), Map.of(), "topic", ENVELOPE, envelope), new ListCollector<>(out));
    assertThat(out).as("changes of one record").hasSize(1);
    return out;
  }

  private static Struct row(int raceId, Integer days, Long micros, Double points, String name) {
    return new Struct(ROW).put("raceId", raceId).put("date", days).put("time", micros).put("points", points).put("name", name);
  }

  private static ColumnSchema column(String name, SemanticType type) {
    return new ColumnSchema(name, "x", Types.OTHER, type, true);
  }
}
