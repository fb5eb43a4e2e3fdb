package io.relstream.publish;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * An entity's refreshed embedding, or a tombstone when {@link #vector()} is null.
 *
 * @param table the entity's table
 * @param key the entity's primary key
 * @param vector the embedding, or null when the row was deleted
 * @param modelStep the training step of the model that computed it (-1 for tombstones)
 * @param tokenizerVersion the tokenizer version its example was tokenized with (-1 for tombstones)
 * @param commitTimeMillis when the source committed the change that produced it
 * @param emitTimeMillis when the job emitted it
 * @param reembedding whether it refreshes an unchanged entity with a newer model rather than
 *     following a change; {@code commitTimeMillis} is then the commit of the entity's last change
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record EmbeddingRecord(
    String table, String key, float[] vector, long modelStep, long tokenizerVersion, long commitTimeMillis,
    long emitTimeMillis, boolean reembedding)
    implements Serializable {

  /** Creates the embedding or tombstone that follows a change. */
  public EmbeddingRecord(String table, String key, float[] vector, long modelStep, long tokenizerVersion,
      long commitTimeMillis, long emitTimeMillis) {
    this(table, key, vector, modelStep, tokenizerVersion, commitTimeMillis, emitTimeMillis, false);
  }

  /** Returns the Kafka message key, {@code table/key}, under which the topic is compacted. */
  public String entityId() {
    return table + "/" + key;
  }

  public boolean isTombstone() {
    return vector == null;
  }
}
