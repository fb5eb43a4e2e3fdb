package io.relstream.tokenize;

import java.io.Serializable;

/**
 * Immutable sizes of the tokenizer's id spaces. Every value is validated when the builder builds
 * the config, and the error names the field, its allowed range and the rejected value.
 */
public final class TokenizerConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numericBins;
  private final int hashBuckets;
  private final int maxTokens;
  private final int columnIdBuckets;
  private final int tableIdBuckets;

  private TokenizerConfig(Builder builder) {
    this.numericBins = checkRange("numericBins", builder.numericBins, 2, 256);
    this.hashBuckets = checkRange("hashBuckets", builder.hashBuckets, 2, 1 << 20);
    this.maxTokens = checkRange("maxTokens", builder.maxTokens, 1, 4096);
    this.columnIdBuckets = checkRange("columnIdBuckets", builder.columnIdBuckets, 1, 1 << 16);
    this.tableIdBuckets = checkRange("tableIdBuckets", builder.tableIdBuckets, 1, 1 << 16);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a config with every default: 32 bins, 4096 buckets, 128 tokens, 1024 and 128 id
   * buckets.
   */
  public static TokenizerConfig defaults() {
    return builder().build();
  }

  /**
   * Number of bins that a numeric or timestamp value falls into, between the column's min and max.
   */
  public int numericBins() {
    return numericBins;
  }

  /** Number of hash buckets that categorical and text values of all columns share. */
  public int hashBuckets() {
    return hashBuckets;
  }

  /** Maximum number of tokens in one example. */
  public int maxTokens() {
    return maxTokens;
  }

  public int columnIdBuckets() {
    return columnIdBuckets;
  }

  public int tableIdBuckets() {
    return tableIdBuckets;
  }

  /**
   * Returns the size of the value vocabulary: the reserved ids, then the bins, then the buckets.
   */
  public int vocabularySize() {
    return ValueIds.RESERVED + numericBins + hashBuckets;
  }

  static int checkRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in [" + min + ", " + max + "] but was " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "TokenizerConfig{numericBins="
        + numericBins
        + ", hashBuckets="
        + hashBuckets
        + ", maxTokens="
        + maxTokens
        + ", columnIdBuckets="
        + columnIdBuckets
        + ", tableIdBuckets="
        + tableIdBuckets
        + "}";
  }

  /** Collects the sizes, which {@link #build()} validates. */
  public static final class Builder {
    private int numericBins = 32;
    private int hashBuckets = 4096;
    private int maxTokens = 128;
    private int columnIdBuckets = 1024;
    private int tableIdBuckets = 128;

    private Builder() {}

    public Builder numericBins(int numericBins) {
      this.numericBins = numericBins;
      return this;
    }

    public Builder hashBuckets(int hashBuckets) {
      this.hashBuckets = hashBuckets;
      return this;
    }

    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder columnIdBuckets(int columnIdBuckets) {
      this.columnIdBuckets = columnIdBuckets;
      return this;
    }

    public Builder tableIdBuckets(int tableIdBuckets) {
      this.tableIdBuckets = tableIdBuckets;
      return this;
    }

    /**
     * Validates the sizes and builds the config, or throws IllegalArgumentException naming the
     * field.
     */
    public TokenizerConfig build() {
      return new TokenizerConfig(this);
    }
  }
}
