package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small dataset in the loader's format with known broken rows: a duplicate key, foreign
 * keys without a parent, a row with too many fields, a short row, a NULL key and a key that is not
 * an integer. Tables: teams, players (-> teams), matches (two keys -> teams), goals (composite key,
 * -> matches and players) and notes (no primary key).
 */
final class SyntheticDataset {

  private SyntheticDataset() {}

  static final String SCHEMA_JSON = """
      {
       "null_token": "\\\\N",
       "tables": {
        "players": {"file": "players.csv", "pkey": ["playerId"], "fkeys": {"teamId": "teams"},
                    "time_col": "joined", "rows": 8, "columns": ["playerId", "teamId", "name", "joined"]},
        "teams": {"file": "teams.csv", "pkey": ["teamId"], "fkeys": {}, "rows": 2, "columns": ["teamId", "name"]},
        "matches": {"file": "matches.csv", "pkey": ["matchId"], "fkeys": {"homeTeam": "teams", "awayTeam": "teams"},
                    "time_col": "date", "rows": 2, "columns": ["matchId", "homeTeam", "awayTeam", "date", "kickoff"]},
        "goals": {"file": "goals.csv", "pkey": ["matchId", "playerId", "minute"],
                  "fkeys": {"matchId": "matches", "playerId": "players"}, "time_via": "matchId->matches.date",
                  "rows": 5, "columns": ["matchId", "playerId", "minute", "xg"]},
        "notes": {"file": "notes.csv", "pkey": null, "fkeys": {}, "rows": 2, "columns": ["Note", "Score"]}
       }
      }
      """;

  /** Writes the dataset into {@code directory} and returns it. */
  static Path write(Path directory) throws IOException {
    write(directory, "schema.json", SCHEMA_JSON);
    write(directory, "teams.csv", """
        teamId,name
        1,"Red, Blue"
        2,"The ""Greens\"""
        """);
    // Rows 3 to 8: duplicate key, orphan team, too many fields, NULL key, team not an integer, short row.
    write(directory, "players.csv", """
        playerId,teamId,name,joined
        1,1,"Ann",2020-01-05
        2,2,"Bo",2021-03-01
        2,1,"Dup",2021-03-02
        3,9,"Orphan",2021-04-01
        4,1,"Extra",2021-01-01,x
        \\N,1,"NullKey",2021-01-01
        5,x1,"BadTeam",2021-01-01
        6,1
        """);
    write(directory, "matches.csv", """
        matchId,homeTeam,awayTeam,date,kickoff
        10,1,2,2024-05-01,18:30:00
        11,2,1,2024-05-08,\\N
        """);
    // Row 3 repeats row 1's key, row 4 references the rejected player 3 and row 5 an unknown match.
    write(directory, "goals.csv", """
        matchId,playerId,minute,xg
        10,1,12,0.25
        10,2,40,1
        10,1,12,0.5
        11,3,70,0.1
        99,1,5,0.3
        """);
    write(directory, "notes.csv", "\uFEFFNote,Score\n\"first, with comma\",3\n,\n");
    return directory;
  }

  /**
   * Checks the report of loading or replaying all tables of the dataset: the rows loaded per table,
   * the rejected rows in file order and the table without a primary key.
   */
  static void assertReport(LoadReport report) {
    assertThat(report.rowsLoaded()).containsExactly(
        entry("teams", 2L), entry("players", 3L), entry("matches", 2L), entry("goals", 2L), entry("notes", 2L));
    assertThat(report.rejectedRows()).extracting(RejectedRow::table, RejectedRow::key).containsExactly(
        tuple("players", "playerId=2"), tuple("players", "playerId=3"), tuple("players", "playerId=4"),
        tuple("players", "playerId=NULL"), tuple("players", "playerId=5"),
        tuple("goals", "matchId=10, playerId=1, minute=12"), tuple("goals", "matchId=11, playerId=3, minute=70"),
        tuple("goals", "matchId=99, playerId=1, minute=5"));
    assertThat(report.tablesWithoutPrimaryKey()).containsExactly("notes");
  }

  private static void write(Path directory, String file, String content) throws IOException {
    Files.writeString(directory.resolve(file), content, StandardCharsets.UTF_8);
  }
}
