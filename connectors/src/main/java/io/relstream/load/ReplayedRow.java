package io.relstream.load;

/**
 * One timed row that a replay inserted.
 *
 * @param table the table name as in schema.json
 * @param key the primary key as {@code column=value} pairs, or an empty string when the table has
 *     no primary key
 * @param eventTime the row's event time as the CSV file writes it, or null when it has none
 */
public record ReplayedRow(String table, String key, String eventTime) {}
