package io.relstream.graph;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import io.relstream.cdc.RowChange;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A row change with its resolved event time.
 *
 * @param change the change
 * @param eventTimeMillis the row's event time, or {@code EventTime.TIMELESS} for rows of tables
 *     without a time
 */
@DefaultSerializer(RecordKryoSerializer.class)
@TypeInfo(TimedChangeSerializer.Factory.class)
public record TimedChange(RowChange change, long eventTimeMillis) implements Serializable {}
