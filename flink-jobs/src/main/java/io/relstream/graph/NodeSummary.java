package io.relstream.graph;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;
import java.util.Map;

/**
 * The degrees of a node right after its row changed, for monitoring and for tests that compare the
 * graph with the database.
 *
 * @param node the node id
 * @param outDegree the number of non-NULL foreign keys of the row
 * @param inDegree child table to the exact number of children
 * @param version the node's version after the change
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record NodeSummary(String node, int outDegree, Map<String, Long> inDegree, long version)
    implements Serializable {}
