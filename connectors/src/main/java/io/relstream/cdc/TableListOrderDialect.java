package io.relstream.cdc;

import io.debezium.relational.TableId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.cdc.connectors.base.config.JdbcSourceConfig;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfig;

/**
 * A PostgreSQL dialect whose snapshot reads the captured tables in the order of the source's table
 * list. Flink CDC 3.5.0's {@code PostgresDialect} discovers the tables into a hash set, so its
 * snapshot order is the set's, not the list's. The job lists parents first, so that a child row's
 * snapshot example finds its parent rows in the graph. Without it the synthetic database's orders
 * were often read before their customers and products, so their examples had no parents.
 */
final class TableListOrderDialect extends PostgresDialect {
  private static final long serialVersionUID = 1L;

  TableListOrderDialect(PostgresSourceConfig config) {
    super(config);
  }

  @Override
  public List<TableId> discoverDataCollections(JdbcSourceConfig config) {
    return inListOrder(super.discoverDataCollections(config), config.getTableList());
  }

  /**
   * Returns the tables sorted by their position in {@code tableList} (entries {@code schema.table}).
   * Tables the list does not name keep their order after the named ones.
   */
  static List<TableId> inListOrder(List<TableId> tables, List<String> tableList) {
    List<TableId> sorted = new ArrayList<>(tables);
    sorted.sort(Comparator.comparingInt(table -> position(table, tableList)));
    return sorted;
  }

  private static int position(TableId table, List<String> tableList) {
    int index = tableList.indexOf(table.schema() + "." + table.table());
    return index < 0 ? tableList.size() : index;
  }
}
