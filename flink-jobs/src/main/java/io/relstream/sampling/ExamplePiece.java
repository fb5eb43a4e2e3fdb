package io.relstream.sampling;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import io.relstream.example.ExampleRow;
import java.io.Serializable;

/**
 * A parent row for an example, or its absence.
 *
 * @param exampleId the example the piece belongs to
 * @param parent the parent's node id
 * @param row the parent row as of the seed time, or null when it did not exist then or is unknown
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record ExamplePiece(String exampleId, String parent, ExampleRow row) implements Serializable {}
