package io.relstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.relstream.tokenize.ColumnKind;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.ValueIds;

/**
 * Converts a {@link TokenBatch} into the arrays that {@link RelationalEncoderBlock} reads.
 * Stateless.
 */
final class BatchInputs {
  /** The largest hop id; rows further from the seed share it. */
  static final int MAX_HOP = 3;

  /** Number of mask-kind ids: 0 for a visible token, then one per column kind. */
  static final int MASK_KINDS = 1 + ColumnKind.values().length;

  private BatchInputs() {}

  /**
   * Returns the encoder inputs in the order that {@link RelationalEncoderBlock} documents: five id
   * arrays {@code [B, L]}, the numeric features {@code [B, L, 10]}, the real-token mask {@code [B,
   * L]}, the column-name and table-name piece ids {@code [B, L, namePieces]}, the hop ids and the
   * mask-kind ids {@code [B, L]}, then the attention bias: {@code [B, 4, L, L]} for relational
   * attention (see {@link AttentionBias#relational}) or {@code [B, 1, 1, L]} for full attention.
   * A masked token gets the value id MASK, zero features and the mask-kind id 1 + its column kind's
   * ordinal, but keeps its column and table identity. A visible token gets mask-kind id 0. Row
   * indexes are capped at {@code config.maxTokens() - 1} and hops at {@link #MAX_HOP}.
   *
   * @throws IllegalArgumentException when an id is outside the config's vocabulary or buckets,
   *     which means the tokenizer and the encoder were configured with different sizes
   */
  static NDList encoderInputs(TokenBatch batch, NDManager manager, EncoderConfig config) {
    int length = batch.length();
    InputArrays arrays = new InputArrays(batch.size() * length, config.namePieces());
    for (int b = 0; b < batch.size(); b++) {
      TokenizedExample example = batch.example(b);
      for (int t = 0; t < length; t++) {
        int position = b * length + t;
        // Padding keeps the zeros it was allocated with: ValueIds.PAD is 0 and so is its real flag.
        if (batch.isReal(position)) {
          arrays.put(position, example, t, batch.isMasked(position), config);
        }
      }
    }
    NDList inputs = arrays.toNDList(manager, batch.size(), length);
    inputs.add(attentionBias(batch, manager, config));
    return inputs;
  }

  private static NDArray attentionBias(TokenBatch batch, NDManager manager, EncoderConfig config) {
    int length = batch.length();
    if (config.attention() == AttentionMode.RELATIONAL) {
      Shape shape = new Shape(batch.size(), AttentionBias.CHANNELS, length, length);
      return manager.create(AttentionBias.relational(batch), shape);
    }
    return manager.create(AttentionBias.keyPadding(batch), new Shape(batch.size(), 1, 1, length));
  }

  private static int checkId(String kind, int id, int size) {
    if (id < 0 || id >= size) {
      throw new IllegalArgumentException(
          "Token "
              + kind
              + " "
              + id
              + " is outside the encoder's range [0, "
              + size
              + "): configure the encoder with EncoderConfig.builder(tokenizerConfig)");
    }
    return id;
  }

  /** The flat input arrays of one batch while they are filled. */
  private static final class InputArrays {
    final long[] valueIds;
    final long[] columnIds;
    final long[] tableIds;
    final long[] roleIds;
    final long[] rowIds;
    final float[] numeric;
    final float[] real;
    final int pieces;
    final long[] columnPieces;
    final long[] tablePieces;
    final long[] hops;
    final long[] maskKinds;

    InputArrays(int positions, int pieces) {
      hops = new long[positions];
      maskKinds = new long[positions];
      this.pieces = pieces;
      columnPieces = new long[positions * pieces];
      tablePieces = new long[positions * pieces];
      valueIds = new long[positions];
      columnIds = new long[positions];
      tableIds = new long[positions];
      roleIds = new long[positions];
      rowIds = new long[positions];
      numeric = new float[positions * TokenBatch.NUMERIC_FEATURES];
      real = new float[positions];
    }

