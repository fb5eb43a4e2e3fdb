package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.relstream.load.DatasetSchema.TableSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the F1 dataset and a synthetic dataset with broken rows into a real PostgreSQL 14. */
class DatasetLoaderITCase {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetLoaderITCase.class);

  @RegisterExtension
  static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class F1Dataset {

    private Path dataset;
    private DatasetSchema schema;
    private LoadReport report;
    private Connection connection;

    @BeforeAll
    void load() throws IOException, SQLException {
      dataset = F1DatasetProperty.directoryOrSkip("the F1 load");
      schema = DatasetSchema.read(dataset);
      POSTGRES.server().createDatabase("f1");
      connection = POSTGRES.server().connect("f1");
      report = DatasetLoader.load(dataset, connection, LoadOptions.defaults());
      LOG.info("Loaded the F1 dataset ({} rows) in {} ms", report.totalRowsLoaded(), report.elapsedMillis());
    }

    @AfterAll
    void closeConnection() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }

    @Test
    void rowCountsMatchSchema() throws SQLException {
      for (TableSpec table : schema.tables().values()) {
        assertThat(report.rowsLoaded(table.name())).as("rows loaded into %s", table.name()).isEqualTo(table.rows());
        assertThat(TestCatalog.count(connection, "public", table.name())).as("count(*) of %s", table.name())
            .isEqualTo(table.rows());
      }
      assertThat(report.rejectedRows()).isEmpty();
      assertThat(report.totalRowsLoaded()).isEqualTo(115_052);
    }

    @Test
    void shortRacesRowsArePadded() throws SQLException {
      assertThat(report.paddedRows()).containsOnly(entry("races", 24L));
      String sql = "SELECT \"fp1_date\", \"sprint_time\" FROM races WHERE \"raceId\" = 1168";
      assertThat(TestCatalog.query(connection, sql))
          .containsExactly(Arrays.asList(null, null));
    }

    @Test
    void tablesWithoutPrimaryKeyAreListed() {
      assertThat(report.tablesWithoutPrimaryKey()).containsExactlyInAnyOrder(
          "red_flags", "safety_cars", "fatal_accidents_drivers", "fatal_accidents_marshalls");
    }

    @Test
    void columnTypes() throws SQLException {
      assertThat(TestCatalog.columnType(connection, "public", "races", "date")).isEqualTo("date");
      assertThat(TestCatalog.columnType(connection, "public", "races", "time")).isEqualTo("time without time zone");
      assertThat(TestCatalog.columnType(connection, "public", "results", "points")).isEqualTo("double precision");
      assertThat(TestCatalog.columnType(connection, "public", "results", "fastestLapTime")).isEqualTo("text");
      assertThat(TestCatalog.columnType(connection, "public", "drivers", "driverId")).isEqualTo("integer");
      assertThat(TestCatalog.columnType(connection, "public", "drivers", "dob")).isEqualTo("date");
      assertThat(TestCatalog.columnType(connection, "public", "circuits", "lat")).isEqualTo("double precision");
      assertThat(TestCatalog.columnType(connection, "public", "fatal_accidents_drivers", "Age")).isEqualTo("integer");
      assertThat(TestCatalog.columnType(connection, "public", "fatal_accidents_drivers", "Date Of Accident"))
          .isEqualTo("text");
    }

    @Test
    void primaryKeys() throws SQLException {
      assertThat(TestCatalog.primaryKey(connection, "public", "drivers")).containsExactly("driverId");
      assertThat(TestCatalog.primaryKey(connection, "public", "pit_stops"))
          .containsExactly("raceId", "driverId", "stop");
      for (TableSpec table : schema.tables().values()) {
        assertThat(TestCatalog.primaryKey(connection, "public", table.name())).as("primary key of %s", table.name())
            .isEqualTo(table.primaryKey());
      }
    }

    @Test
    void foreignKeys() throws SQLException {
      assertThat(TestCatalog.foreignKeys(connection, "public", "results")).containsOnly(
          entry("raceId", "races.raceId"), entry("driverId", "drivers.driverId"),
          entry("constructorId", "constructors.constructorId"), entry("statusId", "status.statusId"));
      for (TableSpec table : schema.tables().values()) {
        assertThat(TestCatalog.foreignKeys(connection, "public", table.name()).keySet())
            .as("foreign key columns of %s", table.name())
            .containsExactlyInAnyOrderElementsOf(table.foreignKeys().keySet());
      }
    }

    @Test
    void replicaIdentityIsFull() throws SQLException {
      for (String table : schema.tables().keySet()) {
        assertThat(TestCatalog.replicaIdentity(connection, "public", table)).as("replica identity of %s", table)
            .isEqualTo("f");
      }
    }

    @Test
    void timeCommentsAreInCatalog() throws SQLException {
      assertThat(TestCatalog.columnComment(connection, "public", "races", "date"))
          .isEqualTo(CatalogComments.TIME_COLUMN);
      assertThat(TestCatalog.columnComment(connection, "public", "races", "time")).isNull();
      assertThat(TestCatalog.tableComment(connection, "public", "results"))
          .isEqualTo(CatalogComments.TIME_VIA_PREFIX + "raceId->races.date");
      assertThat(TestCatalog.tableComment(connection, "public", "pit_stops"))
          .isEqualTo("relstream:time_via=raceId->races.date");
      assertThat(TestCatalog.tableComment(connection, "public", "drivers")).isNull();
    }

    @Test
    void valuesRoundTrip() throws SQLException {
      assertThat(TestCatalog.query(connection,
          "SELECT \"driverRef\", \"number\"::text, \"code\", \"dob\"::text FROM drivers WHERE \"driverId\" IN (1, 2)"
              + " ORDER BY \"driverId\""))
          .containsExactly(List.of("hamilton", "44", "HAM", "1985-01-07"),
              Arrays.asList("heidfeld", null, "HEI", "1977-05-10"));
      assertThat(TestCatalog.query(connection,
          "SELECT \"Name\" FROM fatal_accidents_marshalls WHERE \"Name\" LIKE 'Gü%'"))
          .containsExactly(List.of("Günther Schneider"));
    }
  }

  @Nested
  class SyntheticData {

    @TempDir Path datasetDirectory;

    @Test
    void reportListsBadRowsAndLoadsGoodOnes() throws IOException, SQLException {
      Path dataset = SyntheticDataset.write(datasetDirectory);
      POSTGRES.server().createDatabase("synthetic_report");
      try (Connection connection = POSTGRES.server().connect("synthetic_report")) {
        LoadReport report = DatasetLoader.load(dataset, connection, LoadOptions.defaults().withSchema("league"));

        SyntheticDataset.assertReport(report);
        assertThat(report.rejectedRows("goals").get(2).reason())
            .isEqualTo("foreign key matchId=99 has no row in table matches (row 5)");
        assertThat(report.paddedRows()).containsOnly(entry("players", 1L));
        assertThat(connection.getAutoCommit()).isTrue();

        assertThat(TestCatalog.query(connection,
            "SELECT \"playerId\"::text, \"teamId\"::text, \"name\", \"joined\"::text FROM league.players ORDER BY 1"))
            .containsExactly(List.of("1", "1", "Ann", "2020-01-05"), List.of("2", "2", "Bo", "2021-03-01"),
                Arrays.asList("6", "1", null, null));
        assertThat(TestCatalog.query(connection, "SELECT \"name\" FROM league.teams ORDER BY \"teamId\""))
            .containsExactly(List.of("Red, Blue"), List.of("The \"Greens\""));
        assertThat(TestCatalog.query(connection, "SELECT \"Note\", \"Score\"::text FROM league.notes ORDER BY 2"))
            .containsExactly(List.of("first, with comma", "3"), Arrays.asList(null, null));
        assertThat(TestCatalog.foreignKeys(connection, "league", "matches"))
            .containsOnly(entry("homeTeam", "teams.teamId"), entry("awayTeam", "teams.teamId"));
        assertThat(TestCatalog.primaryKey(connection, "league", "goals"))
            .containsExactly("matchId", "playerId", "minute");
        assertThat(TestCatalog.columnType(connection, "league", "matches", "kickoff"))
            .isEqualTo("time without time zone");
        assertThat(TestCatalog.columnComment(connection, "league", "players", "joined"))
            .isEqualTo(CatalogComments.TIME_COLUMN);
        assertThat(TestCatalog.tableComment(connection, "league", "goals"))
            .isEqualTo("relstream:time_via=matchId->matches.date");
      }
    }

    @Test
    void existingTablesNeedDropExisting() throws IOException, SQLException {
      Path dataset = SyntheticDataset.write(datasetDirectory);
      POSTGRES.server().createDatabase("synthetic_reload");
      try (Connection connection = POSTGRES.server().connect("synthetic_reload")) {
        DatasetLoader.load(dataset, connection, LoadOptions.defaults());
        try (var statement = connection.createStatement()) {
          statement.execute("DELETE FROM notes");
        }

        assertThatThrownBy(() -> DatasetLoader.load(dataset, connection, LoadOptions.defaults()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("already exist in schema public")
            .hasMessageContaining("dropExisting");
        assertThat(TestCatalog.count(connection, "public", "notes")).isZero();

        LoadReport reload = DatasetLoader.load(dataset, connection, LoadOptions.defaults().withDropExisting(true));

        assertThat(reload.rowsLoaded("notes")).isEqualTo(2);
        assertThat(TestCatalog.count(connection, "public", "notes")).isEqualTo(2);
        assertThat(TestCatalog.count(connection, "public", "players")).isEqualTo(3);
      }
    }

    @Test
    void tableSelectionLoadsReferencedTables() throws IOException, SQLException {
      Path dataset = SyntheticDataset.write(datasetDirectory);
      POSTGRES.server().createDatabase("synthetic_subset");
      try (Connection connection = POSTGRES.server().connect("synthetic_subset")) {
        LoadReport report = DatasetLoader.load(dataset, connection,
            LoadOptions.defaults().withTables(List.of("matches")).withBatchSize(1));

        assertThat(report.rowsLoaded()).containsOnlyKeys("teams", "matches");
        assertThat(TestCatalog.tables(connection, "public")).containsExactly("matches", "teams");
      }
    }

    @Test
    void failedLoadLeavesNothingBehind() throws IOException, SQLException {
      Path dataset = SyntheticDataset.write(datasetDirectory);
      POSTGRES.server().createDatabase("synthetic_failure");
      try (Connection connection = POSTGRES.server().connect("synthetic_failure")) {
        try (var statement = connection.createStatement()) {
          statement.execute("CREATE SCHEMA league");
          statement.execute("CREATE TABLE league.other (id integer)");
          // CREATE TABLE goals also creates a row type named goals, so the load fails after three tables.
          statement.execute("CREATE TYPE league.goals AS ENUM ('scored')");
        }

        assertThatThrownBy(() -> DatasetLoader.load(dataset, connection, LoadOptions.defaults().withSchema("league")))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("type \"goals\" already exists");

        assertThat(TestCatalog.tables(connection, "league")).containsExactly("other");
        assertThat(connection.getAutoCommit()).isTrue();
      }
    }
  }
}
