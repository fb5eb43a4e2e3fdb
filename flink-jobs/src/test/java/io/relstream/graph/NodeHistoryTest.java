package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.EventTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounded version history of a node's row and of its child samples. */
class NodeHistoryTest {
  private static final long DAY = 86_400_000L;

  @Test
  void rowAsOfReturnsVersionOfThatTime() {
    NodeRow row = new NodeRow();
    HistoryBounds bounds = new HistoryBounds(8, 10 * DAY, 64);
    row.add(version("a", 100), bounds);
    row.add(version("b", 300), bounds);

    assertThat(row.asOf(99)).isNull();
    assertThat(row.beyondHistory(99)).as("before the first version of an untruncated history").isFalse();
    assertThat(row.asOf(100).values).containsExactly("a");
    assertThat(row.asOf(299).values).containsExactly("a");
    assertThat(row.asOf(300).values).containsExactly("b");
  }

  @Test
  void laterCommitAtEarlierTimeReplacesVersions() {
    NodeRow row = new NodeRow();
    HistoryBounds bounds = new HistoryBounds(8, 10 * DAY, 64);
    row.add(version("a", 100), bounds);
    row.add(version("b", 300), bounds);
    row.add(version("corrected", 100), bounds);

    assertThat(row.versions).hasSize(1);
    assertThat(row.asOf(400).values).containsExactly("corrected");
    assertThat(row.truncated).as("exact pruning loses nothing").isFalse();
  }

  @Test
  void timelessRowKeepsOnlyLatest() {
    NodeRow row = new NodeRow();
    HistoryBounds bounds = new HistoryBounds(8, DAY, 64);
    row.add(version("a", EventTime.TIMELESS), bounds);
    row.add(version("b", EventTime.TIMELESS), bounds);

    assertThat(row.versions).hasSize(1);
    assertThat(row.asOf(Long.MIN_VALUE).values).containsExactly("b");
  }

  @Test
  void retentionDropsVersionsBeforeHorizon() {
    NodeRow row = new NodeRow();
    HistoryBounds bounds = new HistoryBounds(8, DAY, 64);
    row.add(version("a", 0), bounds);
    row.add(version("b", DAY), bounds);
    row.add(version("c", 3 * DAY), bounds);

    // The horizon is 2 days: "b" is still the version as of 2 days, "a" is the version of no time from then on.
    assertThat(row.versions).extracting(v -> v.values[0]).containsExactly("b", "c");
    assertThat(row.asOf(2 * DAY).values).containsExactly("b");
    assertThat(row.asOf(DAY / 2)).isNull();
    assertThat(row.beyondHistory(DAY / 2)).isTrue();
  }

  @Test
  void countBoundDropsOldestVersions() {
    NodeRow row = new NodeRow();
    HistoryBounds bounds = new HistoryBounds(2, 100 * DAY, 64);
    for (int i = 1; i <= 5; i++) {
      row.add(version("v" + i, i * 10), bounds);
    }

    assertThat(row.versions).extracting(v -> v.values[0]).containsExactly("v4", "v5");
    assertThat(row.beyondHistory(35)).isTrue();
    assertThat(row.beyondHistory(40)).isFalse();
  }

  @Test
  void childSampleSelectsMostRecent() {
    ChildSample sample = new ChildSample();
    HistoryBounds bounds = new HistoryBounds(8, 1_000, 64);
    for (int i = 0; i < 10; i++) {
      sample.add(new ChildEntry("results/" + i, i * 10), 2, bounds);
    }

    assertThat(sample.select(45, 2, null)).extracting(e -> e.node).containsExactly("results/4", "results/3");
    assertThat(sample.select(45, 2, "results/4")).extracting(e -> e.node).containsExactly("results/3", "results/2");
    assertThat(sample.select(1_000, 3, null)).extracting(e -> e.node)
        .containsExactly("results/9", "results/8", "results/7");
  }

  @Test
  void childSampleBreaksTiesByNodeId() {
    ChildSample sample = new ChildSample();
    HistoryBounds bounds = new HistoryBounds(8, 1_000, 64);
    for (String node : List.of("results/9", "results/10", "results/11")) {
      sample.add(new ChildEntry(node, 100), 2, bounds);
    }

    assertThat(sample.select(100, 2, null)).extracting(e -> e.node).containsExactly("results/10", "results/11");
  }

  @Test
  void childSampleKeepsFanOutBeyondHorizon() {
    ChildSample sample = new ChildSample();
    HistoryBounds bounds = new HistoryBounds(8, 50, 1_000);
    for (int i = 0; i < 100; i++) {
      sample.add(new ChildEntry("results/" + i, i * 10), 2, bounds);
    }

    // Newest 990, horizon 940: the 5 newer children plus 3 at or before the horizon (fan-out 2, plus 1).
    assertThat(sample.entries).hasSize(8);
    assertThat(sample.truncated).isTrue();
    assertThat(sample.select(940, 2, null)).extracting(e -> e.node).containsExactly("results/94", "results/93");
  }

  @Test
  void childSampleStaysWithinCount() {
    ChildSample sample = new ChildSample();
    HistoryBounds bounds = new HistoryBounds(8, Long.MAX_VALUE, 16);
    for (int i = 0; i < 1_000; i++) {
      sample.add(new ChildEntry("results/" + i, i), 4, bounds);
    }

    assertThat(sample.entries).hasSize(16);
    assertThat(sample.entries.get(0).node).isEqualTo("results/999");
  }

  private static RowVersion version(String value, long eventTime) {
    return new RowVersion(new Object[] {value}, eventTime, 0, Map.of());
  }
}
