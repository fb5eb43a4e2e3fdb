package io.relstream.server;

import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.ColumnKind;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import io.relstream.tokenize.TokenizerVersion.ColumnStatistics;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;

/** A small shop schema and a tokenizer version with known statistics, for request and decoding tests. */
final class PredictionFixtures {
  static final TokenizerConfig TOKENIZER = TokenizerConfig.builder().numericBins(4).categoryVocabulary(8)
      .hashBuckets(16).build();

  private PredictionFixtures() {}

  static DatabaseSchema schema() {
    TableSchema customers = new TableSchema("customers", List.of(
        new ColumnSchema("customer_id", "int4", Types.INTEGER, SemanticType.KEY, false),
        new ColumnSchema("segment", "varchar", Types.VARCHAR, SemanticType.CATEGORICAL, false)),
        List.of("customer_id"), List.of(), null, null);
    TableSchema orders = new TableSchema("orders", List.of(
        new ColumnSchema("order_id", "int8", Types.BIGINT, SemanticType.KEY, false),
        new ColumnSchema("customer_id", "int4", Types.INTEGER, SemanticType.KEY, false),
        new ColumnSchema("ordered_at", "timestamp", Types.TIMESTAMP, SemanticType.TIMESTAMP, false),
        new ColumnSchema("amount", "float8", Types.DOUBLE, SemanticType.NUMERIC, false),
        new ColumnSchema("quantity", "int4", Types.INTEGER, SemanticType.NUMERIC, true),
        new ColumnSchema("status", "varchar", Types.VARCHAR, SemanticType.CATEGORICAL, true),
        new ColumnSchema("paid", "bool", Types.BIT, SemanticType.CATEGORICAL, false),
        new ColumnSchema("note", "text", Types.VARCHAR, SemanticType.TEXT, true)),
        List.of("order_id"), List.of(new ForeignKey(List.of("customer_id"), "customers", List.of("customer_id"))),
        "ordered_at", null);
    return new DatabaseSchema(List.of(customers, orders));
  }

  /** Amount has the edges 10, 20, 40, median 20 and scale 10; status has the slots new, shipped and one free slot. */
  static TokenizerVersion version() {
    return TokenizerVersion.of(3, 1_000, List.of(
        new ColumnStatistics("customers.segment", ColumnKind.CATEGORICAL, false, 100, new double[0], 0, 1,
            Arrays.asList("budget", "premium")),
        new ColumnStatistics("orders.ordered_at", ColumnKind.TIMESTAMP, false, 100,
            new double[] {1.0e12, 1.1e12, 1.2e12}, 1.1e12, 1.0e11, List.of()),
        new ColumnStatistics("orders.amount", ColumnKind.NUMERIC, false, 100, new double[] {10, 20, 40}, 20, 10,
            List.of()),
        new ColumnStatistics("orders.quantity", ColumnKind.NUMERIC, false, 0, new double[0], 0, 1, List.of()),
        new ColumnStatistics("orders.status", ColumnKind.CATEGORICAL, false, 100, new double[0], 0, 1,
            Arrays.asList("new", null, "shipped")),
        new ColumnStatistics("orders.paid", ColumnKind.CATEGORICAL, false, 100, new double[0], 0, 1,
            Arrays.asList("true", "false")),
        new ColumnStatistics("orders.note", ColumnKind.TEXT_BAG, false, 100, new double[0], 0, 1, List.of())));
  }
}
