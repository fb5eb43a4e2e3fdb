package io.relstream.job;

import static io.relstream.job.RelstreamOptions.CATEGORY_VOCABULARY;
import static io.relstream.job.RelstreamOptions.IDENTIFIER_COLUMNS;
import static io.relstream.job.RelstreamOptions.IDENTIFIER_RATIO;
import static io.relstream.job.RelstreamOptions.MASK_CORRELATED_CHILDREN;
import static io.relstream.job.RelstreamOptions.MASK_STRATEGY;
import static io.relstream.job.RelstreamOptions.MASK_TARGET_ROWS;
import static io.relstream.job.RelstreamOptions.NUMERIC_BINS;
import static io.relstream.job.RelstreamOptions.TARGET_COLUMNS;
import static io.relstream.job.RelstreamOptions.TEXT_PIECES;
import static io.relstream.job.RelstreamOptions.TOKENIZER_REFRESH_INTERVAL;
import static io.relstream.job.RelstreamOptions.TOKENIZER_REFRESH_ROWS;

import io.relstream.config.OptionChecks;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.masking.TargetRows;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of the pre-training objective: how the tokenizer bins, builds vocabularies,
 * cuts text, detects identifiers and refreshes its versions, and how cells are masked.
 *
 * @param numericBins quantile bins per numeric column
 * @param categoryVocabulary vocabulary slots per categorical column
 * @param textPieces word pieces per long text cell
 * @param identifierRatio distinct share from which a column is an identifier
 * @param identifierColumns columns always treated as identifiers
 * @param targetColumns columns never treated as identifiers
 * @param refreshRows most rows between tokenizer versions
 * @param refreshInterval longest time between tokenizer versions
 * @param maskingWeights share of examples per masking strategy
 * @param correlatedChildren whether correlated masking takes children along
 * @param targetRows the rows whose cells may be masked
 */
public record ObjectiveSettings(
    int numericBins,
    int categoryVocabulary,
    int textPieces,
    double identifierRatio,
    Set<String> identifierColumns,
    Set<String> targetColumns,
    long refreshRows,
    Duration refreshInterval,
    Map<MaskingStrategy, Double> maskingWeights,
    boolean correlatedChildren,
    TargetRows targetRows)
    implements Serializable {

  private static final Duration MAX_REFRESH_INTERVAL = Duration.ofDays(365);

  private static final String STRATEGIES =
      "uniform, column-aware, correlated, or name:weight pairs with weights summing to 1";

  /** Reads and validates the options; an error names the key, the allowed range and the value. */
  static ObjectiveSettings from(ReadableConfig config) {
    Set<String> identifiers = columns(IDENTIFIER_COLUMNS.key(), config.get(IDENTIFIER_COLUMNS));
    Set<String> targets = columns(TARGET_COLUMNS.key(), config.get(TARGET_COLUMNS));
    Set<String> both = new TreeSet<>(identifiers);
    both.retainAll(targets);
    if (!both.isEmpty()) {
      throw OptionChecks.invalid(IDENTIFIER_COLUMNS.key(),
          "columns that " + TARGET_COLUMNS.key() + " does not list", both);
    }
    Duration interval = config.get(TOKENIZER_REFRESH_INTERVAL);
    if (interval.toMillis() < 1 || interval.compareTo(MAX_REFRESH_INTERVAL) > 0) {
      throw OptionChecks.invalid(TOKENIZER_REFRESH_INTERVAL.key(), "1 ms..365 d", interval);
    }
    return new ObjectiveSettings(
        OptionChecks.inRange(NUMERIC_BINS.key(), config.get(NUMERIC_BINS), 2, 256),
        OptionChecks.inRange(CATEGORY_VOCABULARY.key(), config.get(CATEGORY_VOCABULARY), 1, 65_536),
        OptionChecks.inRange(TEXT_PIECES.key(), config.get(TEXT_PIECES), 1, 256),
        OptionChecks.inRange(IDENTIFIER_RATIO.key(), config.get(IDENTIFIER_RATIO), 0.01, 1.0),
        identifiers,
        targets,
        OptionChecks.inRange(TOKENIZER_REFRESH_ROWS.key(), config.get(TOKENIZER_REFRESH_ROWS), 1L,
            1_000_000_000L),
        interval,
        weights(config.get(MASK_STRATEGY)),
        config.get(MASK_CORRELATED_CHILDREN),
        targetRows(config.get(MASK_TARGET_ROWS)));
  }

  private static TargetRows targetRows(String text) {
    try {
      return TargetRows.fromOptionName(text);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(MASK_TARGET_ROWS.key(), "all or seed", text);
    }
  }

  private static Map<MaskingStrategy, Double> weights(String text) {
    try {
      return MaskingConfig.parseWeights(text);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(MASK_STRATEGY.key(), STRATEGIES, text + " (" + e.getMessage() + ")");
    }
  }

  private static Set<String> columns(String key, List<String> names) {
    Set<String> columns = new TreeSet<>();
    for (String name : names) {
      String trimmed = name.trim();
      int dot = trimmed.indexOf('.');
      if (dot <= 0 || dot == trimmed.length() - 1) {
        throw OptionChecks.invalid(key, "a list of table.column names", name);
      }
      columns.add(trimmed);
    }
    return Set.copyOf(columns);
  }
}
