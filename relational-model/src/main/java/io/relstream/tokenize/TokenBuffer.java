package io.relstream.tokenize;

import java.util.Arrays;

/** Token columns under construction, with room for a fixed maximum number of tokens. */
final class TokenBuffer {
  int size;
  int[] valueIds;
  int[] columnIds;
  int[] tableIds;
  int[] roleIds;
  int[] rowIndexes;
  float[] numericValues;
  float[] timeFeatures;
  int[] targetClasses;
  boolean[] regressionTargets;

  TokenBuffer(int capacity) {
    valueIds = new int[capacity];
    columnIds = new int[capacity];
    tableIds = new int[capacity];
    roleIds = new int[capacity];
    rowIndexes = new int[capacity];
    numericValues = new float[capacity];
    timeFeatures = new float[capacity * TimeFeatures.COUNT];
    targetClasses = new int[capacity];
    regressionTargets = new boolean[capacity];
  }

  boolean isFull() {
    return size == valueIds.length;
  }

  /**
   * Appends a token with zero time features and returns its index. The caller may then write the
   * time features from {@link #timeFeatureOffset(int)}.
   */
  int add(
      int valueId,
      int columnId,
      int tableId,
      int roleId,
      int rowIndex,
      float numericValue,
      boolean regressionTarget) {
    int token = size++;
    valueIds[token] = valueId;
    columnIds[token] = columnId;
    tableIds[token] = tableId;
    roleIds[token] = roleId;
    rowIndexes[token] = rowIndex;
    numericValues[token] = numericValue;
    targetClasses[token] = ValueIds.isClassTarget(valueId) ? valueId : -1;
    regressionTargets[token] = regressionTarget;
    return token;
  }

  int timeFeatureOffset(int token) {
    return token * TimeFeatures.COUNT;
  }

  /** Cuts every array to the token count, after which the buffer must not be used again. */
  TokenBuffer trim() {
    valueIds = Arrays.copyOf(valueIds, size);
    columnIds = Arrays.copyOf(columnIds, size);
    tableIds = Arrays.copyOf(tableIds, size);
    roleIds = Arrays.copyOf(roleIds, size);
    rowIndexes = Arrays.copyOf(rowIndexes, size);
    numericValues = Arrays.copyOf(numericValues, size);
    timeFeatures = Arrays.copyOf(timeFeatures, size * TimeFeatures.COUNT);
    targetClasses = Arrays.copyOf(targetClasses, size);
    regressionTargets = Arrays.copyOf(regressionTargets, size);
    return this;
  }
}
