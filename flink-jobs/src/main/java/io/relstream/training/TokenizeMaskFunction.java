package io.relstream.training;

import io.relstream.example.Example;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.UniformMasker;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokenizes examples with running column statistics and masks a share of their cells. Runs with
 * parallelism 1 so that one set of statistics serves the whole stream; the statistics are operator
 * state and come back on restore.
 */
public final class TokenizeMaskFunction extends RichMapFunction<Example, MaskedExample> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TokenizeMaskFunction.class);

  private final DatabaseSchema schema;
  private final TokenizerConfig config;
  private final double maskRate;
  private final long seed;
  private transient Tokenizer tokenizer;
  private transient UniformMasker masker;
  private transient ListState<byte[]> statisticsState;

  public TokenizeMaskFunction(DatabaseSchema schema, TokenizerConfig config, double maskRate, long seed) {
    this.schema = schema;
    this.config = config;
    this.maskRate = maskRate;
    this.seed = seed;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    tokenizer = new Tokenizer(schema, config);
    // NOTE: the masker's random stream restarts from the seed after a restore, so masks after a
    // restore differ from those of an uninterrupted run.
    masker = new UniformMasker(maskRate, seed);
    statisticsState = context.getOperatorStateStore()
        .getListState(new ListStateDescriptor<>("tokenizer-statistics", byte[].class));
    for (byte[] statistics : statisticsState.get()) {
      tokenizer.restoreStatistics(statistics);
      LOG.info("Restored tokenizer statistics ({} bytes)", statistics.length);
    }
  }

  @Override
  public MaskedExample map(Example example) {
    tokenizer.observe(example);
    return masker.mask(tokenizer.tokenize(example));
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    statisticsState.update(java.util.List.of(tokenizer.snapshotStatistics()));
  }
}
