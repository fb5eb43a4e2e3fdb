package io.relstream.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema discovery against a real PostgreSQL catalog. */
class SchemaDiscoveryITCase {
  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void createSchema() throws Exception {
    postgres = EmbeddedPostgresServer.start();
    try (Connection connection = postgres.connect("postgres"); Statement sql = connection.createStatement()) {
      sql.execute("CREATE TABLE races (\"raceId\" integer PRIMARY KEY, \"date\" date, name text, round smallint)");
      sql.execute("COMMENT ON COLUMN races.\"date\" IS 'relstream:time'");
      sql.execute("CREATE TABLE drivers (\"driverId\" integer PRIMARY KEY, code varchar(3), dob date, active boolean)");
      sql.execute("CREATE TABLE pit_stops (\"raceId\" integer REFERENCES races, \"driverId\" integer REFERENCES drivers,"
          + " stop integer, duration double precision, PRIMARY KEY (\"raceId\", \"driverId\", stop))");
      sql.execute("COMMENT ON TABLE pit_stops IS 'relstream:time_via=raceId->races.date'");
      sql.execute("CREATE TABLE red_flags (race text, lap integer)");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void compositeKeyAndForeignKeys() throws Exception {
    DatabaseSchema schema = discover(DiscoveryOptions.allTables("public")).schema();

    TableSchema pitStops = schema.table("pit_stops");
    assertThat(pitStops.primaryKey()).containsExactly("raceId", "driverId", "stop");
    assertThat(pitStops.foreignKeys()).containsExactlyInAnyOrder(
        new ForeignKey(List.of("raceId"), "races", List.of("raceId")),
        new ForeignKey(List.of("driverId"), "drivers", List.of("driverId")));
    assertThat(pitStops.column("stop").semanticType()).isEqualTo(SemanticType.KEY);
    assertThat(pitStops.column("duration").semanticType()).isEqualTo(SemanticType.NUMERIC);
    assertThat(pitStops.timeVia()).isEqualTo(new TimeVia("raceId", "races", "date"));
  }

  @Test
  void semanticTypesAndTimeColumn() throws Exception {
    DatabaseSchema schema = discover(DiscoveryOptions.allTables("public")).schema();

    TableSchema races = schema.table("races");
    assertThat(races.timeColumn()).isEqualTo("date");
    assertThat(races.column("date").semanticType()).isEqualTo(SemanticType.TIMESTAMP);
    assertThat(races.column("name").semanticType()).isEqualTo(SemanticType.TEXT);
    assertThat(races.column("round").semanticType()).isEqualTo(SemanticType.NUMERIC);
    TableSchema drivers = schema.table("drivers");
    assertThat(drivers.column("code").semanticType()).isEqualTo(SemanticType.CATEGORICAL);
    assertThat(drivers.column("active").semanticType()).isEqualTo(SemanticType.CATEGORICAL);
    assertThat(drivers.timeColumn()).isNull();
  }

  @Test
  void tableWithoutPrimaryKeyIsSkipped() throws Exception {
    DiscoveryResult result = discover(DiscoveryOptions.allTables("public"));

    assertThat(result.schema().contains("red_flags")).isFalse();
    assertThat(result.skipped()).extracting(SkippedTable::table).containsExactly("red_flags");
    assertThat(result.skipped().get(0).reason()).contains("no primary key");
  }

  @Test
  void foreignKeyToExcludedTableIsDropped() throws Exception {
    DiscoveryOptions options = new DiscoveryOptions("public", List.of("pit_stops", "drivers"), Map.of(), Map.of());
    TableSchema pitStops = discover(options).schema().table("pit_stops");

    assertThat(pitStops.foreignKeys()).extracting(ForeignKey::referencedTable).containsExactly("drivers");
    assertThat(pitStops.timeVia()).isNull();
  }

  @Test
  void overridesReplaceCatalogComments() throws Exception {
    DiscoveryOptions options = new DiscoveryOptions("public", List.of(), Map.of("drivers", "dob"), Map.of());
    assertThat(discover(options).schema().table("drivers").timeColumn()).isEqualTo("dob");
  }

  @Test
  void unknownRequestedTableFails() {
    DiscoveryOptions options = new DiscoveryOptions("public", List.of("nope"), Map.of(), Map.of());
    assertThatThrownBy(() -> discover(options)).hasMessageContaining("nope");
  }

  private static DiscoveryResult discover(DiscoveryOptions options) throws Exception {
    try (Connection connection = postgres.connect("postgres")) {
      return SchemaDiscovery.discover(connection, options);
    }
  }
}
