package io.relstream.tokenize;

import java.io.Serializable;

/**
 * The tokens of one example, tokenized with one tokenizer version. Tokens are grouped into cells
 * (one value of one row: one token, or several for a bag of word pieces) and cells into rows, the
 * seed row's cells first. Immutable. Per-token accessors take a token index in {@code [0,
 * size())}, per-cell ones a cell index in {@code [0, cellCount())}, per-row ones a row index in
 * {@code [0, rowCount())}.
 */
public final class TokenizedExample implements Serializable {
  private static final long serialVersionUID = 3L;

  /** Number of time features per token. */
  public static final int TIME_FEATURES = TimeFeatures.COUNT;

  private final String seedTable;
  private final String seedKey;
  private final long seedTimeMillis;
  private final long commitTimeMillis;
  private final long tokenizerVersion;
  private final int namePieces;
  private final int[] valueIds;
  private final int[] columnIds;
  private final int[] tableIds;
  private final int[] roleIds;
  private final int[] rowIndexes;
  private final int[] cellIndexes;
  private final float[] numericValues;

  /** {@link #TIME_FEATURES} values per token, token after token. */
  private final float[] timeFeatures;

  private final int[] targetClasses;
  private final boolean[] regressionTargets;

  /** {@link #namePieces} ids per token, token after token. */
  private final int[] columnPieces;

  private final int[] tablePieces;
  private final String[] cellColumns;
  private final int[] cellFirstTokens;
  private final int[] cellRows;
  private final boolean[] cellMaskable;
  private final int[] cellKinds;

  /** Per cell its column's class ids, one shared array per column and tokenizer version. */
  private final int[][] cellClasses;

  private final int[] rowRoles;
  private final int[] rowHops;
  private final int[] rowVias;

  /** Takes ownership of the buffer's arrays, which must already be trimmed to their counts. */
  TokenizedExample(
      String seedTable,
      String seedKey,
      long seedTimeMillis,
      long commitTimeMillis,
      long tokenizerVersion,
      TokenBuffer tokens) {
    this.seedTable = seedTable;
    this.seedKey = seedKey;
    this.seedTimeMillis = seedTimeMillis;
    this.commitTimeMillis = commitTimeMillis;
    this.tokenizerVersion = tokenizerVersion;
    this.namePieces = tokens.piecesPerName;
    this.valueIds = tokens.valueIds;
    this.columnIds = tokens.columnIds;
    this.tableIds = tokens.tableIds;
    this.roleIds = tokens.roleIds;
    this.rowIndexes = tokens.rowIndexes;
    this.cellIndexes = tokens.cellIndexes;
    this.numericValues = tokens.numericValues;
    this.timeFeatures = tokens.timeFeatures;
    this.targetClasses = tokens.targetClasses;
    this.regressionTargets = tokens.regressionTargets;
    this.columnPieces = tokens.columnPieces;
    this.tablePieces = tokens.tablePieces;
    this.cellColumns = tokens.cellColumns;
    this.cellFirstTokens = tokens.cellFirstTokens;
    this.cellRows = tokens.cellRows;
    this.cellMaskable = tokens.cellMaskable;
    this.cellKinds = tokens.cellKinds;
    this.cellClasses = tokens.cellClasses;
    this.rowRoles = tokens.rowRoles;
    this.rowHops = tokens.rowHops;
    this.rowVias = tokens.rowVias;
  }

  public String seedTable() {
    return seedTable;
  }

  public String seedKey() {
    return seedKey;
  }

  public long seedTimeMillis() {
    return seedTimeMillis;
  }

  public long commitTimeMillis() {
    return commitTimeMillis;
  }

  /** Returns the number of the tokenizer version that produced the tokens. */
  public long tokenizerVersion() {
    return tokenizerVersion;
  }

  /** Returns the number of tokens. */
  public int size() {
    return valueIds.length;
  }

  /** Returns the token's id in the shared value vocabulary (see {@link ValueIds}). */
  public int valueId(int token) {
    return valueIds[token];
  }

  /** Returns the bucket of the token's {@code table.column} name. */
  public int columnId(int token) {
    return columnIds[token];
  }

  /** Returns the bucket of the token's table name. */
  public int tableId(int token) {
    return tableIds[token];
  }

  /** Returns the number of name pieces per column name and per table name. */
  public int namePieces() {
    return namePieces;
  }

