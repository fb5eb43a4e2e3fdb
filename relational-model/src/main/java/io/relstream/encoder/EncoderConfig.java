package io.relstream.encoder;

import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.ValueIds;
import java.io.Serializable;

/**
 * Sizes and training settings of the relational encoder. The canonical constructor validates every
 * field, and an error names the field, its allowed range and the rejected value.
 *
 * @param modelDim width of the token states, a multiple of {@code heads}
 * @param heads number of attention heads
 * @param layers number of transformer layers
 * @param ffnDim width of the hidden layer of each feed-forward block
 * @param embeddingDim size of the published entity embedding
 * @param maxTokens maximum tokens per example, which also sizes the row-index embedding
 * @param vocabularySize size of the tokenizer's value vocabulary
 * @param columnIdBuckets number of column ids the tokenizer produces
 * @param tableIdBuckets number of table ids the tokenizer produces
 * @param namePieceBuckets number of name-piece ids the tokenizer produces, 0 meaning no piece
 * @param namePieces number of name pieces per column name and per table name
 * @param learningRate the peak AdamW learning rate of a model created without an {@link
 *     OptimizerConfig}
 * @param seed the engine random seed set before parameter initialization (DJL takes an int)
 * @param regressionLossWeight the weight of the regression loss in the total loss
 * @param intraOpThreads number of threads that PyTorch uses inside one operator, for the whole
 *     process
 * @param attention which keys the attention heads may attend to; {@link AttentionMode#RELATIONAL}
 *     needs {@code heads} to be a multiple of {@link #ATTENTION_GROUPS}
 * @param relationBias whether each layer of relational attention learns a bias per head for the
 *     relation of a key's row to the query's row (the same row, a parent, a child, another row);
 *     ignored by full attention
 */
public record EncoderConfig(
    int modelDim,
    int heads,
    int layers,
    int ffnDim,
    int embeddingDim,
    int maxTokens,
    int vocabularySize,
    int columnIdBuckets,
    int tableIdBuckets,
    int namePieceBuckets,
    int namePieces,
    float learningRate,
    int seed,
    float regressionLossWeight,
    int intraOpThreads,
    AttentionMode attention,
    boolean relationBias)
    implements Serializable {

  /** Number of head groups of relational attention: column, feature, neighbour and full. */
  public static final int ATTENTION_GROUPS = 4;

  public EncoderConfig {
    checkRange("modelDim", modelDim, 8, 4096);
    checkRange("heads", heads, 1, 64);
    if (modelDim % heads != 0) {
      throw new IllegalArgumentException(
          "modelDim must be a multiple of heads, but modelDim was "
              + modelDim
              + " and heads "
              + heads);
    }
    checkRange("layers", layers, 1, 48);
    checkRange("ffnDim", ffnDim, 1, 1 << 16);
    checkRange("embeddingDim", embeddingDim, 1, 4096);
    checkRange("maxTokens", maxTokens, 1, 4096);
    checkRange("vocabularySize", vocabularySize, ValueIds.RESERVED + 1, 1 << 24);
    checkRange("columnIdBuckets", columnIdBuckets, 1, 1 << 16);
    checkRange("tableIdBuckets", tableIdBuckets, 1, 1 << 16);
    checkRange("namePieceBuckets", namePieceBuckets, 2, 1 << 16);
    checkRange("namePieces", namePieces, 1, 16);
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("learningRate must be in (0, 1] but was " + learningRate);
    }
    if (!(regressionLossWeight >= 0 && regressionLossWeight <= 1000)) {
      throw new IllegalArgumentException(
          "regressionLossWeight must be in [0, 1000] but was " + regressionLossWeight);
    }
    checkRange("intraOpThreads", intraOpThreads, 1, 1024);
    if (attention == null) {
      throw new IllegalArgumentException("attention must be RELATIONAL or FULL but was missing");
    }
    if (attention == AttentionMode.RELATIONAL && heads % ATTENTION_GROUPS != 0) {
      throw new IllegalArgumentException(
          "heads must be a multiple of "
              + ATTENTION_GROUPS
              + " with RELATIONAL attention, one group per attention kind, but was "
              + heads);
    }
  }

  /** Returns the number of heads in each group of relational attention. */
  public int headsPerGroup() {
    return heads / ATTENTION_GROUPS;
  }

  /**
   * Returns a builder with the defaults and the vocabulary and id sizes of the default tokenizer.
   */
  public static Builder builder() {
    return builder(TokenizerConfig.defaults());
  }

  /**
   * Returns a builder with the defaults and the vocabulary, id sizes, name pieces and maxTokens of
   * a tokenizer.
   */
  public static Builder builder(TokenizerConfig tokenizer) {
    Builder builder = new Builder();
    builder.maxTokens = tokenizer.maxTokens();
    builder.vocabularySize = tokenizer.vocabularySize();
    builder.columnIdBuckets = tokenizer.columnIdBuckets();
    builder.tableIdBuckets = tokenizer.tableIdBuckets();
    builder.namePieceBuckets = tokenizer.namePieceBuckets();
    builder.namePieces = tokenizer.namePieces();
    return builder;
  }

  private static void checkRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in [" + min + ", " + max + "] but was " + value);
    }
  }

  /** Collects the settings, which {@link #build()} validates. */
  public static final class Builder {
    private int modelDim = 64;
    private int heads = 4;
    private int layers = 2;
    private int ffnDim = 128;
    private int embeddingDim = 32;
    private int maxTokens;
    private int vocabularySize;
    private int columnIdBuckets;
    private int tableIdBuckets;
    private int namePieceBuckets;
    private int namePieces;
    private float learningRate = 1e-3f;
    private int seed = 42;
    private float regressionLossWeight = 1f;
    private int intraOpThreads = 1;
    private AttentionMode attention = AttentionMode.RELATIONAL;
    private boolean relationBias = true;

    private Builder() {}

    public Builder relationBias(boolean value) {
      relationBias = value;
      return this;
    }

    public Builder attention(AttentionMode value) {
      attention = value;
      return this;
    }

    public Builder modelDim(int value) {
      modelDim = value;
      return this;
    }

    public Builder heads(int value) {
      heads = value;
      return this;
    }

    public Builder layers(int value) {
      layers = value;
      return this;
    }

    public Builder ffnDim(int value) {
      ffnDim = value;
      return this;
    }

    public Builder embeddingDim(int value) {
      embeddingDim = value;
      return this;
    }

    public Builder maxTokens(int value) {
      maxTokens = value;
      return this;
    }

    public Builder learningRate(float value) {
      learningRate = value;
      return this;
    }

    public Builder seed(int value) {
      seed = value;
      return this;
    }

    public Builder regressionLossWeight(float value) {
      regressionLossWeight = value;
      return this;
    }

    public Builder intraOpThreads(int value) {
      intraOpThreads = value;
      return this;
    }

    public EncoderConfig build() {
      return new EncoderConfig(
          modelDim,
          heads,
          layers,
          ffnDim,
          embeddingDim,
          maxTokens,
          vocabularySize,
          columnIdBuckets,
          tableIdBuckets,
          namePieceBuckets,
          namePieces,
          learningRate,
          seed,
          regressionLossWeight,
          intraOpThreads,
          attention,
          relationBias);
    }
  }
}
