package io.relstream.modelstore;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * A written model version as the job announces it on Kafka, keyed by the version as a decimal
 * string.
 *
 * @param version the model version number
 * @param step the training step of the weights
 * @param createdAtMillis when the version was written, epoch milliseconds
 * @param location the URI of the version's directory
 * @param manifest the URI of its manifest
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record ModelVersionInfo(
    long version, long step, long createdAtMillis, String location, String manifest)
    implements Serializable {}
