package io.relstream.schema;

import java.io.Serializable;
import java.util.Objects;

/**
 * One column of a table as schema discovery found it.
 *
 * @param name the column name as the database spells it
 * @param sqlType the database's type name, for example {@code int4} or {@code text}
 * @param jdbcType the {@link java.sql.Types} constant the driver reports
 * @param semanticType how the model treats the column's values
 * @param nullable whether the column admits NULL
 */
public record ColumnSchema(
    String name, String sqlType, int jdbcType, SemanticType semanticType, boolean nullable)
    implements Serializable {

  public ColumnSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sqlType, "sqlType");
    Objects.requireNonNull(semanticType, "semanticType");
  }
}
