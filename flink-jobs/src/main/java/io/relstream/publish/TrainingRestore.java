package io.relstream.publish;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * What the training operator restored from a checkpoint, emitted once with its first batch after
 * the restore. The checkpointed fingerprints were computed from the bytes that went into the
 * checkpoint. The restored ones are computed from the live model after loading, so equal
 * fingerprints show that every weight and every moment estimate came back.
 *
 * @param checkpointId the checkpoint the operator restored from
 * @param checkpointedStep the step stored in the checkpoint
 * @param restoredStep the live model's step after loading
 * @param checkpointedWeightsSha256 SHA-256 of the checkpointed weights, hex
 * @param restoredWeightsSha256 SHA-256 of the live model's weights after loading, hex
 * @param checkpointedOptimizerSha256 SHA-256 of the checkpointed optimizer state, hex
 * @param restoredOptimizerSha256 SHA-256 of the live optimizer state after loading, hex
 * @param tokenizerVersion the restored tokenizer version
 * @param emitTimeMillis when the record was emitted, epoch milliseconds
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record TrainingRestore(
    long checkpointId,
    long checkpointedStep,
    long restoredStep,
    String checkpointedWeightsSha256,
    String restoredWeightsSha256,
    String checkpointedOptimizerSha256,
    String restoredOptimizerSha256,
    long tokenizerVersion,
    long emitTimeMillis)
    implements Serializable {

  /** Returns whether the live model matches the checkpoint in step, weights and optimizer state. */
  public boolean matchesCheckpoint() {
    return checkpointedStep == restoredStep
        && checkpointedWeightsSha256.equals(restoredWeightsSha256)
        && checkpointedOptimizerSha256.equals(restoredOptimizerSha256);
  }
}
