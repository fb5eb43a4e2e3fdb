package io.relstream.sampling;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.example.RowRole;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * A request to a node for its row as of a seed time, and for the next step of the walk when the
 * hop is not the last. Keyed by {@link #node()}.
 *
 * @param exampleId the example that needs the row
 * @param node the requested node id
 * @param via the node id the walk came from
 * @param role the requested row's role relative to {@code via}
 * @param hop the requested row's distance from the seed
 * @param path the row's position in the walk, see {@link ExamplePaths}
 * @param seedTimeMillis no row or child newer than this is returned
 * @param commitTimeMillis when the source committed the seed's change
 * @param budget most rows the walk may add below this node
 * @param credit this request's share of the example's credit, see {@link ExampleAssembler}
 */
@DefaultSerializer(RecordKryoSerializer.class)
@TypeInfo(HopRequestSerializer.Factory.class)
public record HopRequest(
    String exampleId,
    String node,
    String via,
    RowRole role,
    int hop,
    String path,
    long seedTimeMillis,
    long commitTimeMillis,
    int budget,
    long credit)
    implements Serializable {}
