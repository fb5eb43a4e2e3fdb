package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relstream.encoder.AttentionMode;
import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.OptimizerConfig;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.Masker;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.masking.TargetRows;
import io.relstream.tokenize.ColumnKind;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures masked-cell prediction on F1 with a temporal split. The tokenizer and the models learn
 * from examples whose seed rows are dated before 2010, whose context rows are never newer than the
 * seed. Every model's training masks seed-row cells only, and the scores come from one masked seed
 * cell of rows dated 2010 or later. It compares the training set's column mode and median, the
 * encoder trained and scored on seed rows alone, and the encoder with the examples' parent and
 * child rows under relational and under full attention. It runs only with {@code -Drelstream.quality=true} because it trains for minutes, and writes its
 * table to {@code target/quality/f1-masked-cells.md}. Every random choice has a fixed seed.
 */
@Tag("quality")
@EnabledIfSystemProperty(named = "relstream.quality", matches = "true")
class MaskedCellQualityTest {
  private static final Logger LOG = LoggerFactory.getLogger(MaskedCellQualityTest.class);
  private static final long SPLIT =
      LocalDate.of(2010, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
  private static final int STEPS = Integer.getInteger("relstream.quality.steps", 1000);
  private static final int BATCH = 32;
  private static final int EVALUATED_EXAMPLES = 6000;
  private static final int SEED = 17;

  /**
   * Seed of the models' weights, training batches and masks, -Drelstream.quality.seed. The split
   * and the evaluated cells keep {@link #SEED}, so runs with other training seeds score the same
   * cells.
   */
  private static final int TRAINING_SEED = Integer.getInteger("relstream.quality.seed", SEED);

  /** Peak learning rate, -Drelstream.quality.learning-rate. */
  private static final float LEARNING_RATE =
      Float.parseFloat(System.getProperty("relstream.quality.learning-rate", "1e-3"));

  /**
   * The models to train, -Drelstream.quality.models: a comma-separated subset of {@code
   * seed,relational,plain,full} ({@code plain}: relational attention without the relation
   * bias), so that a run on a busy machine can leave out a model.
   */
  private static final Set<String> MODELS =
      Set.of(System.getProperty("relstream.quality.models", "seed,relational,full").split(","));

  /** Linear warm-up steps to the peak learning rate, -Drelstream.quality.warmup-steps. */
  private static final int WARMUP_STEPS = Integer.getInteger("relstream.quality.warmup-steps", 100);

  /** Attention heads per layer, the job's model.heads default unless -Drelstream.quality.heads sets another. */
  private static final int HEADS = Integer.getInteger("relstream.quality.heads", 8);

  @Test
  void maskedCellQualityOnF1() throws Exception {
    Path location = F1Dataset.location();
    assumeTrue(location != null && Files.isDirectory(location), "F1 dataset not at " + location);
    F1Dataset dataset = F1Dataset.load(location);
    List<Example> training = dataset.examplesDated(Long.MIN_VALUE + 1, SPLIT, Integer.MAX_VALUE, SEED);
    List<Example> later = dataset.examplesDated(SPLIT, Long.MAX_VALUE, EVALUATED_EXAMPLES, SEED + 1);
    assertNoContextRowRepeatsSeed(training);
    assertNoContextRowRepeatsSeed(later);
    Tokenizer tokenizer = new Tokenizer(dataset.schema(), TokenizerConfig.defaults());
    training.forEach(tokenizer::observe);
    tokenizer.refresh(0L);
    MaskedCellEvaluation evaluation =
        new MaskedCellEvaluation(dataset.schema(), tokenizer, later, SEED + 2);
    LOG.info(
        "Training pool {} examples, evaluated cells {}, {} steps, {} heads, training seed {},"
            + " learning rate {} after {} warm-up steps",
        training.size(),
        evaluation.size(),
        STEPS,
        HEADS,
        TRAINING_SEED,
        LEARNING_RATE,
        WARMUP_STEPS);

    Map<String, Integer> modes = QualityExamples.modeClasses(tokenizer, training);
    Map<String, Double> medians = QualityExamples.medians(tokenizer, dataset.schema(), training);
    Set<String> trainedColumns = new HashSet<>(modes.keySet());
    trainedColumns.addAll(medians.keySet());
    Map<String, ColumnScores> scores = new LinkedHashMap<>();
    scores.put("column mode / median", evaluation.scoreBaseline(modes, medians));
    Map<String, float[]> losses = new LinkedHashMap<>();
    Map<String, ColumnKind> kinds = evaluation.kinds();
    // The report is rewritten after every model, so a run stopped early keeps the finished ones.
    String report = "";
    if (MODELS.contains("seed")) {
      train("seed row only", AttentionMode.RELATIONAL, true, false, tokenizer, training, evaluation, scores, losses);
      report = writeReport(scores, kinds, trainedColumns, losses, training.size());
    }
    if (MODELS.contains("relational")) {
      train("relational attention", AttentionMode.RELATIONAL, true, true, tokenizer, training, evaluation, scores, losses);
      report = writeReport(scores, kinds, trainedColumns, losses, training.size());
    }
    if (MODELS.contains("plain")) {
      train("relational, no relation bias", AttentionMode.RELATIONAL, false, true, tokenizer, training, evaluation, scores, losses);
      report = writeReport(scores, kinds, trainedColumns, losses, training.size());
    }
    if (MODELS.contains("full")) {
      train("full attention", AttentionMode.FULL, false, true, tokenizer, training, evaluation, scores, losses);
      report = writeReport(scores, kinds, trainedColumns, losses, training.size());
    }
    LOG.info("Masked-cell quality on F1:\n{}", report);

    assertThat(evaluation.size()).isGreaterThan(EVALUATED_EXAMPLES / 2);
    for (Map.Entry<String, float[]> run : losses.entrySet()) {
      float[] loss = run.getValue();
      for (int step = 0; step < loss.length; step++) {
        assertThat(loss[step]).as("%s loss at step %d", run.getKey(), step).isFinite();
      }
      assertThat(QualityReport.mean(loss, loss.length - 100, loss.length))
          .as("%s loss of the last 100 steps against the first 100", run.getKey())
          .isLessThan(QualityReport.mean(loss, 0, 100));
    }
    for (ColumnScores predictor : scores.values()) {
      assertThat(predictor.columns()).isNotEmpty();
    }
  }

  /** Writes the tables of the predictors scored so far to {@code target/quality} and returns them. */
  private static String writeReport(
      Map<String, ColumnScores> scores,
      Map<String, ColumnKind> kinds,
      Set<String> trainedColumns,
      Map<String, float[]> losses,
      int trainingExamples)
      throws IOException {
    String report =
        QualityReport.markdown(scores, kinds, trainedColumns, losses, trainingExamples, STEPS, BATCH);
    Path output = Path.of("target", "quality", "f1-masked-cells.md");
    Files.createDirectories(output.getParent());
    Files.writeString(output, report, StandardCharsets.UTF_8);
    return report;
  }

  /**
   * Checks that no context row is the seed row again or another row of the seed's table. Such a
   * row shares the seed's columns, so column attention would show the model its copy of a masked
   * seed value.
   */
  private static void assertNoContextRowRepeatsSeed(List<Example> examples) {
    for (Example example : examples) {
      for (ExampleRow row : example.rows()) {
        if (row.role() != RowRole.SEED) {
          assertThat(row.table())
              .as("context row %s of seed %s", row.nodeId(), example.seed().nodeId())
              .isNotEqualTo(example.seedTable());
        }
      }
    }
  }

  private static void train(
      String name,
      AttentionMode attention,
      boolean relationBias,
      boolean withContext,
      Tokenizer tokenizer,
      List<Example> training,
      MaskedCellEvaluation evaluation,
      Map<String, ColumnScores> scores,
      Map<String, float[]> losses) {
    EncoderConfig config =
        EncoderConfig.builder(tokenizer.config())
            .heads(HEADS)
            .seed(TRAINING_SEED)
            .attention(attention)
            .relationBias(relationBias)
            .build();
    OptimizerConfig optimizer =
        OptimizerConfig.withLearningRate(LEARNING_RATE).withSchedule(0.01f, WARMUP_STEPS, 1f);
    // Every model masks seed-row cells only, the cells that the evaluation scores, so a model with
    // context rows gets as many seed-row targets per step as the model without them.
    Masker masker =
        new Masker(
            MaskingConfig.of(MaskingConfig.DEFAULT_RATE, MaskingStrategy.COLUMN_AWARE)
                .withTargetRows(TargetRows.SEED));
    try (RelationalEncoderModel model = new RelationalEncoderModel(config, optimizer)) {
      long started = System.nanoTime();
      losses.put(
          name,
          QualityExamples.train(
              model, tokenizer, masker, training, withContext, STEPS, BATCH, TRAINING_SEED));
      LOG.info("Trained '{}' for {} steps in {} s", name, STEPS, (System.nanoTime() - started) / 1_000_000_000);
      scores.put(name, evaluation.score(model, withContext));
    }
  }
}