  /**
   * Returns piece {@code piece} in {@code [0, namePieces())} of the token's column name: an id in
   * {@code [1, namePieceBuckets)}, or 0 when the name has fewer pieces.
   */
  public int columnPiece(int token, int piece) {
    return columnPieces[token * namePieces + piece];
  }

  /** Returns piece {@code piece} of the token's table name, or 0 when it has fewer pieces. */
  public int tablePiece(int token, int piece) {
    return tablePieces[token * namePieces + piece];
  }

  /** Returns 0 for a seed cell, 1 for a parent's cell and 2 for a child's cell. */
  public int roleId(int token) {
    return roleIds[token];
  }

  /** Returns the index of the token's row among the rows that produced tokens, the seed being 0. */
  public int rowIndex(int token) {
    return rowIndexes[token];
  }

  /** Returns the index of the token's cell. */
  public int cellIndex(int token) {
    return cellIndexes[token];
  }

  /**
   * Returns the robust-normalized value of a numeric or timestamp cell, {@code (x - median) / IQR}
   * clipped to [-5, 5], and 0 for every other cell.
   */
  public float numericValue(int token) {
    return numericValues[token];
  }

  /**
   * Returns time feature {@code feature} in {@code [0, TIME_FEATURES)}, which is zero unless the
   * cell is a timestamp: sin and cos of hour, weekday, day of month and month, then the age.
   */
  public float timeFeature(int token, int feature) {
    return timeFeatures[token * TIME_FEATURES + feature];
  }

  /** Returns the class the model should predict for the token, or -1 when it is no class target. */
  public int targetClass(int token) {
    return targetClasses[token];
  }

  /** Returns the regression target, which equals {@link #numericValue(int)}. */
  public float targetValue(int token) {
    return numericValues[token];
  }

  /**
   * Returns whether the token is a finite numeric or timestamp cell of a target column, whose
   * normalized value is a regression target.
   */
  public boolean hasRegressionTarget(int token) {
    return regressionTargets[token];
  }

  /** Returns whether the token has a class or a regression target. */
  public boolean isMaskable(int token) {
    return targetClasses[token] >= 0 || regressionTargets[token];
  }

  /** Returns the number of cells. */
  public int cellCount() {
    return cellColumns.length;
  }

  /** Returns the cell's column as {@code table.column}. */
  public String cellColumn(int cell) {
    return cellColumns[cell];
  }

  /** Returns the row index of the cell, as {@link #rowIndex(int)} counts rows. */
  public int cellRow(int cell) {
    return cellRows[cell];
  }

  public int cellFirstToken(int cell) {
    return cellFirstTokens[cell];
  }

  /** Returns the number of the cell's tokens, which truncation at maxTokens may have cut. */
  public int cellTokenCount(int cell) {
    int end = cell + 1 < cellFirstTokens.length ? cellFirstTokens[cell + 1] : size();
    return end - cellFirstTokens[cell];
  }

  /**
   * Returns whether masking the cell makes sense: its column is a target column and one of its
   * tokens has a target.
   */
  public boolean isCellMaskable(int cell) {
    return cellMaskable[cell];
  }

  /** Returns the number of rows that produced tokens. */
  public int rowCount() {
    return rowRoles.length;
  }

  /** Returns 0 for the seed row, 1 for a parent row and 2 for a child row. */
  public int rowRole(int row) {
    return rowRoles[row];
  }

  /** Returns how the cell's column is tokenized. */
  public ColumnKind cellKind(int cell) {
    return ColumnKind.values()[cellKinds[cell]];
  }

  /**
   * Returns the sorted class ids that the cell can be predicted as (see {@link ColumnClasses#of}).
   * The array is shared by every cell of the column, so callers must not change it.
   */
  public int[] cellClassIds(int cell) {
    return cellClasses[cell];
  }

  /** Returns the number of foreign-key edges between the row and the seed, 0 for the seed. */
  public int rowHop(int row) {
    return rowHops[row];
  }

  /**
   * Returns the index of the row that this row was reached from, whose parent or child it is by
   * {@link #rowRole}, or -1 for the seed and for a row whose predecessor produced no tokens.
   */
  public int rowVia(int row) {
    return rowVias[row];
  }

  @Override
  public String toString() {
    return "TokenizedExample{" + seedTable + "/" + seedKey + "@" + seedTimeMillis + ", version "
        + tokenizerVersion + ", " + size() + " tokens}";
  }
}
