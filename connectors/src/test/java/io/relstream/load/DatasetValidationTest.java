package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs planning and row validation on the synthetic dataset without a database. */
class DatasetValidationTest {

  @TempDir Path directory;

  private final Map<String, List<String[]>> accepted = new LinkedHashMap<>();
  private final List<RejectedRow> rejected = new ArrayList<>();
  private final Map<String, Long> padded = new HashMap<>();

  @Test
  void planOrdersParentsFirstAndAlignsKeyTypes() throws IOException {
    List<TablePlan> plans = plan(List.of());

    assertThat(plans).extracting(TablePlan::name).containsExactly("teams", "players", "matches", "goals", "notes");
    TablePlan players = plans.get(1);
    // The values include 'x1', so inference alone would make teamId text.
    assertThat(players.type("teamId")).isEqualTo(ColumnType.INTEGER);
    assertThat(players.type("joined")).isEqualTo(ColumnType.DATE);
    assertThat(players.type("name")).isEqualTo(ColumnType.TEXT);
    TablePlan matches = plans.get(2);
    assertThat(matches.types()).containsExactly(
        ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DATE, ColumnType.TIME);
    assertThat(plans.get(3).type("xg")).isEqualTo(ColumnType.DOUBLE);
    assertThat(plans.get(4).types()).containsExactly(ColumnType.TEXT, ColumnType.INTEGER);
  }

  @Test
  void planWithSelectionAddsParents() throws IOException {
    assertThat(plan(List.of("goals"))).extracting(TablePlan::name)
        .containsExactly("teams", "players", "matches", "goals");
  }

  @Test
  void badRowsAreRejectedWithKeyAndReason() throws IOException, SQLException {
    validate(true);

    assertThat(rejected).extracting(RejectedRow::table, RejectedRow::key, RejectedRow::reason).containsExactly(
        tuple("players", "playerId=2", "duplicate primary key (row 3)"),
        tuple("players", "playerId=3", "foreign key teamId=9 has no row in table teams (row 4)"),
        tuple("players", "playerId=4", "row has 5 fields, expected 4 as in the header (row 5)"),
        tuple("players", "playerId=NULL", "primary key column playerId is NULL (row 6)"),
        tuple("players", "playerId=5", "value 'x1' of column teamId is not a valid integer (row 7)"),
        tuple("goals", "matchId=10, playerId=1, minute=12", "duplicate primary key (row 3)"),
        tuple("goals", "matchId=11, playerId=3, minute=70",
            "foreign key playerId=3 has no row in table players (row 4)"),
        tuple("goals", "matchId=99, playerId=1, minute=5",
            "foreign key matchId=99 has no row in table matches (row 5)"));
  }

  @Test
  void validRowsPassInFileOrder() throws IOException, SQLException {
    validate(true);

    assertThat(accepted.get("teams")).hasSize(2);
    assertThat(accepted.get("teams").get(1)).containsExactly("2", "The \"Greens\"");
    assertThat(accepted.get("players")).extracting(row -> row[0]).containsExactly("1", "2", "6");
    assertThat(accepted.get("matches")).hasSize(2);
    assertThat(accepted.get("goals")).extracting(row -> row[2]).containsExactly("12", "40");
    assertThat(accepted.get("notes")).hasSize(2);
    assertThat(accepted.get("notes").get(1)).containsExactly(null, null);
  }

  @Test
  void shortRowIsPaddedWithNull() throws IOException, SQLException {
    validate(true);

    assertThat(accepted.get("players").get(2)).containsExactly("6", "1", null, null);
    assertThat(padded).containsOnly(Map.entry("players", 1L));
  }

  @Test
  void shortRowIsRejectedWithoutPadding() throws IOException, SQLException {
    validate(false);

    assertThat(accepted.get("players")).extracting(row -> row[0]).containsExactly("1", "2");
    assertThat(rejected).filteredOn(row -> row.table().equals("players")).last()
        .extracting(RejectedRow::key, RejectedRow::reason)
        .containsExactly("playerId=6", "row has 2 fields, expected 4 as in the header (row 8)");
    assertThat(padded).isEmpty();
  }

  @Test
  void keylessRejectionNamesRow() throws IOException, SQLException {
    Files.writeString(SyntheticDataset.write(directory).resolve("teams.csv"), "teamId,name\n1,a\n\n,\n");
    Files.writeString(directory.resolve("goals.csv"), "matchId,playerId,minute,xg\n10\n");

    validate(false);

    assertThat(rejected).filteredOn(row -> row.table().equals("teams"))
        .extracting(RejectedRow::key, RejectedRow::reason)
        .containsExactly(tuple("teamId=NULL", "primary key column teamId is NULL (row 2)"));
    assertThat(rejected).filteredOn(row -> row.table().equals("goals"))
        .extracting(RejectedRow::key)
        .containsExactly("row 1");
  }

  @Test
  void rejectionsBeyondLogLimitAreReported() throws IOException, SQLException {
    StringBuilder teams = new StringBuilder("teamId,name\n");
    for (int i = 0; i < RejectionLog.LOGGED_ROWS_PER_TABLE + 5; i++) {
      teams.append("1,team\n");
    }
    Files.writeString(SyntheticDataset.write(directory).resolve("teams.csv"), teams);

    validate(true);

    assertThat(accepted.get("teams")).hasSize(1);
    assertThat(rejected).filteredOn(row -> row.table().equals("teams")).hasSize(RejectionLog.LOGGED_ROWS_PER_TABLE + 4);
  }

  private List<TablePlan> plan(List<String> selection) throws IOException {
    Path dataset = Files.exists(directory.resolve("schema.json")) ? directory : SyntheticDataset.write(directory);
    return LoadPlanner.plan(dataset, DatasetSchema.read(dataset), selection);
  }

  private void validate(boolean padShortRows) throws IOException, SQLException {
    Map<String, Set<Object>> loadedKeys = new HashMap<>();
    for (TablePlan plan : plan(List.of())) {
      List<String[]> rows = new ArrayList<>();
      RowSink sink = new RowSink() {
        @Override
        public void accept(String[] row) {
          rows.add(row);
        }

        @Override
        public void finish() {}
      };
      TableReader.Result result = TableReader.read(plan, "\\N", loadedKeys, padShortRows, sink);
      assertThat(result.loaded()).isEqualTo(rows.size());
      accepted.put(plan.name(), rows);
      rejected.addAll(result.rejected());
      if (result.padded() > 0) {
        padded.put(plan.name(), result.padded());
      }
    }
  }
}
