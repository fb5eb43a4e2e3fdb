package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayReservoirTest {

  @Test
  void keepsAtMostCapacityEntities() {
    ReplayReservoir reservoir = new ReplayReservoir(100, 42);
    for (int id = 0; id < 1000; id++) {
      reservoir.offer(player(id, 0));
    }

    assertThat(reservoir.size()).isEqualTo(100);
    assertThat(reservoir.entitiesSeen()).isEqualTo(1000);
    assertThat(reservoir.examples()).extracting(Example::seedKey).doesNotHaveDuplicates();
    // Algorithm R keeps each of the 1000 entities with probability 0.1, so about 50 of each half
    // stay. The seed is fixed, so the count is too.
    long firstHalf = reservoir.examples().stream().filter(e -> Integer.parseInt(e.seedKey()) < 500).count();
    assertThat(firstHalf).isBetween(30L, 70L);
  }

  @Test
  void entityKeepsItsLatestExample() {
    ReplayReservoir reservoir = new ReplayReservoir(10, 42);
    reservoir.offer(player(1, 100));
    reservoir.offer(player(2, 100));
    reservoir.offer(player(1, 200));

    assertThat(reservoir.size()).isEqualTo(2);
    assertThat(reservoir.entitiesSeen()).isEqualTo(2);
    assertThat(reservoir.examples()).extracting(Example::seedTimeMillis).containsExactly(200L, 100L);
  }

  @Test
  void sampleDrawsDistinctExamplesRepeatably() {
    ReplayReservoir reservoir = filled(new ReplayReservoir(50, 7), 0, 50);

    List<Example> first = reservoir.sample(20, 3);
    List<Example> again = reservoir.sample(20, 3);
    List<Example> otherStep = reservoir.sample(20, 4);

    assertThat(first).hasSize(20).doesNotHaveDuplicates().isEqualTo(again);
    assertThat(otherStep).isNotEqualTo(first);
    assertThat(reservoir.sample(80, 3)).as("more than the reservoir holds").hasSize(50);
    assertThat(new ReplayReservoir(5, 7).sample(3, 1)).isEmpty();
  }

  @Test
  void restoredReservoirContinuesLikeOriginal() {
    ReplayReservoir original = filled(new ReplayReservoir(20, 9), 0, 300);
    ReplayReservoir restored = new ReplayReservoir(20, 9);
    restored.restore(original.examples(), original.entitiesSeen());

    filled(original, 300, 600);
    filled(restored, 300, 600);

    assertThat(restored.examples()).isEqualTo(original.examples());
    assertThat(restored.sample(10, 77)).isEqualTo(original.sample(10, 77));
  }

  @Test
  void restoreIntoSmallerCapacityDropsTheRest() {
    ReplayReservoir original = filled(new ReplayReservoir(20, 9), 0, 20);
    ReplayReservoir smaller = new ReplayReservoir(5, 9);

    smaller.restore(original.examples(), original.entitiesSeen());

    assertThat(smaller.examples()).isEqualTo(original.examples().subList(0, 5));
  }

  @Test
  void settingsRejectRatioOutOfRange() {
    assertThatThrownBy(() -> new ReplaySettings(0.95, 10)).hasMessageContaining("[0, 0.9]");
    assertThat(new ReplaySettings(0.3, 10).replayCount(64)).isEqualTo(27);
    assertThat(new ReplaySettings(0.5, 10).replayCount(3)).isEqualTo(3);
  }

  @Test
  void replayFillsSmallBatchesUp() {
    ReplaySettings filling = new ReplaySettings(0.3, 10, 64);

    assertThat(filling.replayCount(3)).isEqualTo(61);
    assertThat(filling.replayCount(60)).isEqualTo(26);
    assertThat(filling.replayCount(64)).isEqualTo(27);
    assertThat(new ReplaySettings(0, 10, 64).replayCount(3)).isZero();
    assertThatThrownBy(() -> new ReplaySettings(0.3, 10, -1)).hasMessageContaining("at least 0");
    assertThat(ReplaySettings.off().replayCount(64)).isZero();
  }

  private static ReplayReservoir filled(ReplayReservoir reservoir, int from, int to) {
    for (int id = from; id < to; id++) {
      reservoir.offer(player(id, 0));
    }
    return reservoir;
  }

  private static Example player(int id, long time) {
    String key = Integer.toString(id);
    ExampleRow row = new ExampleRow("players", key, RowRole.SEED, 0, time, new Object[] {(long) id});
    return new Example("players", key, time, time, List.of(row));
  }
}
