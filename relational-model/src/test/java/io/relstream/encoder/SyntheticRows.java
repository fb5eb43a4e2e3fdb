package io.relstream.encoder;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.Masker;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic table {@code items(id, a, b, c)} where {@code a} is one of {@value #VALUES}
 * categories, {@code b} repeats {@code a} and {@code c} is ten times a's index, so every masked
 * cell is a deterministic function of the others in its row. A second table {@code tags(id)} has
 * only a key, so its rows produce no tokens. Every category is observed twice before the one
 * tokenizer version that all rows are tokenized with, so each has a vocabulary slot.
 */
final class SyntheticRows {
  static final int VALUES = 8;
  static final TokenizerConfig TOKENIZER =
      TokenizerConfig.builder().numericBins(8).hashBuckets(256).build();

  private final Tokenizer tokenizer = new Tokenizer(schema(), TOKENIZER);
  private final Masker masker = new Masker(MaskingConfig.of(0.15, MaskingStrategy.UNIFORM));
  private final SplittableRandom maskRandom = new SplittableRandom(11L);
  private final SplittableRandom random = new SplittableRandom(5L);
  private int nextKey;

  SyntheticRows() {
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < VALUES; i++) {
        tokenizer.observe(example(i));
      }
    }
    tokenizer.refresh(0L);
  }

  static EncoderConfig.Builder smallEncoder() {
    return EncoderConfig.builder(TOKENIZER)
        .modelDim(32)
        .heads(4)
        .layers(2)
        .ffnDim(64)
        .embeddingDim(16);
  }

  private static DatabaseSchema schema() {
    List<ColumnSchema> columns =
        List.of(
            new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false),
            new ColumnSchema("a", "text", Types.VARCHAR, SemanticType.CATEGORICAL, true),
            new ColumnSchema("b", "text", Types.VARCHAR, SemanticType.CATEGORICAL, true),
            new ColumnSchema("c", "int4", Types.INTEGER, SemanticType.NUMERIC, true));
    TableSchema tags =
        new TableSchema(
            "tags",
            List.of(new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false)),
            List.of("id"),
            List.of(),
            null,
            null);
    return new DatabaseSchema(
        List.of(new TableSchema("items", columns, List.of("id"), List.of(), null, null), tags));
  }

  private Example example(int category) {
    ExampleRow seed = item(category, RowRole.SEED);
    return new Example("items", seed.key(), 0L, 0L, List.of(seed));
  }

  private ExampleRow item(int category, RowRole role) {
    String key = Integer.toString(nextKey++);
    String value = "v" + category;
    return new ExampleRow(
        "items",
        key,
        role,
        role == RowRole.SEED ? 0 : 1,
        0L,
        new Object[] {(long) nextKey, value, value, category * 10});
  }

  /** Builds the next tokenizer version from the same sketches. */
  void refreshAgain() {
    tokenizer.refresh(0L);
  }

  /** Returns the three tokens of one item row. */
  TokenizedExample tokenized(int category) {
    return tokenizer.tokenize(example(category));
  }

  /** Returns an item seed followed by {@code children} child items of the same category. */
  TokenizedExample withChildren(int category, int children) {
    List<ExampleRow> rows = new ArrayList<>();
    rows.add(item(category, RowRole.SEED));
    for (int i = 0; i < children; i++) {
      rows.add(item(category, RowRole.CHILD));
    }
    return tokenizer.tokenize(new Example("items", rows.get(0).key(), 0L, 0L, rows));
  }

  /** Returns a tag seed, which has no tokens of its own, followed by {@code children} items. */
  TokenizedExample tagWithChildren(int children) {
    List<ExampleRow> rows = new ArrayList<>();
    rows.add(
        new ExampleRow(
            "tags", "t" + nextKey++, RowRole.SEED, 0, 0L, new Object[] {(long) nextKey}));
    for (int i = 0; i < children; i++) {
      rows.add(item(i % VALUES, RowRole.CHILD));
    }
    return tokenizer.tokenize(new Example("tags", rows.get(0).key(), 0L, 0L, rows));
  }

  /** Returns one item row of a category, masked. */
  MaskedExample masked(int category) {
    return masker.mask(tokenized(category), maskRandom);
  }

  /** Returns a training batch of random rows, each with at least one masked cell. */
  TokenBatch maskedBatch(int size) {
    List<MaskedExample> examples = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      examples.add(masker.mask(tokenized(random.nextInt(VALUES)), maskRandom));
    }
    return TokenBatch.collate(examples, TOKENIZER.maxTokens());
  }

  /** Returns a training batch of random items with two child items of the same category each. */
  TokenBatch maskedBatchWithChildren(int size) {
    List<MaskedExample> examples = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      examples.add(masker.mask(withChildren(random.nextInt(VALUES), 2), maskRandom));
    }
    return TokenBatch.collate(examples, TOKENIZER.maxTokens());
  }

  /** Returns an unmasked batch with one row of each category, in category order. */
  TokenBatch everyCategory() {
    List<TokenizedExample> examples = new ArrayList<>();
    for (int i = 0; i < VALUES; i++) {
      examples.add(tokenized(i));
    }
    return TokenBatch.collateUnmasked(examples, TOKENIZER.maxTokens());
  }
}
