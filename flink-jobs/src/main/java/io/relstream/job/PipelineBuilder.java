package io.relstream.job;

import io.relstream.batching.BatchCollector;
import io.relstream.batching.CountOrTimeTrigger;
import io.relstream.batching.ExampleBatch;
import io.relstream.cdc.RowChange;
import io.relstream.encoder.EncoderConfig;
import io.relstream.example.Example;
import io.relstream.graph.GraphOutputs;
import io.relstream.graph.GraphStages;
import io.relstream.inference.InferenceOperator;
import io.relstream.inference.InferenceSettings;
import io.relstream.publish.EmbeddingLagMeter;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.SamplingStages;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.training.TrainingFunction;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;

/**
 * Wires the job's stages from a stream of row changes: event time, graph, the hops of the examples'
 * walks, example assembly, batching, and training, which tokenizes and masks each batch with one tokenizer
 * version. With the inference path enabled, the examples also go to the inference operator, which
 * embeds them with the training operator's latest model snapshot. Sinks are attached separately.
 */
public final class PipelineBuilder {

  private PipelineBuilder() {}

  /** Builds every stage after the source. */
  public static Pipeline build(DataStream<RowChange> changes, DatabaseSchema schema, JobSettings settings) {
    GraphStages.GraphStreams graph = graph(changes, schema, settings);
    SingleOutputStreamOperator<ExamplePiece> seeds = graph.seeds();
    DataStream<Example> examples = assemble(graph, schema, settings);
    SingleOutputStreamOperator<EmbeddingRecord> trained = train(examples, schema, settings);
    DataStream<EmbeddingRecord> embedded = settings.training().inference().enabled()
        ? trained.union(infer(examples, trained, schema, settings))
        : trained;
    DataStream<EmbeddingRecord> tombstones = seeds.getSideOutput(GraphOutputs.DELETIONS)
        .map(deletion -> new EmbeddingRecord(deletion.table(), deletion.key(), null, -1, -1,
            deletion.commitTimeMillis(), System.currentTimeMillis()))
        .name("tombstones")
        .uid("tombstones");
    return new Pipeline(
        examples,
        embedded.union(tombstones)
            .map(new EmbeddingLagMeter())
            .name("embedding-lag")
            .uid("embedding-lag"),
        trained.getSideOutput(TrainingFunction.PROGRESS),
        graph.deadLetters(),
        seeds.getSideOutput(GraphOutputs.NODE_SUMMARIES),
        trained.getSideOutput(TrainingFunction.MODEL_VERSIONS),
        trained.getSideOutput(TrainingFunction.RESTORES));
  }

  /** Builds only the graph and sampling stages, for measuring them without training's back-pressure. */
  public static DataStream<Example> buildExamples(DataStream<RowChange> changes, DatabaseSchema schema, JobSettings settings) {
    return assemble(graph(changes, schema, settings), schema, settings);
  }

  private static GraphStages.GraphStreams graph(DataStream<RowChange> changes, DatabaseSchema schema, JobSettings settings) {
    return GraphStages.build(changes, schema, settings.sampling().forSchema(schema), settings.reembed(),
        settings.timeResolutionTimeout(),
        settings.graphParallelism());
  }

  private static DataStream<Example> assemble(GraphStages.GraphStreams graph, DatabaseSchema schema, JobSettings settings) {
    return SamplingStages.build(graph, settings.sampling().forSchema(schema), settings.assemblyTimeout(),
        settings.graphParallelism());
  }

  private static SingleOutputStreamOperator<EmbeddingRecord> train(
      DataStream<Example> examples, DatabaseSchema schema, JobSettings settings) {
    TokenizerConfig tokenizerConfig = ModelConfigs.tokenizer(settings, schema);
    EncoderConfig encoderConfig = ModelConfigs.encoder(settings, tokenizerConfig);
    // Re-embeddings of unchanged entities only refresh published embeddings. Training on them again
    // would count their rows twice in the tokenizer's statistics.
    DataStream<ExampleBatch> batches = examples
        .filter(example -> !example.isReembedding())
        .name("changes-only")
        .uid("changes-only")
        .setParallelism(settings.graphParallelism())
        .setBufferTimeout(trainingInputBufferTimeout(settings).toMillis())
        .windowAll(GlobalWindows.create())
        .trigger(new CountOrTimeTrigger(settings.batchSize(), settings.batchTimeout().toMillis()))
        .process(new BatchCollector())
        .name("batching")
        .uid("batching");
    return batches
        .process(new TrainingFunction(schema, tokenizerConfig, ModelConfigs.masking(settings), encoderConfig,
            ModelConfigs.optimizer(settings), settings.training().versions(), settings.training().replay(),
            settings.seed(), settings.training().inference()))
        .name("training")
        .uid("training")
        .setParallelism(1);
  }

  /**
   * Returns the buffer timeout of the edge into the batching stage. While a training step runs, the
   * training task reads no input, and the example assembler, which also feeds the inference
   * operator, blocks once this edge's network buffers are used up. A short timeout sends each buffer
   * after a few examples, so the buffers hold little; waiting up to {@code batch.timeout}, which the
   * batching stage waits anyway, fills them. Without the inference operator, training publishes the
   * embeddings, so the edge keeps the job's network buffer timeout.
   */
  static Duration trainingInputBufferTimeout(JobSettings settings) {
    Duration network = settings.networkBufferTimeout();
    if (!settings.training().inference().enabled() || network.compareTo(settings.batchTimeout()) > 0) {
      return network;
    }
    return settings.batchTimeout();
  }

  /**
   * Embeds every example at once with the latest model snapshot that the training operator
   * broadcasts; the training operator then publishes no embeddings itself.
   */
  private static DataStream<EmbeddingRecord> infer(DataStream<Example> examples,
      SingleOutputStreamOperator<EmbeddingRecord> trained, DatabaseSchema schema, JobSettings settings) {
    TokenizerConfig tokenizerConfig = ModelConfigs.tokenizer(settings, schema);
    EncoderConfig encoderConfig = ModelConfigs.encoder(settings, tokenizerConfig);
    InferenceSettings inference = settings.training().inference();
    // With several subtasks, each entity goes to one of them, so that the subtask can tell whether
    // it already embedded the entity with its current snapshot and skip a re-embedding.
    DataStream<Example> routed = inference.parallelism() > 1
        ? examples.partitionCustom(
            (entity, partitions) -> Math.floorMod(entity.hashCode(), partitions),
            example -> example.seedTable() + "/" + example.seedKey())
        : examples;
    return routed
        .connect(trained.getSideOutput(TrainingFunction.MODEL_SNAPSHOTS).broadcast())
        .transform("inference", TypeInformation.of(EmbeddingRecord.class),
            new InferenceOperator(schema, tokenizerConfig, encoderConfig, inference))
        .uid("inference")
        .setParallelism(inference.parallelism());
  }
}
