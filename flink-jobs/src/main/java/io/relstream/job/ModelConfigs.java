package io.relstream.job;

import io.relstream.config.OptionChecks;
import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.OptimizerConfig;
import io.relstream.masking.MaskingConfig;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizerConfig;
import java.util.Set;

/** Builds the tokenizer's, the masker's and the encoder's configurations from the job's settings. */
final class ModelConfigs {

  private ModelConfigs() {}

  /**
   * Returns the tokenizer config.
   *
   * @throws IllegalArgumentException when an identifier or target column is not a content column
   *     of the schema, naming the option
   */
  static TokenizerConfig tokenizer(JobSettings settings, DatabaseSchema schema) {
    ObjectiveSettings objective = settings.objective();
    checkColumns(RelstreamOptions.IDENTIFIER_COLUMNS.key(), objective.identifierColumns(), schema);
    checkColumns(RelstreamOptions.TARGET_COLUMNS.key(), objective.targetColumns(), schema);
    return TokenizerConfig.builder()
        .maxTokens(settings.maxTokens())
        .numericBins(objective.numericBins())
        .categoryVocabulary(objective.categoryVocabulary())
        .textPieces(objective.textPieces())
        .identifierRatio(objective.identifierRatio())
        .identifierColumns(objective.identifierColumns())
        .targetColumns(objective.targetColumns())
        .refreshRows(objective.refreshRows())
        .refreshIntervalMillis(objective.refreshInterval().toMillis())
        .build();
  }

  static MaskingConfig masking(JobSettings settings) {
    ObjectiveSettings objective = settings.objective();
    return new MaskingConfig(
        settings.maskRate(),
        objective.maskingWeights(),
        objective.correlatedChildren(),
        objective.targetRows());
  }

  static EncoderConfig encoder(JobSettings settings, TokenizerConfig tokenizer) {
    return EncoderConfig.builder(tokenizer)
        .modelDim(settings.modelDim())
        .layers(settings.layers())
        .heads(settings.training().heads())
        .ffnDim(settings.modelDim() * 2)
        .embeddingDim(settings.embeddingDim())
        .learningRate((float) settings.learningRate())
        .seed(settings.seed())
        .intraOpThreads(settings.training().intraOpThreads())
        .attention(settings.training().attention())
        .relationBias(settings.training().relationBias())
        .build();
  }

  static OptimizerConfig optimizer(JobSettings settings) {
    TrainingSettings training = settings.training();
    return OptimizerConfig.withLearningRate((float) settings.learningRate())
        .withSchedule(
            (float) training.weightDecay(), training.warmupSteps(), (float) training.clipNorm());
  }

  private static void checkColumns(String key, Set<String> columns, DatabaseSchema schema) {
    for (String column : columns) {
      int dot = column.indexOf('.');
      String table = column.substring(0, dot);
      String name = column.substring(dot + 1);
      if (!schema.contains(table) || !isContentColumn(schema.table(table), name)) {
        throw OptionChecks.invalid(key, "table.column of a content column of the captured tables", column);
      }
    }
  }

  private static boolean isContentColumn(TableSchema table, String name) {
    int index = table.columnIndex(name);
    return index >= 0 && table.columns().get(index).semanticType() != SemanticType.KEY;
  }
}
