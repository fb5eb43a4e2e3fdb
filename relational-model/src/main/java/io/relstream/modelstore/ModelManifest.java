package io.relstream.modelstore;

import io.relstream.encoder.EncoderConfig;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import java.util.Objects;

/**
 * The description of one model version, stored as {@code manifest.json} next to its weights:
 * everything a model server needs to rebuild the encoder and the tokenizer that the weights were
 * trained with.
 *
 * @param formatVersion the manifest format, {@link #FORMAT_VERSION} for this code
 * @param version the model version number, from 1
 * @param step the training step of the weights
 * @param createdAtMillis when the version was written, epoch milliseconds
 * @param encoder the encoder's sizes, which the weights must match
 * @param schema the captured tables, columns, keys and foreign keys
 * @param tokenizerConfig the tokenizer's id spaces and thresholds
 * @param tokenizer the tokenizer version that examples must be tokenized with
 * @param metrics the training metrics of the steps before this version
 */
public record ModelManifest(
    int formatVersion,
    long version,
    long step,
    long createdAtMillis,
    EncoderConfig encoder,
    DatabaseSchema schema,
    TokenizerConfig tokenizerConfig,
    TokenizerVersion tokenizer,
    ModelMetrics metrics) {
  /**
   * Format 2 added the encoder's attention mode and the hop and mask-kind embeddings to the weights;
   * format 3 added the relation bias of relational attention. A version of an older format is
   * rejected instead of loaded into a different network.
   */
  public static final int FORMAT_VERSION = 3;

  public ModelManifest {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(tokenizerConfig, "tokenizerConfig");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(metrics, "metrics");
  }
}
