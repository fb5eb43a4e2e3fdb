package io.relstream.graph;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * A deleted row, published as a tombstone for the row's entity.
 *
 * @param table the row's table
 * @param key the row's key
 * @param commitTimeMillis when the source committed the delete
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record Deletion(String table, String key, long commitTimeMillis) implements Serializable {}
