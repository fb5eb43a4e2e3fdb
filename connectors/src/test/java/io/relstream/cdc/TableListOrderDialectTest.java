package io.relstream.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.relational.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableListOrderDialectTest {
  private static final TableId CUSTOMERS = new TableId("relstream", "public", "customers");
  private static final TableId PRODUCTS = new TableId("relstream", "public", "products");
  private static final TableId ORDERS = new TableId("relstream", "public", "orders");
  private static final TableId AUDIT = new TableId("relstream", "public", "audit");

  @Test
  void tablesFollowListOrder() {
    List<TableId> sorted = TableListOrderDialect.inListOrder(List.of(ORDERS, PRODUCTS, CUSTOMERS),
        List.of("public.customers", "public.products", "public.orders"));

    assertThat(sorted).containsExactly(CUSTOMERS, PRODUCTS, ORDERS);
  }

  @Test
  void unlistedTablesComeLastInDiscoveredOrder() {
    TableId log = new TableId("relstream", "public", "log");

    List<TableId> sorted = TableListOrderDialect.inListOrder(List.of(AUDIT, ORDERS, log, CUSTOMERS),
        List.of("public.customers", "public.orders"));

    assertThat(sorted).containsExactly(CUSTOMERS, ORDERS, AUDIT, log);
  }

  @Test
  void sameTableNameInOtherSchemaIsUnlisted() {
    TableId otherOrders = new TableId("relstream", "archive", "orders");

    List<TableId> sorted = TableListOrderDialect.inListOrder(List.of(otherOrders, ORDERS),
        List.of("public.orders"));

    assertThat(sorted).containsExactly(ORDERS, otherOrders);
  }
}
