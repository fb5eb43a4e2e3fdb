package io.relstream.tokenize;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable sizes of the tokenizer's id spaces, the thresholds that decide how a column is
 * tokenized and the schedule of tokenizer versions. Every value is validated when the builder
 * builds the config, and the error names the field, its allowed range and the rejected value.
 */
public final class TokenizerConfig implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int numericBins;
  private final int categoryVocabulary;
  private final int hashBuckets;
  private final int maxTokens;
  private final int columnIdBuckets;
  private final int tableIdBuckets;
  private final int namePieceBuckets;
  private final int namePieces;
  private final int textPieces;
  private final int shortTextChars;
  private final double identifierRatio;
  private final int identifierMinValues;
  private final TreeSet<String> identifierColumns;
  private final TreeSet<String> targetColumns;
  private final int quantileK;
  private final long refreshRows;
  private final long refreshIntervalMillis;

  private TokenizerConfig(Builder builder) {
    this.numericBins = checkRange("numericBins", builder.numericBins, 2, 256);
    this.categoryVocabulary = checkRange("categoryVocabulary", builder.categoryVocabulary, 1, 1 << 16);
    this.hashBuckets = checkRange("hashBuckets", builder.hashBuckets, 2, 1 << 20);
    this.maxTokens = checkRange("maxTokens", builder.maxTokens, 1, 4096);
    this.columnIdBuckets = checkRange("columnIdBuckets", builder.columnIdBuckets, 1, 1 << 16);
    this.tableIdBuckets = checkRange("tableIdBuckets", builder.tableIdBuckets, 1, 1 << 16);
    this.namePieceBuckets = checkRange("namePieceBuckets", builder.namePieceBuckets, 2, 1 << 16);
    this.namePieces = checkRange("namePieces", builder.namePieces, 1, 16);
    this.textPieces = checkRange("textPieces", builder.textPieces, 1, 256);
    this.shortTextChars = checkRange("shortTextChars", builder.shortTextChars, 1, 4096);
    if (!(builder.identifierRatio > 0 && builder.identifierRatio <= 1)) {
      throw new IllegalArgumentException(
          "identifierRatio must be in (0, 1] but was " + builder.identifierRatio);
    }
    this.identifierRatio = builder.identifierRatio;
    this.identifierMinValues =
        checkRange("identifierMinValues", builder.identifierMinValues, 1, Integer.MAX_VALUE);
    this.identifierColumns = new TreeSet<>(builder.identifierColumns);
    this.targetColumns = new TreeSet<>(builder.targetColumns);
    Set<String> both = new TreeSet<>(identifierColumns);
    both.retainAll(targetColumns);
    if (!both.isEmpty()) {
      throw new IllegalArgumentException(
          "Columns " + both + " are listed both as identifier columns and as target columns");
    }
    // The limits of DataSketches' KLL k, which this option set before the sketches became
    // t-digests, so older saved configurations stay valid. A t-digest treats 8 and 9 as 10.
    this.quantileK = checkRange("quantileK", builder.quantileK, 8, QuantileDigest.MAX_COMPRESSION);
    this.refreshRows = checkRange("refreshRows", builder.refreshRows, 1, Long.MAX_VALUE);
    this.refreshIntervalMillis =
        checkRange("refreshIntervalMillis", builder.refreshIntervalMillis, 1, Long.MAX_VALUE);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Returns a config with every default, as the builder documents them. */
  public static TokenizerConfig defaults() {
    return builder().build();
  }

  /** Number of quantile bins of a numeric or timestamp column. */
  public int numericBins() {
    return numericBins;
  }

  /** Number of most frequent values of a categorical column that get a vocabulary slot. */
  public int categoryVocabulary() {
    return categoryVocabulary;
  }

  /**
   * Number of hashed buckets that rare categorical values, identifier values and text word pieces
   * share.
   */
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

  /** Number of ids of hashed name pieces; id 0 means no piece. */
  public int namePieceBuckets() {
    return namePieceBuckets;
  }

  /** Number of name pieces kept per column name and per table name. */
  public int namePieces() {
    return namePieces;
  }

  /** Maximum number of word-piece tokens of one long text cell. */
  public int textPieces() {
    return textPieces;
  }

  /**
   * Length in chars up to which text counts as short: a text column whose 90th percentile of value
   * lengths is at most this long is tokenized as categorical.
   */
  public int shortTextChars() {
    return shortTextChars;
  }

  /**
   * Share of distinct values among a text or categorical column's values at or above which the
   * column counts as an identifier in disguise and is not a prediction target.
   */
  public double identifierRatio() {
    return identifierRatio;
  }

  /** Number of non-null values a column needs before it can count as an identifier. */
  public int identifierMinValues() {
    return identifierMinValues;
  }

  /** Columns ({@code table.column}) that always count as identifiers. */
  public Set<String> identifierColumns() {
    return Set.copyOf(identifierColumns);
  }

  /** Columns ({@code table.column}) that never count as identifiers. */
  public Set<String> targetColumns() {
    return Set.copyOf(targetColumns);
  }

  /**
   * Returns the compression of the quantile sketches (t-digests). A larger value keeps more
   * centroids, so it is more accurate and larger in memory.
   */
  public int quantileK() {
    return quantileK;
  }

  /** Maximum number of rows observed between two tokenizer versions. */
  public long refreshRows() {
    return refreshRows;
  }

  /** Maximum processing time between two tokenizer versions while rows arrive, in ms. */
  public long refreshIntervalMillis() {
    return refreshIntervalMillis;
  }

  /** Returns the first value id of the numeric bins. */
  public int firstBinId() {
    return ValueIds.RESERVED;
  }

  /** Returns the first value id of the categorical vocabulary slots. */
  public int firstSlotId() {
    return ValueIds.RESERVED + numericBins;
  }

  /** Returns the first value id of the hashed buckets. */
  public int firstBucketId() {
    return firstSlotId() + categoryVocabulary;
  }

  /**
   * Returns the size of the value vocabulary: the reserved ids, the bins, the vocabulary slots and
   * the hashed buckets. It does not depend on the data, so every tokenizer version fits one model.
   */
  public int vocabularySize() {
    return firstBucketId() + hashBuckets;
  }

  static int checkRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in [" + min + ", " + max + "] but was " + value);
    }
    return value;
  }

  static long checkRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in [" + min + ", " + max + "] but was " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "TokenizerConfig{numericBins=" + numericBins
        + ", categoryVocabulary=" + categoryVocabulary
        + ", hashBuckets=" + hashBuckets
        + ", maxTokens=" + maxTokens
        + ", columnIdBuckets=" + columnIdBuckets
        + ", tableIdBuckets=" + tableIdBuckets
        + ", namePieceBuckets=" + namePieceBuckets
        + ", namePieces=" + namePieces
        + ", textPieces=" + textPieces
        + ", shortTextChars=" + shortTextChars
        + ", identifierRatio=" + identifierRatio
        + ", identifierMinValues=" + identifierMinValues
        + ", identifierColumns=" + identifierColumns
        + ", targetColumns=" + targetColumns
        + ", quantileK=" + quantileK
        + ", refreshRows=" + refreshRows
        + ", refreshIntervalMillis=" + refreshIntervalMillis
        + "}";
  }

  /** Collects the settings, which {@link #build()} validates. */
  public static final class Builder {
    private int numericBins = 32;
    private int categoryVocabulary = 256;
    private int hashBuckets = 4096;
    private int maxTokens = 128;
    private int columnIdBuckets = 1024;
    private int tableIdBuckets = 128;
    private int namePieceBuckets = 1024;
    private int namePieces = 4;
    private int textPieces = 16;
    private int shortTextChars = 32;
    private double identifierRatio = 0.9;
    private int identifierMinValues = 50;
    private Set<String> identifierColumns = Set.of();
    private Set<String> targetColumns = Set.of();
    private int quantileK = 200;
    private long refreshRows = 50_000;
    private long refreshIntervalMillis = 300_000;

    private Builder() {}

    /** Default 32. */
    public Builder numericBins(int value) {
      numericBins = value;
      return this;
    }

    /** Default 256. */
    public Builder categoryVocabulary(int value) {
      categoryVocabulary = value;
      return this;
    }

    /** Default 4096. */
    public Builder hashBuckets(int value) {
      hashBuckets = value;
      return this;
    }

    /** Default 128. */
    public Builder maxTokens(int value) {
      maxTokens = value;
      return this;
    }

    /** Default 1024. */
    public Builder columnIdBuckets(int value) {
      columnIdBuckets = value;
      return this;
    }

    /** Default 128. */
    public Builder tableIdBuckets(int value) {
      tableIdBuckets = value;
      return this;
    }

    /** Default 1024. */
    public Builder namePieceBuckets(int value) {
      namePieceBuckets = value;
      return this;
    }

    /** Default 4. */
    public Builder namePieces(int value) {
      namePieces = value;
      return this;
    }

    /** Default 16. */
    public Builder textPieces(int value) {
      textPieces = value;
      return this;
    }

    /** Default 32. */
    public Builder shortTextChars(int value) {
      shortTextChars = value;
      return this;
    }

    /** Default 0.9. */
    public Builder identifierRatio(double value) {
      identifierRatio = value;
      return this;
    }

    /** Default 50. */
    public Builder identifierMinValues(int value) {
      identifierMinValues = value;
      return this;
    }

    /** Default none. */
    public Builder identifierColumns(Set<String> columns) {
      identifierColumns = Set.copyOf(columns);
      return this;
    }

    /** Default none. */
    public Builder targetColumns(Set<String> columns) {
      targetColumns = Set.copyOf(columns);
      return this;
    }

    /**
     * Default 200: the t-digest compression. Its rank error is smallest near the extremes and
     * largest near the median.
     */
    public Builder quantileK(int value) {
      quantileK = value;
      return this;
    }

    /** Default 50,000. */
    public Builder refreshRows(long value) {
      refreshRows = value;
      return this;
    }

    /** Default 300,000 ms (5 minutes). */
    public Builder refreshIntervalMillis(long value) {
      refreshIntervalMillis = value;
      return this;
    }

    /**
     * Validates the settings and builds the config, or throws IllegalArgumentException naming the
     * field.
     */
    public TokenizerConfig build() {
      return new TokenizerConfig(this);
    }
  }
}
