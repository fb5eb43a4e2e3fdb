package io.relstream.tokenize;

/**
 * Turns one cell into its tokens with one tokenizer version's statistics. A value that cannot be
 * read (a wrong Java type, a value outside its type's range, invalid text) becomes a special token
 * instead of an exception. Not thread-safe, because it reuses a buffer for word pieces.
 */
final class CellEncoder {
  private final TokenizerConfig config;
  private final int[] pieces;

  CellEncoder(TokenizerConfig config) {
    this.config = config;
    this.pieces = new int[config.textPieces()];
  }

  /** Appends the tokens of one cell, whose cell the caller has started on {@code out}. */
  void encode(
      TableLayout.Column column, ColumnVersion stats, Object value, long seedMillis, TokenBuffer out) {
    switch (stats.kind) {
      case NUMERIC -> encodeNumeric(column, stats, value, out);
      case TIMESTAMP, TIME_OF_DAY -> encodeTimestamp(column, stats, value, seedMillis, out);
      case CATEGORICAL -> encodeCategorical(column, stats, value, out);
      case TEXT_BAG -> encodeTextBag(column, value, out);
    }
  }

  private void encodeNumeric(
      TableLayout.Column column, ColumnVersion stats, Object value, TokenBuffer out) {
    int special = CellValues.numericSpecial(column, value);
    if (special != CellValues.ORDINARY) {
      addSpecial(special, out);
      return;
    }
    addBinned(stats, CellValues.numberOf(value), out);
  }

  /**
   * Encodes integral milliseconds: epoch milliseconds, or milliseconds of the day for SQL time. A
   * date-bearing value later than the seed time becomes FUTURE, unless the column is its table's
   * time column, whose values never exceed the seed time of an example they appear in.
   */
  private void encodeTimestamp(
      TableLayout.Column column,
      ColumnVersion stats,
      Object value,
      long seedMillis,
      TokenBuffer out) {
    int special = CellValues.timestampSpecial(column, value);
    if (special != CellValues.ORDINARY) {
      addSpecial(special, out);
      return;
    }
    long millis = ((Number) value).longValue();
    if (!column.timeOfDay && !column.timeColumn && millis > seedMillis) {
      addSpecial(ValueIds.FUTURE, out);
      return;
    }
    int token = addBinned(stats, millis, out);
    if (column.timeOfDay) {
      TimeFeatures.writeTimeOfDay(millis, out.timeFeatures, out.timeFeatureOffset(token));
    } else {
      TimeFeatures.writeTimestamp(millis, seedMillis, out.timeFeatures, out.timeFeatureOffset(token));
    }
  }

  /**
   * Encodes a value from the vocabulary as its slot, which is also its class target. A value
   * outside the vocabulary has its hashed bucket as input and OOV as class target.
   */
  private void encodeCategorical(
      TableLayout.Column column, ColumnVersion stats, Object value, TokenBuffer out) {
    String text = readText(value, out);
    if (text == null) {
      return;
    }
    String key = ValueText.key(text);
    int slot = stats.slot(key);
    if (slot >= 0) {
      int valueId = config.firstSlotId() + slot;
      out.add(valueId, valueId, 0f, false);
      return;
    }
    int bucket = StableHash.bucket(StableHash.mixValue(column.valueHashPrefix, text), config.hashBuckets());
    out.add(config.firstBucketId() + bucket, ValueIds.OOV, 0f, false);
  }

  /**
   * Encodes long text as up to {@code textPieces} word-piece tokens, each its own class target. A
   * value without letters or digits becomes one token of its hashed bucket.
   */
  private void encodeTextBag(TableLayout.Column column, Object value, TokenBuffer out) {
    String text = readText(value, out);
    if (text == null) {
      return;
    }
    int count = TextPieces.buckets(text, config.hashBuckets(), pieces);
    if (count == 0) {
      int bucket = StableHash.bucket(StableHash.mixValue(column.valueHashPrefix, text), config.hashBuckets());
      pieces[count++] = bucket;
    }
    for (int i = 0; i < count && !out.isFull(); i++) {
      int valueId = config.firstBucketId() + pieces[i];
      out.add(valueId, valueId, 0f, false);
    }
  }

  /**
   * Returns the cell's non-empty valid text, or null after adding the cell's special token (NULL,
   * EMPTY, INVALID_TEXT, or INVALID for another Java type).
   */
  private static String readText(Object value, TokenBuffer out) {
    if (value == null) {
      addSpecial(ValueIds.NULL, out);
      return null;
    }
    String text = ValueText.read(value);
    if (text == null) {
      addSpecial(ValueIds.INVALID, out);
      return null;
    }
    if (text == ValueText.INVALID) {
      addSpecial(ValueIds.INVALID_TEXT, out);
      return null;
    }
    if (text.isEmpty()) {
      addSpecial(ValueIds.EMPTY, out);
      return null;
    }
    return text;
  }

  private int addBinned(ColumnVersion stats, double x, TokenBuffer out) {
    int valueId = config.firstBinId() + stats.bin(x, config.numericBins());
    return out.add(valueId, valueId, stats.normalized(x), true);
  }

  /**
   * Adds a special token, which is its own class target when {@link ValueIds#isClassTarget} is
   * true.
   */
  private static void addSpecial(int valueId, TokenBuffer out) {
    out.add(valueId, ValueIds.isClassTarget(valueId) ? valueId : -1, 0f, false);
  }
}
