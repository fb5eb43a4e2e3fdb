package io.relstream.tokenize;

import io.relstream.schema.SemanticType;

/**
 * Turns one cell into one token of a {@link TokenBuffer}. A value whose Java type does not fit the
 * column's semantic type becomes {@link ValueIds#INVALID} instead of an exception. Not thread-safe,
 * because it reads the columns' running statistics.
 */
final class CellEncoder {
  private final int numericBins;
  private final int hashBuckets;
  private final int firstBucketId;

  CellEncoder(TokenizerConfig config) {
    this.numericBins = config.numericBins();
    this.hashBuckets = config.hashBuckets();
    this.firstBucketId = ValueIds.RESERVED + config.numericBins();
  }

  void encode(
      TableLayout.Column column,
      Object value,
      int tableId,
      int roleId,
      int rowIndex,
      TokenBuffer out) {
    if (value == null) {
      out.add(ValueIds.NULL, column.columnId, tableId, roleId, rowIndex, 0f, false);
      return;
    }
    switch (column.type) {
      case NUMERIC -> encodeNumeric(column, value, tableId, roleId, rowIndex, out);
      case TIMESTAMP -> encodeTimestamp(column, value, tableId, roleId, rowIndex, out);
      case CATEGORICAL -> encodeCategorical(column, value, tableId, roleId, rowIndex, out);
      case TEXT -> encodeText(column, value, tableId, roleId, rowIndex, out);
        // Key columns never reach here: TableLayout leaves them out.
      case KEY ->
          throw new IllegalStateException("Key column " + column.qualifiedName + " is not content");
    }
  }

  /**
   * Returns the value that running statistics should observe: the double value of a numeric cell or
   * the milliseconds of a timestamp cell. Returns NaN for null, for other columns and for Java
   * types that the column does not accept, and statistics ignore NaN.
   */
  static double observableValue(TableLayout.Column column, Object value) {
    if (column.type == SemanticType.NUMERIC && value instanceof Number number) {
      return number.doubleValue();
    }
    if (column.type == SemanticType.TIMESTAMP && isIntegral(value)) {
      return ((Number) value).longValue();
    }
    return Double.NaN;
  }

  private static boolean isIntegral(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short;
  }

  /** Accepts any {@link Number}, read as a double, so BigDecimal and Float cells work too. */
  private void encodeNumeric(
      TableLayout.Column column,
      Object value,
      int tableId,
      int roleId,
      int rowIndex,
      TokenBuffer out) {
    if (!(value instanceof Number number)) {
      addInvalid(column, tableId, roleId, rowIndex, out);
      return;
    }
    double x = number.doubleValue();
    if (Double.isNaN(x)) {
      out.add(ValueIds.NAN, column.columnId, tableId, roleId, rowIndex, 0f, false);
    } else if (x == Double.POSITIVE_INFINITY) {
      out.add(ValueIds.POS_INF, column.columnId, tableId, roleId, rowIndex, 0f, false);
    } else if (x == Double.NEGATIVE_INFINITY) {
      out.add(ValueIds.NEG_INF, column.columnId, tableId, roleId, rowIndex, 0f, false);
    } else {
      addBinned(column, x, tableId, roleId, rowIndex, out);
    }
  }

  /** Accepts integral numbers only: epoch milliseconds, or milliseconds of the day for SQL time. */
  private void encodeTimestamp(
      TableLayout.Column column,
      Object value,
      int tableId,
      int roleId,
      int rowIndex,
      TokenBuffer out) {
    if (!isIntegral(value)) {
      addInvalid(column, tableId, roleId, rowIndex, out);
      return;
    }
    long millis = ((Number) value).longValue();
    int token = addBinned(column, millis, tableId, roleId, rowIndex, out);
    if (column.timeOfDay) {
      TimeFeatures.writeTimeOfDay(millis, out.timeFeatures, out.timeFeatureOffset(token));
    } else {
      TimeFeatures.writeTimestamp(millis, out.timeFeatures, out.timeFeatureOffset(token));
    }
  }

  /** Accepts strings and booleans; a boolean hashes as the string {@code true} or {@code false}. */
  private void encodeCategorical(
      TableLayout.Column column,
      Object value,
      int tableId,
      int roleId,
      int rowIndex,
      TokenBuffer out) {
    if (value instanceof Boolean flag) {
      addHashed(column, flag.toString(), tableId, roleId, rowIndex, out);
    } else if (value instanceof String text) {
      addHashed(column, text, tableId, roleId, rowIndex, out);
    } else {
      addInvalid(column, tableId, roleId, rowIndex, out);
    }
  }

  private void encodeText(
      TableLayout.Column column,
      Object value,
      int tableId,
      int roleId,
      int rowIndex,
      TokenBuffer out) {
    if (value instanceof String text) {
      addHashed(column, text, tableId, roleId, rowIndex, out);
    } else {
      addInvalid(column, tableId, roleId, rowIndex, out);
    }
  }

  private int addBinned(
      TableLayout.Column column, double x, int tableId, int roleId, int rowIndex, TokenBuffer out) {
    int valueId = ValueIds.RESERVED + column.statistics.bin(x, numericBins);
    float z = column.statistics.zScore(x);
    return out.add(valueId, column.columnId, tableId, roleId, rowIndex, z, true);
  }

  private void addHashed(
      TableLayout.Column column,
      String text,
      int tableId,
      int roleId,
      int rowIndex,
      TokenBuffer out) {
    int valueId =
        text.isEmpty()
            ? ValueIds.EMPTY
            : firstBucketId
                + StableHash.bucket(StableHash.mixValue(column.valueHashPrefix, text), hashBuckets);
    out.add(valueId, column.columnId, tableId, roleId, rowIndex, 0f, false);
  }

  private static void addInvalid(
      TableLayout.Column column, int tableId, int roleId, int rowIndex, TokenBuffer out) {
    out.add(ValueIds.INVALID, column.columnId, tableId, roleId, rowIndex, 0f, false);
  }
}
