package io.relstream.discovery;

import io.relstream.schema.SemanticType;
import java.sql.Types;

/** Maps a column's JDBC type to the semantic type the model uses for non-key columns. */
final class SemanticTypes {
  /** Strings declared up to this length are treated as categories; longer or unbounded ones as text. */
  static final int MAX_CATEGORICAL_LENGTH = 255;

  private SemanticTypes() {}

  /** Returns the semantic type of a content column, or null when the job cannot use the type. */
  static SemanticType of(int jdbcType, String typeName, int columnSize) {
    switch (jdbcType) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
      case Types.NUMERIC:
      case Types.DECIMAL:
        return SemanticType.NUMERIC;
      case Types.DATE:
      case Types.TIME:
      case Types.TIME_WITH_TIMEZONE:
      case Types.TIMESTAMP:
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return SemanticType.TIMESTAMP;
      case Types.BOOLEAN:
      case Types.BIT:
        return SemanticType.CATEGORICAL;
      case Types.CHAR:
      case Types.NCHAR:
      case Types.VARCHAR:
      case Types.NVARCHAR:
        return columnSize > 0 && columnSize <= MAX_CATEGORICAL_LENGTH ? SemanticType.CATEGORICAL : SemanticType.TEXT;
      case Types.LONGVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
        return SemanticType.TEXT;
      default:
        return "text".equals(typeName) ? SemanticType.TEXT : null;
    }
  }
}
