package io.relstream.discovery;

/**
 * A table that schema discovery left out, with the reason.
 *
 * @param table the table name
 * @param reason why the job cannot use it, for example that it has no primary key
 */
public record SkippedTable(String table, String reason) {}
