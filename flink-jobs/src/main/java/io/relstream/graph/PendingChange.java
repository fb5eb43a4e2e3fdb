package io.relstream.graph;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import io.relstream.cdc.RowChange;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A change waiting for its event time.
 *
 * @param change the change
 * @param deadlineMillis processing time at which it stops waiting and takes its commit time
 */
@DefaultSerializer(RecordKryoSerializer.class)
@TypeInfo(PendingChangeSerializer.Factory.class)
public record PendingChange(RowChange change, long deadlineMillis) implements Serializable {}
