package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The checks that the job's command-line options pass before anything starts. */
class JobArgsTest {

  @Test
  void heapStateWithCacheIsRejected() {
    JobArgs args = new JobArgs();
    args.options.put("state.backend.type", "hashmap");

    assertThatThrownBy(() -> args.configuration(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid state.backend.type 'hashmap' with graph.cache-entries 20000");
  }

  @Test
  void heapStateWithoutCacheIsAccepted() {
    JobArgs args = new JobArgs();
    args.options.put("state.backend.type", "hashmap");
    args.options.put("graph.cache-entries", "0");

    Configuration configuration = args.configuration(Map.of());

    assertThat(configuration.toMap()).containsEntry("state.backend.type", "hashmap");
  }

  @Test
  void flinkOptionsPassThrough() {
    JobArgs args = new JobArgs();
    args.options.put("state.backend.type", "rocksdb");
    args.options.put("taskmanager.memory.managed.size", "1g");

    Configuration configuration = args.configuration(Map.of("source.port", "5432"));

    assertThat(configuration.toMap())
        .containsEntry("state.backend.type", "rocksdb")
        .containsEntry("taskmanager.memory.managed.size", "1g")
        .containsEntry("source.port", "5432");
  }
}
