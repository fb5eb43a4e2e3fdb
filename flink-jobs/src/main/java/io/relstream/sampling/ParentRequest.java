package io.relstream.sampling;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * A request for a parent row as of a seed time, keyed by the parent's node id.
 *
 * @param exampleId the example that needs the row
 * @param parent the parent's node id
 * @param seedTimeMillis rows newer than this are not returned
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record ParentRequest(String exampleId, String parent, long seedTimeMillis) implements Serializable {}
