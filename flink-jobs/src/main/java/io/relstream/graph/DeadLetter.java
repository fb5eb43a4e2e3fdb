package io.relstream.graph;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * A change the job could not use, with the reason, for the dead-letter topic.
 *
 * @param table the source table
 * @param key the row's key when it could be read, else null
 * @param reason why the change was not used
 * @param payload the row's values as text, cut to a bounded length
 * @param commitTimeMillis when the source committed the change
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record DeadLetter(String table, String key, String reason, String payload, long commitTimeMillis)
    implements Serializable {}
