package io.relstream.job;

import io.relstream.example.Example;
import io.relstream.graph.DeadLetter;
import io.relstream.graph.NodeSummary;
import io.relstream.modelstore.ModelVersionInfo;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.publish.TrainingProgress;
import io.relstream.publish.TrainingRestore;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The named streams of a built job, so that the job attaches Kafka sinks and tests attach their
 * own collectors to the same streams.
 *
 * @param examples assembled training examples
 * @param embeddings refreshed embeddings and tombstones
 * @param progress one record per training step
 * @param deadLetters changes the job could not use
 * @param nodeSummaries node degrees after each change of a node's row
 * @param modelVersions one record per model version written
 * @param restores one record per restore of the training operator from a checkpoint
 */
public record Pipeline(
    DataStream<Example> examples,
    DataStream<EmbeddingRecord> embeddings,
    DataStream<TrainingProgress> progress,
    DataStream<DeadLetter> deadLetters,
    DataStream<NodeSummary> nodeSummaries,
    DataStream<ModelVersionInfo> modelVersions,
    DataStream<TrainingRestore> restores) {}
