package io.relstream.sampling;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import io.relstream.example.ExampleRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of an example that the seed's own node can build: the seed row and its sampled children.
 * The parents' rows arrive separately as {@link ExamplePiece}s.
 *
 * @param exampleId unique id: the seed's node id, version and commit time
 * @param seedTable the seed's table
 * @param seedKey the seed's key
 * @param seedTimeMillis the time the example describes
 * @param commitTimeMillis when the source committed the seed's change
 * @param seed the seed row
 * @param children sampled children, none newer than the seed time
 * @param parents parent node ids, in foreign-key order; one piece is expected for each
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record PartialExample(
    String exampleId,
    String seedTable,
    String seedKey,
    long seedTimeMillis,
    long commitTimeMillis,
    ExampleRow seed,
    List<ExampleRow> children,
    List<String> parents)
    implements Serializable {

  public PartialExample {
    // Mutable copies, because Kryo rebuilds lists through add() when it restores them from state.
    children = new ArrayList<>(children);
    parents = new ArrayList<>(parents);
  }
}
