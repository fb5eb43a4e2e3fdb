package io.relstream.tokenize;

import java.util.Arrays;

/**
 * Token, cell and row columns under construction, with room for a fixed maximum number of tokens.
 * A cell is one value of one row and has one token, or several for a bag of word pieces.
 */
final class TokenBuffer {
  final int piecesPerName;
  int size;
  int[] valueIds;
  int[] columnIds;
  int[] tableIds;
  int[] roleIds;
  int[] rowIndexes;
  int[] cellIndexes;
  float[] numericValues;
  float[] timeFeatures;
  int[] targetClasses;
  boolean[] regressionTargets;
  int[] columnPieces;
  int[] tablePieces;

  int cellCount;
  String[] cellColumns;
  int[] cellFirstTokens;
  int[] cellRows;
  boolean[] cellMaskable;
  int[] cellKinds;
  int[][] cellClasses;

  int rowCount;
  int[] rowRoles;
  int[] rowHops;
  int[] rowVias;

  private TableLayout table;
  private TableLayout.Column column;
  private int roleId;
  private int rowIndex;
  private boolean targets;
  private int hop;
  private int via = -1;

  TokenBuffer(int capacity, int piecesPerName) {
    this.piecesPerName = piecesPerName;
    valueIds = new int[capacity];
    columnIds = new int[capacity];
    tableIds = new int[capacity];
    roleIds = new int[capacity];
    rowIndexes = new int[capacity];
    cellIndexes = new int[capacity];
    numericValues = new float[capacity];
    timeFeatures = new float[capacity * TimeFeatures.COUNT];
    targetClasses = new int[capacity];
    regressionTargets = new boolean[capacity];
    columnPieces = new int[capacity * piecesPerName];
    tablePieces = new int[capacity * piecesPerName];
    cellColumns = new String[capacity];
    cellFirstTokens = new int[capacity];
    cellRows = new int[capacity];
    cellMaskable = new boolean[capacity];
    cellKinds = new int[capacity];
    cellClasses = new int[capacity][];
    rowRoles = new int[capacity];
    rowHops = new int[capacity];
    rowVias = new int[capacity];
  }

  /**
   * Sets where the next row's cells sit in the example's subgraph.
   *
   * @param hop the row's hop count from the seed
   * @param via the row index of the row this row was reached from, or -1 for the seed and for a
   *     row whose predecessor produced no tokens
   */
  void startRow(int hop, int via) {
    this.hop = hop;
    this.via = via;
  }

  boolean isFull() {
    return size == valueIds.length;
  }

  /**
   * Starts the cell that the next tokens belong to. The caller must check {@link #isFull()} first,
   * so that every started cell gets at least one token.
   *
   * @param stats the column's part of the tokenizer version
   * @param classes the class ids the cell can be predicted as
   */
  void startCell(
      TableLayout table,
      TableLayout.Column column,
      int roleId,
      int rowIndex,
      ColumnVersion stats,
      int[] classes) {
    this.table = table;
    this.column = column;
    this.roleId = roleId;
    this.rowIndex = rowIndex;
    this.targets = stats.target;
    cellKinds[cellCount] = stats.kind.ordinal();
    cellClasses[cellCount] = classes;
    cellColumns[cellCount] = column.qualifiedName;
    cellFirstTokens[cellCount] = size;
    cellRows[cellCount] = rowIndex;
    cellCount++;
    rowRoles[rowIndex] = roleId;
    rowHops[rowIndex] = hop;
    rowVias[rowIndex] = via;
    rowCount = Math.max(rowCount, rowIndex + 1);
  }

  /** Makes the current cell context only: its tokens get no targets, so it is never masked. */
  void dropTargets() {
    targets = false;
  }

  /**
   * Appends a token of the current cell with zero time features and returns its index. Targets are
   * dropped when the cell's column is no target. The caller may then write the time features from
   * {@link #timeFeatureOffset(int)}.
   *
   * @param targetClass the class to predict, or -1 for none
   */
  int add(int valueId, int targetClass, float numericValue, boolean regressionTarget) {
    int token = size++;
    valueIds[token] = valueId;
    columnIds[token] = column.columnId;
    tableIds[token] = table.tableId;
    roleIds[token] = roleId;
    rowIndexes[token] = rowIndex;
    cellIndexes[token] = cellCount - 1;
    numericValues[token] = numericValue;
    targetClasses[token] = targets ? targetClass : -1;
    regressionTargets[token] = targets && regressionTarget;
    System.arraycopy(column.columnPieces, 0, columnPieces, token * piecesPerName, piecesPerName);
    System.arraycopy(table.tablePieces, 0, tablePieces, token * piecesPerName, piecesPerName);
    if (targetClasses[token] >= 0 || regressionTargets[token]) {
      cellMaskable[cellCount - 1] = true;
    }
    return token;
  }

  int timeFeatureOffset(int token) {
    return token * TimeFeatures.COUNT;
  }

  /** Cuts every array to its count, after which the buffer must not be used again. */
  TokenBuffer trim() {
    valueIds = Arrays.copyOf(valueIds, size);
    columnIds = Arrays.copyOf(columnIds, size);
    tableIds = Arrays.copyOf(tableIds, size);
    roleIds = Arrays.copyOf(roleIds, size);
    rowIndexes = Arrays.copyOf(rowIndexes, size);
    cellIndexes = Arrays.copyOf(cellIndexes, size);
    numericValues = Arrays.copyOf(numericValues, size);
    timeFeatures = Arrays.copyOf(timeFeatures, size * TimeFeatures.COUNT);
    targetClasses = Arrays.copyOf(targetClasses, size);
    regressionTargets = Arrays.copyOf(regressionTargets, size);
    columnPieces = Arrays.copyOf(columnPieces, size * piecesPerName);
    tablePieces = Arrays.copyOf(tablePieces, size * piecesPerName);
    cellColumns = Arrays.copyOf(cellColumns, cellCount);
    cellFirstTokens = Arrays.copyOf(cellFirstTokens, cellCount);
    cellRows = Arrays.copyOf(cellRows, cellCount);
    cellMaskable = Arrays.copyOf(cellMaskable, cellCount);
    cellKinds = Arrays.copyOf(cellKinds, cellCount);
    cellClasses = Arrays.copyOf(cellClasses, cellCount);
    rowRoles = Arrays.copyOf(rowRoles, rowCount);
    rowHops = Arrays.copyOf(rowHops, rowCount);
    rowVias = Arrays.copyOf(rowVias, rowCount);
    return this;
  }
}
