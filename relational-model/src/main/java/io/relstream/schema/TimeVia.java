package io.relstream.schema;

import java.io.Serializable;

/**
 * Event time taken from a parent row: a table without a time column of its own (a race result)
 * takes the time column of the row its foreign key references (the race's date).
 *
 * @param foreignKeyColumn the child's single-column foreign key that leads to the time source
 * @param table the parent table
 * @param column the parent's time column
 */
public record TimeVia(String foreignKeyColumn, String table, String column) implements Serializable {

  /** Parses the form {@code fkColumn->table.column}, as dataset schemas and table comments write it. */
  public static TimeVia parse(String text) {
    int arrow = text.indexOf("->");
    int dot = text.lastIndexOf('.');
    if (arrow <= 0 || dot < arrow + 3 || dot == text.length() - 1) {
      throw new IllegalArgumentException(
          "Invalid time source '" + text + "': expected the form fkColumn->table.column");
    }
    return new TimeVia(
        text.substring(0, arrow).trim(),
        text.substring(arrow + 2, dot).trim(),
        text.substring(dot + 1).trim());
  }

  @Override
  public String toString() {
    return foreignKeyColumn + "->" + table + "." + column;
  }
}
