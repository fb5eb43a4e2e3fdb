package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.load.DatasetSchema.TableSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DdlStatementsTest {

  private static final TableSpec RACES = new TableSpec(
      "races", "races.csv", List.of("raceId"), Map.of(), "date", null, 2, List.of("raceId", "date"));
  private static final TableSpec PIT_STOPS = new TableSpec("pit_stops", "pit_stops.csv",
      List.of("raceId", "driverId", "stop"), Map.of("raceId", "races"), null, "raceId->races.date", 3,
      List.of("raceId", "driverId", "stop", "duration"));

  private static final TablePlan RACES_PLAN = new TablePlan(
      RACES, Path.of("races.csv"), RACES.columns(), List.of(ColumnType.INTEGER, ColumnType.DATE));
  private static final TablePlan PIT_STOPS_PLAN = new TablePlan(PIT_STOPS, Path.of("pit_stops.csv"),
      PIT_STOPS.columns(), List.of(ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.TEXT));

  @Test
  void identifiersAreQuotedAndEscaped() {
    assertThat(DdlStatements.quoteIdentifier("driverId")).isEqualTo("\"driverId\"");
    assertThat(DdlStatements.quoteIdentifier("odd\"name")).isEqualTo("\"odd\"\"name\"");
    assertThat(DdlStatements.quoteLiteral("it's")).isEqualTo("'it''s'");
  }

  @Test
  void createTableWithCompositeKey() {
    assertThat(DdlStatements.createTable("f1", PIT_STOPS_PLAN)).isEqualTo(
        "CREATE TABLE \"f1\".\"pit_stops\" (\"raceId\" integer, \"driverId\" integer, \"stop\" integer,"
            + " \"duration\" text, PRIMARY KEY (\"raceId\", \"driverId\", \"stop\"))");
  }

  @Test
  void createTableWithoutKey() {
    TableSpec notes = new TableSpec("notes", "notes.csv", List.of(), Map.of(), null, null, -1, List.of());
    TablePlan plan = new TablePlan(notes, Path.of("notes.csv"), List.of("Note"), List.of(ColumnType.TEXT));

    assertThat(DdlStatements.createTable("public", plan))
        .isEqualTo("CREATE TABLE \"public\".\"notes\" (\"Note\" text)");
  }

  @Test
  void foreignKeyReferencesParentKey() {
    assertThat(DdlStatements.addForeignKeys("public", PIT_STOPS_PLAN, Map.of("races", RACES, "pit_stops", PIT_STOPS)))
        .containsExactly("ALTER TABLE \"public\".\"pit_stops\" ADD FOREIGN KEY (\"raceId\")"
            + " REFERENCES \"public\".\"races\" (\"raceId\")");
  }

  @Test
  void timeComments() {
    assertThat(DdlStatements.timeComments("public", RACES_PLAN))
        .containsExactly("COMMENT ON COLUMN \"public\".\"races\".\"date\" IS 'relstream:time'");
    assertThat(DdlStatements.timeComments("public", PIT_STOPS_PLAN))
        .containsExactly("COMMENT ON TABLE \"public\".\"pit_stops\" IS 'relstream:time_via=raceId->races.date'");
  }

  @Test
  void replicaIdentityAndCopy() {
    assertThat(DdlStatements.replicaIdentityFull("public", RACES_PLAN))
        .isEqualTo("ALTER TABLE \"public\".\"races\" REPLICA IDENTITY FULL");
    assertThat(DdlStatements.copyFromStdin("public", RACES_PLAN))
        .isEqualTo("COPY \"public\".\"races\" (\"raceId\", \"date\") FROM STDIN WITH (FORMAT csv)");
    assertThat(DdlStatements.dropTables("public", List.of("races", "pit_stops")))
        .isEqualTo("DROP TABLE IF EXISTS \"public\".\"races\", \"public\".\"pit_stops\" CASCADE");
  }
}
