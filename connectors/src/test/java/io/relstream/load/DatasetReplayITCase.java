package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.relstream.load.DatasetSchema.TableSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays datasets into a real PostgreSQL 14 and reads the insert order back from the write-ahead
 * log through a logical replication slot with the test_decoding plugin.
 */
class DatasetReplayITCase {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetReplayITCase.class);
  private static final String SLOT = "replay_order";
  private static final Pattern INSERT = Pattern.compile("^table (\\w+)\\.(\\w+): INSERT: ");
  private static final Pattern RACE_ID = Pattern.compile("\"raceId\"\\[integer\\]:(\\d+)");
  private static final Pattern RACE_DATE = Pattern.compile(" date\\[date\\]:'([^']*)'");

  @RegisterExtension
  static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  @Test
  void syntheticReplayMatchesNormalLoad(@TempDir Path datasetDirectory) throws Exception {
    Path dataset = SyntheticDataset.write(datasetDirectory);
    POSTGRES.server().createDatabase("synthetic_replay");
    try (Connection connection = POSTGRES.server().connect("synthetic_replay")) {
      List<ReplayedRow> committed = new ArrayList<>();
      List<ReplayProgress> progress = new ArrayList<>();
      ReplayListener listener = new ReplayListener() {
        @Override
        public void rowsCommitted(List<ReplayedRow> rows) {
          committed.addAll(rows);
        }

        @Override
        public void progress(ReplayProgress update) {
          progress.add(update);
        }
      };
      ReplayOptions options = ReplayOptions.of(LoadOptions.defaults().withSchema("league"))
          .withRowsPerSecond(1_000).withProgressInterval(Duration.ZERO);

      LoadReport report = DatasetReplayer.replay(dataset, connection, options, listener);

      SyntheticDataset.assertReport(report);
      assertThat(committed).extracting(ReplayedRow::table, ReplayedRow::key, ReplayedRow::eventTime).containsExactly(
          tuple("players", "playerId=1", "2020-01-05"),
          tuple("players", "playerId=2", "2021-03-01"),
          tuple("matches", "matchId=10", "2024-05-01"),
          tuple("goals", "matchId=10, playerId=1, minute=12", "2024-05-01"),
          tuple("goals", "matchId=10, playerId=2, minute=40", "2024-05-01"),
          tuple("matches", "matchId=11", "2024-05-08"),
          tuple("players", "playerId=6", null));
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1).rowsCommitted()).isEqualTo(7);
      assertThat(progress.get(progress.size() - 1).rowsTotal()).isEqualTo(7);
      assertThat(connection.getAutoCommit()).isTrue();
      assertThat(TestCatalog.count(connection, "league", "goals")).isEqualTo(2);
      assertThat(TestCatalog.foreignKeys(connection, "league", "goals"))
          .containsOnly(entry("matchId", "matches.matchId"), entry("playerId", "players.playerId"));
      assertThat(TestCatalog.replicaIdentity(connection, "league", "goals")).isEqualTo("f");
      assertThat(TestCatalog.tableComment(connection, "league", "goals"))
          .isEqualTo("relstream:time_via=matchId->matches.date");
    }
  }

  @Test
  void f1ReplayIsInEventTimeOrder() throws Exception {
    Path dataset = F1DatasetProperty.directoryOrSkip("the F1 replay");
    DatasetSchema schema = DatasetSchema.read(dataset);
    POSTGRES.server().createDatabase("f1_snapshot");
    POSTGRES.server().createDatabase("f1_replay");
    try (Connection snapshot = POSTGRES.server().connect("f1_snapshot");
        Connection replay = POSTGRES.server().connect("f1_replay")) {
      LoadReport loaded = DatasetLoader.load(dataset, snapshot, LoadOptions.defaults());
      execute(replay, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'test_decoding')");
      // 100 rows per transaction keep the test short; the order within and across transactions is the same.
      LoadReport replayed = DatasetReplayer.replay(dataset, replay,
          ReplayOptions.of(LoadOptions.defaults()).withBatchRows(100), ReplayListener.NONE);
      LOG.info("Replayed the F1 dataset ({} rows) in {} ms", replayed.totalRowsLoaded(), replayed.elapsedMillis());

      assertThat(replayed.rowsLoaded()).isEqualTo(loaded.rowsLoaded());
      assertThat(replayed.rejectedRows()).isEmpty();
      for (TableSpec table : schema.tables().values()) {
        assertThat(TestCatalog.count(replay, "public", table.name())).as("count(*) of %s", table.name())
            .isEqualTo(TestCatalog.count(snapshot, "public", table.name()));
      }
      assertInsertOrder(decodedInserts(replay), schema);
      execute(replay, "SELECT pg_drop_replication_slot('" + SLOT + "')");
    }
  }

  /**
   * Checks the decoded inserts: the tables without event time come first, race dates never
   * decrease, and every row with a raceId comes after its race and carries the latest race date.
   */
  private static void assertInsertOrder(List<String> inserts, DatasetSchema schema) {
    Set<String> timedTables = new HashSet<>();
    schema.tables().values().stream().filter(table -> table.foreignKeys().containsValue("races")
        || "races".equals(table.name())).forEach(table -> timedTables.add(table.name()));
    Map<Long, String> raceDates = new HashMap<>();
    String latestDate = "";
    boolean timedStarted = false;
    long racesSeen = 0;
    long childrenSeen = 0;
    for (String insert : inserts) {
      Matcher header = INSERT.matcher(insert);
      assertThat(header.find()).as("decoded change %s", insert).isTrue();
      String table = header.group(2);
      if (!timedTables.contains(table)) {
        assertThat(timedStarted).as("insert into untimed table %s after a timed row", table).isFalse();
        continue;
      }
      timedStarted = true;
      long raceId = Long.parseLong(find(RACE_ID, insert));
      if (table.equals("races")) {
        String date = find(RACE_DATE, insert);
        assertThat(date).as("date of race %d", raceId).isGreaterThanOrEqualTo(latestDate);
        latestDate = date;
        raceDates.put(raceId, date);
        racesSeen++;
      } else {
        assertThat(raceDates).as("race %d before a row of %s", raceId, table).containsKey(raceId);
        assertThat(raceDates.get(raceId)).as("race date of a %s row", table).isEqualTo(latestDate);
        childrenSeen++;
      }
    }
    assertThat(racesSeen).isEqualTo(1_149);
    assertThat(childrenSeen).isEqualTo(113_168 - 1_149);
  }

  private static String find(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
    return matcher.group(1);
  }

  private static List<String> decodedInserts(Connection connection) throws SQLException {
    List<String> inserts = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT data FROM pg_logical_slot_get_changes('" + SLOT
            + "', NULL, NULL) WHERE data LIKE 'table %'")) {
      while (rows.next()) {
        inserts.add(rows.getString(1));
      }
    }
    return inserts;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
