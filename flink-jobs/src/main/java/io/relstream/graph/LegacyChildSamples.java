package io.relstream.graph;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration of child samples from the earlier layout, a map state {@code children} with one entry
 * per child table, into the one-value layout of {@link NodeStore}. Flink restores state that no
 * descriptor names without an error, so without this step a checkpoint of the earlier layout would
 * restore with every node's children silently gone. The graph operators run it once on restore,
 * before they process any record.
 */
public final class LegacyChildSamples {
  private static final Logger LOG = LoggerFactory.getLogger(LegacyChildSamples.class);
  static final MapStateDescriptor<String, ChildSample> DESCRIPTOR =
      new MapStateDescriptor<>("children", String.class, ChildSample.class);

  private LegacyChildSamples() {}

  /**
   * Moves every node's samples found in the earlier layout into the current one and clears the
   * earlier entries. A node that already has samples in the current layout keeps them. Leaves the
   * backend's current key changed.
   *
   * @return the number of nodes moved
   */
  public static long migrate(KeyedStateBackend<String> backend, String operatorName) throws Exception {
    long[] moved = {0};
    ValueState<TreeMap<String, ChildSample>> current = backend.getPartitionedState(
        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, NodeStore.samplesDescriptor());
    backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, DESCRIPTOR,
        (String node, MapState<String, ChildSample> legacy) -> {
          TreeMap<String, ChildSample> samples = new TreeMap<>();
          for (Map.Entry<String, ChildSample> entry : legacy.entries()) {
            samples.put(entry.getKey(), entry.getValue());
          }
          if (!samples.isEmpty() && current.value() == null) {
            current.update(samples);
            moved[0]++;
          }
          legacy.clear();
        });
    if (moved[0] > 0) {
      LOG.info("{}: moved the child samples of {} nodes from the map state 'children' to the value state '{}'",
          operatorName, moved[0], NodeStore.samplesDescriptor().getName());
    }
    return moved[0];
  }
}
