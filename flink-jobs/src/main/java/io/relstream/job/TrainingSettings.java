package io.relstream.job;

import static io.relstream.job.RelstreamOptions.CLIP_NORM;
import static io.relstream.job.RelstreamOptions.INTRA_OP_THREADS;
import static io.relstream.job.RelstreamOptions.WARMUP_STEPS;
import static io.relstream.job.RelstreamOptions.WEIGHT_DECAY;

import io.relstream.config.OptionChecks;
import java.io.Serializable;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of the optimizer and of the training operator's PyTorch threads.
 *
 * @param weightDecay AdamW's decoupled weight decay
 * @param warmupSteps steps of linear learning-rate warm-up
 * @param clipNorm largest global gradient norm, 0 for no clipping
 * @param intraOpThreads PyTorch intra-op threads of the training operator's process
 */
public record TrainingSettings(
    double weightDecay, int warmupSteps, double clipNorm, int intraOpThreads)
    implements Serializable {

  /** Reads and validates the options; an error names the key, the allowed range and the value. */
  static TrainingSettings from(ReadableConfig config) {
    return new TrainingSettings(
        OptionChecks.inRange(WEIGHT_DECAY.key(), config.get(WEIGHT_DECAY), 0.0, 1.0),
        OptionChecks.inRange(WARMUP_STEPS.key(), config.get(WARMUP_STEPS), 0, 1_000_000),
        OptionChecks.inRange(CLIP_NORM.key(), config.get(CLIP_NORM), 0.0, 1e6),
        OptionChecks.inRange(INTRA_OP_THREADS.key(), config.get(INTRA_OP_THREADS), 1, 1_024));
  }
}
