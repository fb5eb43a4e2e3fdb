package io.relstream.publish;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

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
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record TrainingProgress(
    long step, float loss, float maskedAccuracy, int batchSize, int maskedTokens, long stepMillis, long emitTimeMillis)
    implements Serializable {}
