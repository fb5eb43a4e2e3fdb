package io.relstream.publish;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * One training step's outcome, published for dashboards, the demo and tests.
 *
 * @param step the model step after this batch
 * @param loss total masked loss of the batch
 * @param maskedAccuracy share of masked class targets predicted right
 * @param batchSize examples in the batch
 * @param maskedTokens masked tokens in the batch
 * @param stepMillis wall time of the training step
 * @param emitTimeMillis when the step finished, epoch milliseconds
 * @param columnAccuracy the masked class targets and the right predictions per column ({@code
 *     table.column}) of this batch, only of columns that had targets, sorted by column
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record TrainingProgress(
    long step, float loss, float maskedAccuracy, int batchSize, int maskedTokens, long stepMillis, long emitTimeMillis,
    Map<String, ColumnHits> columnAccuracy)
    implements Serializable {

  /** Creates a record without per-column accuracy. */
  public TrainingProgress(
      long step, float loss, float maskedAccuracy, int batchSize, int maskedTokens, long stepMillis, long emitTimeMillis) {
    this(step, loss, maskedAccuracy, batchSize, maskedTokens, stepMillis, emitTimeMillis, new TreeMap<>());
  }

  /**
   * One column's masked class targets in a batch and how many of them the model predicted right.
   *
   * @param correct targets whose most probable class was the target
   * @param targets masked class targets of the column
   */
  @DefaultSerializer(RecordKryoSerializer.class)
  public record ColumnHits(int correct, int targets) implements Serializable {}
}
