package io.relstream.job;

import io.relstream.cdc.PostgresCdcSources;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.cdc.RowChange;
import io.relstream.graph.NodeKeys;
import io.relstream.publish.KafkaPublishing;
import io.relstream.publish.PassthroughRecord;
import io.relstream.publish.PublishSettings;
import io.relstream.schema.DatabaseSchema;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job that copies the CDC stream to Kafka without any processing: the baseline for the
 * commit-to-embedding latency, since it has the same source, network buffers and sink as the main
 * job. It reads its own replication slot, so it can run in the same environment as the main job.
 */
public final class PassthroughJob {
  /** The default topic that the copies go to. */
  public static final String TOPIC = "relstream.passthrough";

  private PassthroughJob() {}

  /** Adds the passthrough pipeline to the environment; {@code source} must name its own slot. */
  public static void define(StreamExecutionEnvironment env, PostgresSourceSettings source, DatabaseSchema schema,
      PublishSettings publish, String topic) {
    env.fromSource(PostgresCdcSources.create(source, schema), WatermarkStrategy.noWatermarks(), "passthrough-cdc")
        .uid("passthrough-cdc")
        .setParallelism(1)
        .map(change -> copy(change, schema))
        .name("passthrough-copy")
        .uid("passthrough-copy")
        .setParallelism(1)
        .sinkTo(KafkaPublishing.passthroughSink(publish, topic))
        .name("passthrough-sink")
        .uid("passthrough-sink")
        .setParallelism(1);
  }

  private static PassthroughRecord copy(RowChange change, DatabaseSchema schema) {
    boolean readable = change.problem() == null && change.current() != null && schema.contains(change.table());
    String key = readable
        ? NodeKeys.keyOf(schema.table(change.table()), change.current())
        : null;
    return new PassthroughRecord(change.table(), key, change.kind().name(), change.commitTimeMillis(),
        System.currentTimeMillis());
  }
}
