package io.relstream.sampling;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * The latest version of a node's row, sent to the parent look-up so that it can serve the row to
 * the node's children; {@code values} is null after a delete.
 *
 * @param node the node id
 * @param values the row's values, or null when the row was deleted
 * @param eventTimeMillis the row's event time
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record RowVersion(String node, Object[] values, long eventTimeMillis) implements Serializable {}
