package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB store on local disk: batches, deletes, and what survives a reopen. */
class EmbeddingStoreTest {
  @TempDir Path directory;

  @Test
  void batchStoresAndDeletes() throws Exception {
    try (EmbeddingStore store = EmbeddingStore.open(directory)) {
      try (EmbeddingStore.Batch batch = store.batch()) {
        batch.put("orders", "1", bytes("{\"vector\":[1]}"));
        batch.put("orders", "2", bytes("{\"vector\":[2]}"));
        batch.commit();
      }
      try (EmbeddingStore.Batch batch = store.batch()) {
        batch.delete("orders", "1");
        batch.commit();
      }

      assertThat(store.get("orders", "1")).isNull();
      assertThat(new String(store.get("orders", "2"), StandardCharsets.UTF_8)).isEqualTo("{\"vector\":[2]}");
      assertThat(store.knowsTable("orders")).isTrue();
      assertThat(store.knowsTable("customers")).isFalse();
    }
  }

  @Test
  void uncommittedBatchLeavesNoTrace() throws Exception {
    try (EmbeddingStore store = EmbeddingStore.open(directory)) {
      try (EmbeddingStore.Batch batch = store.batch()) {
        batch.put("orders", "1", bytes("{}"));
        batch.offset("topic", 0, 5);
      }

      assertThat(store.get("orders", "1")).isNull();
      assertThat(store.nextOffset("topic", 0)).isEmpty();
      assertThat(store.knowsTable("orders")).isFalse();
    }
  }

  @Test
  void reopenKeepsDataOffsetsTablesAndPin() throws Exception {
    try (EmbeddingStore store = EmbeddingStore.open(directory)) {
      try (EmbeddingStore.Batch batch = store.batch()) {
        batch.put("customers", "a/b", bytes("{\"vector\":[0.5]}"));
        batch.put("orders", "9", bytes("{\"vector\":[9]}"));
        batch.offset("embeddings", 1, 42);
        batch.commit();
      }
      store.pinVersion(3);
    }

    try (EmbeddingStore store = EmbeddingStore.open(directory)) {
      assertThat(store.get("customers", "a/b")).isNotNull();
      assertThat(store.nextOffset("embeddings", 1)).hasValue(42);
      assertThat(store.nextOffset("embeddings", 0)).isEmpty();
      assertThat(store.tables()).containsExactly("customers", "orders");
      assertThat(store.pinnedVersion()).hasValue(3);
      store.unpinVersion();
      assertThat(store.pinnedVersion()).isEmpty();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
