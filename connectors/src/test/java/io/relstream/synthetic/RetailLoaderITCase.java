package io.relstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.discovery.DiscoveryOptions;
import io.relstream.discovery.SchemaDiscovery;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Loads the synthetic retail database into a real PostgreSQL and runs its live change stream. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetailLoaderITCase {
  private static final String DATABASE = "retail";
  private static final RetailOptions OPTIONS = RetailOptions.defaults()
      .withCustomers(1_000).withMerchants(40).withProducts(100).withOrders(20_000).withChangesPerSecond(40);

  private static EmbeddedPostgresServer server;
  private static RetailGenerator generator;
  private static Map<String, Long> counts;
  private static final List<Long> progress = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException, SQLException {
    server = EmbeddedPostgresServer.start();
    server.createDatabase(DATABASE);
    generator = new RetailGenerator(OPTIONS);
    try (Connection connection = server.connect(DATABASE)) {
      counts = RetailLoader.load(generator, connection, "public", false, (loaded, total) -> progress.add(loaded));
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void loadsEveryRow() throws SQLException {
    long history = generator.priceHistory().size();

    assertThat(counts).containsExactly(Map.entry("customers", 1_000L), Map.entry("merchants", 40L),
        Map.entry("products", 100L), Map.entry("price_history", history), Map.entry("orders", 20_000L));
    assertThat(count("SELECT count(*) FROM orders")).isEqualTo(20_000);
    assertThat(count("SELECT count(*) FROM price_history")).isEqualTo(history);
    assertThat(progress).isSorted().last().isEqualTo(1_140L + history + 20_000L);
  }

  @Test
  @Order(1)
  void createsForeignKeysAndTimeComments() throws SQLException {
    assertThat(count("SELECT count(*) FROM information_schema.table_constraints"
        + " WHERE table_schema = 'public' AND constraint_type = 'FOREIGN KEY'")).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM information_schema.table_constraints"
        + " WHERE table_schema = 'public' AND constraint_type = 'PRIMARY KEY'")).isEqualTo(5);

    DatabaseSchema schema;
    try (Connection connection = server.connect(DATABASE)) {
      schema = SchemaDiscovery.discover(connection, DiscoveryOptions.allTables("public")).schema();
    }
    assertThat(schema.tables()).extracting(TableSchema::name)
        .containsExactlyInAnyOrder("customers", "merchants", "products", "price_history", "orders");
    assertThat(schema.table("orders").timeColumn()).isEqualTo("ordered_at");
    assertThat(schema.table("price_history").timeColumn()).isEqualTo("valid_from");
    assertThat(schema.table("customers").timeColumn()).isEqualTo("signed_up_at");
    assertThat(schema.table("orders").foreignKeys()).hasSize(3);
  }

  @Test
  @Order(1)
  void storedAmountsKeepWeekendDiscount() throws SQLException {
    String ratio = "SELECT avg(o.amount / (p.price * c.usual_spending)) FROM orders o"
        + " JOIN merchants m USING (merchant_id) JOIN customers c USING (customer_id)"
        + " JOIN products p USING (product_id) WHERE m.weekend_discount > 0"
        + " AND p.product_id NOT IN (SELECT product_id FROM price_history GROUP BY product_id HAVING count(*) > 1)"
        + " AND extract(isodow FROM o.ordered_at) ";

    double weekend = number(ratio + ">= 6");
    double weekday = number(ratio + "< 6");

    assertThat(weekend / weekday).isBetween(0.7, 0.9);
  }

  @Test
  @Order(1)
  void secondLoadFailsWithoutDrop() throws SQLException {
    try (Connection connection = server.connect(DATABASE)) {
      assertThatThrownBy(() -> RetailLoader.load(generator, connection, "public", false, (loaded, total) -> { }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Tables [customers, merchants, orders, price_history, products] already exist in schema public;"
              + " drop them or load with dropExisting to replace them");
    }
    assertThat(count("SELECT count(*) FROM orders")).isEqualTo(20_000);
  }

  @Test
  @Order(1)
  void reloadWithDropReplacesTables() throws SQLException {
    RetailGenerator smaller = new RetailGenerator(OPTIONS.withOrders(500));
    try (Connection connection = server.connect(DATABASE)) {
      RetailLoader.load(smaller, connection, "reloaded", false, (loaded, total) -> { });
      Map<String, Long> reloaded = RetailLoader.load(smaller, connection, "reloaded", true, (loaded, total) -> { });

      assertThat(reloaded).containsEntry("orders", 500L);
    }
    assertThat(count("SELECT count(*) FROM reloaded.orders")).isEqualTo(500);
  }

  @Test
  @Order(2)
  void liveStreamWritesChanges() throws Exception {
    long customersBefore = count("SELECT count(*) FROM customers");
    long historyBefore = count("SELECT count(*) FROM price_history");

    try (RetailChangeStream stream = RetailChangeStream.start(generator, server.connect(DATABASE), "public")) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> stream.changesApplied() >= 60);
      assertThat(stream.failure()).isNull();
    }

    assertThat(count("SELECT count(*) FROM orders")).isGreaterThan(20_000);
    assertThat(count("SELECT count(*) FROM price_history")).isGreaterThan(historyBefore);
    assertThat(count("SELECT count(*) FROM customers")).isGreaterThanOrEqualTo(customersBefore);
    assertThat(count("SELECT count(*) FROM products p WHERE p.price <> (SELECT h.price FROM price_history h"
        + " WHERE h.product_id = p.product_id ORDER BY h.valid_from DESC, h.price_id DESC LIMIT 1)")).isZero();
  }

  private static long count(String sql) throws SQLException {
    return (long) number(sql);
  }

  private static double number(String sql) throws SQLException {
    try (Connection connection = server.connect(DATABASE);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getDouble(1);
    }
  }
}
