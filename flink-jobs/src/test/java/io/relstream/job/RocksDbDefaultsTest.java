package io.relstream.job;

import static io.relstream.testing.JobTestOptions.settingsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;

/**
 * The RocksDB and checkpoint options that the job sets by default, a user's options over them, and
 * the check of a heap state backend.
 */
class RocksDbDefaultsTest {

  @Test
  void jobConfigurationSetsLookUpOptions() {
    Configuration configuration = RelstreamJob.environmentConfiguration(settingsOf(Map.of()));

    assertThat(configuration.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
    assertThat(configuration.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
        .containsExactly(CompressionType.LZ4_COMPRESSION);
    assertThat(configuration.get(RocksDBConfigurableOptions.BLOCK_SIZE)).isEqualTo(MemorySize.parse("2kb"));
    assertThat(configuration.get(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS)).isTrue();
    assertThat(configuration.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
  }

  @Test
  void userOptionsReplaceDefaults() {
    Configuration userOptions = new Configuration();
    userOptions.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, false);
    userOptions.setString("state.backend.rocksdb.compression.per.level", "SNAPPY_COMPRESSION");
    userOptions.setString("state.backend.rocksdb.memory.partitioned-index-filters", "false");
    userOptions.setString("execution.checkpointing.incremental", "false");

    ReadableConfig environment = JobLauncher.environment(settingsOf(Map.of()), userOptions).getConfiguration();

    assertThat(environment.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
    assertThat(environment.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
        .isEqualTo(List.of(CompressionType.SNAPPY_COMPRESSION));
    assertThat(environment.get(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS)).isFalse();
    assertThat(environment.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
    assertThat(environment.get(RocksDBConfigurableOptions.BLOCK_SIZE)).isEqualTo(MemorySize.parse("2kb"));
  }

  @Test
  void heapStateWithCacheIsRejected() {
    Configuration userOptions = new Configuration();
    userOptions.setString("state.backend.type", "hashmap");

    assertThatThrownBy(() -> JobLauncher.environment(settingsOf(Map.of()), userOptions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid state.backend.type 'hashmap' with graph.cache-entries 20000")
        .hasMessageContaining("Set graph.cache-entries to 0");
  }

  @Test
  void heapStateWithoutCacheIsAccepted() {
    Configuration userOptions = new Configuration();
    userOptions.setString("state.backend.type", "hashmap");

    ReadableConfig environment =
        JobLauncher.environment(settingsOf(Map.of("graph.cache-entries", "0")), userOptions).getConfiguration();

    assertThat(environment.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
  }

  @Test
  void rocksDbInCapitalsIsAccepted() {
    Configuration userOptions = new Configuration();
    userOptions.setString("state.backend.type", "RocksDB");

    ReadableConfig environment = JobLauncher.environment(settingsOf(Map.of()), userOptions).getConfiguration();

    assertThat(environment.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("RocksDB");
  }
}
