package io.relstream.load;

/**
 * Comment strings that the dataset loader writes into the PostgreSQL catalog, so that schema
 * discovery can find a table's event time without the dataset's schema.json.
 */
public final class CatalogComments {

  /** Comment on the column that contains a table's own event time. */
  public static final String TIME_COLUMN = "relstream:time";

  /**
   * Prefix of the table comment for a table whose event time comes through a foreign key, for
   * example {@code relstream:time_via=raceId->races.date}.
   */
  public static final String TIME_VIA_PREFIX = "relstream:time_via=";

  private CatalogComments() {}
}
