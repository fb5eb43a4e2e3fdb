package io.relstream.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the rows of one table against its column types, primary key and foreign keys, before
 * anything is written. It records the key of every valid row, so that later rows and child tables
 * are checked against the rows actually loaded.
 */
final class RowValidator {

  /** Maximum length of a value quoted in a reason, so that a report stays readable. */
  private static final int MAX_VALUE_LENGTH = 60;

  private final TablePlan plan;
  private final int[] keyIndexes;
  private final Set<Object> ownKeys;
  private final Map<Integer, Set<Object>> parentKeysByColumn = new HashMap<>();

  /**
   * @param loadedKeys primary keys of the rows loaded so far, per table. This validator adds its
   *     own table's keys, and the keys of its parent tables must already be there
   */
  // NOTE: a row whose self-referencing foreign key points to a later row of the same file is rejected as an orphan.
  RowValidator(TablePlan plan, Map<String, Set<Object>> loadedKeys) {
    this.plan = plan;
    this.keyIndexes = plan.primaryKeyIndexes();
    this.ownKeys = loadedKeys.computeIfAbsent(plan.name(), name -> new HashSet<>());
    plan.spec().foreignKeys().forEach((column, parent) -> parentKeysByColumn.put(
        plan.indexOf(column), loadedKeys.computeIfAbsent(parent, name -> new HashSet<>())));
  }

  /**
   * Returns why {@code row} cannot be loaded, or null when it is valid. A valid row's key is
   * recorded, so that a later row with the same key is a duplicate.
   *
   * @param rowNumber the 1-based data row number, for the reason text
   */
  RejectedRow check(String[] row, long rowNumber) {
    String reason = findProblem(row);
    if (reason != null) {
      return new RejectedRow(plan.name(), keyText(row, rowNumber), reason + " (row " + rowNumber + ")");
    }
    if (keyIndexes.length > 0) {
      ownKeys.add(key(row));
    }
    return null;
  }

  private String findProblem(String[] row) {
    if (row.length != plan.columns().size()) {
      return "row has " + row.length + " fields, expected " + plan.columns().size() + " as in the header";
    }
    for (int i = 0; i < row.length; i++) {
      if (row[i] != null && !plan.types().get(i).accepts(row[i])) {
        return "value '" + abbreviate(row[i]) + "' of column " + plan.columns().get(i) + " is not a valid "
            + plan.types().get(i).sqlName();
      }
    }
    for (int index : keyIndexes) {
      if (row[index] == null) {
        return "primary key column " + plan.columns().get(index) + " is NULL";
      }
    }
    if (keyIndexes.length > 0 && ownKeys.contains(key(row))) {
      return "duplicate primary key";
    }
    for (Map.Entry<Integer, Set<Object>> foreignKey : parentKeysByColumn.entrySet()) {
      int index = foreignKey.getKey();
      if (row[index] != null && !foreignKey.getValue().contains(plan.types().get(index).parse(row[index]))) {
        String column = plan.columns().get(index);
        return "foreign key " + column + "=" + row[index] + " has no row in table "
            + plan.spec().foreignKeys().get(column);
      }
    }
    return null;
  }

  private static String abbreviate(String value) {
    return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH) + "...";
  }

  /** Returns the key as one parsed value, or a list of them for a composite key. */
  private Object key(String[] row) {
    if (keyIndexes.length == 1) {
      return plan.types().get(keyIndexes[0]).parse(row[keyIndexes[0]]);
    }
    List<Object> parts = new ArrayList<>(keyIndexes.length);
    for (int index : keyIndexes) {
      parts.add(plan.types().get(index).parse(row[index]));
    }
    return parts;
  }

  private String keyText(String[] row, long rowNumber) {
    if (keyIndexes.length == 0) {
      return "row " + rowNumber;
    }
    List<String> parts = new ArrayList<>(keyIndexes.length);
    for (int index : keyIndexes) {
      if (index >= row.length) {
        return "row " + rowNumber;
      }
      parts.add(plan.columns().get(index) + "=" + (row[index] == null ? "NULL" : row[index]));
    }
    return String.join(", ", parts);
  }
}
