package io.relstream.publish;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * A row change copied as it is to Kafka by the passthrough job, the baseline that the benchmark
 * compares the embedding latency with.
 *
 * @param table the row's table
 * @param key the row's primary key, or null when the change has none that the schema can read
 * @param kind the change kind: INSERT, UPDATE or DELETE
 * @param commitTimeMillis when the source committed the change
 * @param emitTimeMillis when the job emitted the copy
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record PassthroughRecord(String table, String key, String kind, long commitTimeMillis, long emitTimeMillis)
    implements Serializable {}
