package io.relstream.graph;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * A task metric group for operator harnesses whose operators share one group that keeps its
 * metrics, so a test can read the graph state's access counts.
 */
final class GraphStateMetrics extends UnregisteredMetricGroups.UnregisteredTaskMetricGroup {
  private final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();

  @Override
  public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name) {
    return operator;
  }

  /** Returns the maximum number of state accesses that one graph update took. */
  long maxAccessesPerUpdate() {
    return ((Number) ((Gauge<?>) operator.get("maxStateAccessesPerUpdate")).getValue()).longValue();
  }

  /** Returns the state reads and writes of all updates. */
  long accesses() {
    return ((Counter) operator.get("graphStateAccesses")).getCount();
  }

  /** Returns a harness environment that reports to this group. */
  MockEnvironment environment() {
    return new MockEnvironmentBuilder().setMetricGroup(this).build();
  }
}
