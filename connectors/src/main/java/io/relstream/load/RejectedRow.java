package io.relstream.load;

import java.util.Objects;

/**
 * A dataset row that the loader did not write because it breaks a constraint.
 *
 * @param table the table name as in schema.json
 * @param key the row's primary key as {@code column=value} pairs, or {@code row N} when the table
 *     has no primary key or the row has too few fields to form one
 * @param reason what is wrong with the row, including its data row number (the header is not
 *     counted)
 */
public record RejectedRow(String table, String key, String reason) {

  public RejectedRow {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reason, "reason");
  }
}
