package io.relstream.graph;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;
import java.util.Map;

/**
 * A message to one graph node, keyed by {@link #target()}. A row change becomes one message to its
 * own node and one per foreign key to the referenced nodes, so a change costs at most
 * {@code 1 + 2 x foreign keys} messages however many rows reference it.
 *
 * @param kind what happened
 * @param target the node id that receives the message
 * @param values the row's values for {@code UPSERT} and {@code CHILD_UPSERT} (the child's), else null
 * @param eventTimeMillis the event time of the row the message describes
 * @param commitTimeMillis when the source committed the change
 * @param parents for {@code UPSERT}: foreign-key name to parent node id, for non-NULL foreign keys
 * @param child for child messages: the child's node id
 * @param newEdge for {@code CHILD_UPSERT}: whether the edge did not exist before this change
 */
@DefaultSerializer(RecordKryoSerializer.class)
@TypeInfo(GraphUpdateSerializer.Factory.class)
public record GraphUpdate(
    Kind kind,
    String target,
    Object[] values,
    long eventTimeMillis,
    long commitTimeMillis,
    Map<String, String> parents,
    String child,
    boolean newEdge)
    implements Serializable {

  /** The kinds of messages a node receives. */
  public enum Kind {
    /** The node's own row was inserted or updated. */
    UPSERT,
    /** The node's own row was deleted. */
    DELETE,
    /** A row that references this node was inserted or updated. */
    CHILD_UPSERT,
    /** A row stopped referencing this node, by a delete or a foreign-key move. */
    CHILD_REMOVE
  }
}