    void put(int position, TokenizedExample example, int t, boolean masked, EncoderConfig config) {
      real[position] = 1f;
      // Checked even when masked, because the value id is then the class target.
      int valueId = checkId("value id", example.valueId(t), config.vocabularySize());
      columnIds[position] = checkId("column id", example.columnId(t), config.columnIdBuckets());
      tableIds[position] = checkId("table id", example.tableId(t), config.tableIdBuckets());
      roleIds[position] = example.roleId(t);
      rowIds[position] = Math.min(example.rowIndex(t), config.maxTokens() - 1);
      hops[position] = Math.min(example.rowHop(example.rowIndex(t)), MAX_HOP);
      putPieces(position, example, t, config);
      if (masked) {
        valueIds[position] = ValueIds.MASK;
        maskKinds[position] = 1 + example.cellKind(example.cellIndex(t)).ordinal();
        return;
      }
      valueIds[position] = valueId;
      int offset = position * TokenBatch.NUMERIC_FEATURES;
      numeric[offset] = example.numericValue(t);
      for (int f = 0; f < TokenizedExample.TIME_FEATURES; f++) {
        numeric[offset + 1 + f] = example.timeFeature(t, f);
      }
    }

    private void putPieces(int position, TokenizedExample example, int t, EncoderConfig config) {
      if (example.namePieces() != pieces) {
        throw new IllegalArgumentException(
            "Tokens carry "
                + example.namePieces()
                + " name pieces but the encoder reads "
                + pieces
                + ": configure the encoder with EncoderConfig.builder(tokenizerConfig)");
      }
      for (int p = 0; p < pieces; p++) {
        int offset = position * pieces + p;
        columnPieces[offset] =
            checkId("column name piece", example.columnPiece(t, p), config.namePieceBuckets());
        tablePieces[offset] =
            checkId("table name piece", example.tablePiece(t, p), config.namePieceBuckets());
      }
    }

    NDList toNDList(NDManager manager, int batchSize, int length) {
      Shape shape = new Shape(batchSize, length);
      Shape pieceShape = new Shape(batchSize, length, pieces);
      return new NDList(
          manager.create(valueIds, shape),
          manager.create(columnIds, shape),
          manager.create(tableIds, shape),
          manager.create(roleIds, shape),
          manager.create(rowIds, shape),
          manager.create(numeric, new Shape(batchSize, length, TokenBatch.NUMERIC_FEATURES)),
          manager.create(real, shape),
          manager.create(columnPieces, pieceShape),
          manager.create(tablePieces, pieceShape),
          manager.create(hops, shape),
          manager.create(maskKinds, shape));
    }
  }

  /**
   * Returns pooling weights {@code [B, L]} that average the seed row's tokens. An example whose
   * seed row produced no token (a table with only key columns) averages all of its tokens, and an
   * example without tokens gets zero weights.
   */
  static NDArray poolingWeights(TokenBatch batch, NDManager manager) {
    int length = batch.length();
    float[] weights = new float[batch.size() * length];
    for (int b = 0; b < batch.size(); b++) {
      TokenizedExample example = batch.example(b);
      int seedTokens = 0;
      int realTokens = 0;
      for (int t = 0; t < length && batch.isReal(b * length + t); t++) {
        realTokens++;
        if (example.roleId(t) == 0) {
          seedTokens++;
        }
      }
      boolean seedOnly = seedTokens > 0;
      int pooled = seedOnly ? seedTokens : realTokens;
      for (int t = 0; t < realTokens; t++) {
        if (!seedOnly || example.roleId(t) == 0) {
          weights[b * length + t] = 1f / pooled;
        }
      }
    }
    return manager.create(weights, new Shape(batch.size(), length));
  }

  /**
   * Returns the flat positions and targets of the masked tokens that the loss reads, with their
   * columns' class ids and per-column weights.
   */
  static MaskedTargets maskedTargets(TokenBatch batch) {
    int length = batch.length();
    MaskedTargets.Builder targets = new MaskedTargets.Builder();
    for (int b = 0; b < batch.size(); b++) {
      TokenizedExample example = batch.example(b);
      for (int t = 0; t < length; t++) {
        int position = b * length + t;
        if (!batch.isMasked(position)) {
          continue;
        }
        int cell = example.cellIndex(t);
        String column = example.cellColumn(cell);
        if (example.targetClass(t) >= 0) {
          targets.addClass(position, example.targetClass(t), column, example.cellClassIds(cell));
        }
        if (example.hasRegressionTarget(t)) {
          targets.addRegression(position, example.targetValue(t), column);
        }
      }
    }
    return targets.build();
  }
}
