package io.relstream.inference;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * The weights of the training operator after a step, with the tokenizer version they were
 * trained with, as the training operator broadcasts them to the inference operator.
 *
 * @param step the training step after which the weights were taken
 * @param tokenizerVersion the tokenizer version in {@code TokenizerVersion.toBytes()} form
 * @param weights the encoder's parameters in {@code RelationalEncoderModel.saveParameters()} form
 * @param createdAtMillis when the training operator took the snapshot
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record ModelSnapshot(long step, byte[] tokenizerVersion, byte[] weights, long createdAtMillis)
    implements Serializable {}
