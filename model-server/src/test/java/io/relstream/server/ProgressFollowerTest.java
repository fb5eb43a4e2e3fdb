package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProgressFollowerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void columnHitsReadsValidEntries() throws Exception {
    var hits = ProgressFollower.columnHits(MAPPER.readTree("{\"orders.amount\": {\"correct\": 2, \"targets\": 5},"
        + " \"orders.status\": {\"correct\": 0, \"targets\": 1}}"));

    assertThat(hits).containsOnlyKeys("orders.amount", "orders.status");
    assertThat(hits.get("orders.amount")).isEqualTo(new DashboardSeries.ColumnHits(2, 5));
  }

  @Test
  void columnHitsLeavesOutInvalidEntries() throws Exception {
    var hits = ProgressFollower.columnHits(MAPPER.readTree("{\"a.x\": {\"correct\": 3, \"targets\": 2},"
        + " \"a.y\": {\"correct\": \"1\", \"targets\": 2}, \"a.z\": 4, \"a.w\": {\"correct\": -1, \"targets\": 2}}"));

    assertThat(hits).isEmpty();
  }

  @Test
  void columnHitsOfOlderRecordIsEmpty() throws Exception {
    assertThat(ProgressFollower.columnHits(MAPPER.readTree("{\"step\": 1}").path("columnAccuracy"))).isEmpty();
  }
}
