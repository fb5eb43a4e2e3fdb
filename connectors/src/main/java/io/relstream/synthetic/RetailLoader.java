package io.relstream.synthetic;

import io.relstream.synthetic.RetailEntities.Customer;
import io.relstream.synthetic.RetailEntities.Merchant;
import io.relstream.synthetic.RetailEntities.Order;
import io.relstream.synthetic.RetailEntities.PricePoint;
import io.relstream.synthetic.RetailEntities.Product;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the synthetic retail schema in PostgreSQL and fills it with COPY, in one transaction.
 * Foreign keys are added after the rows are in, which checks each constraint in one pass.
 */
public final class RetailLoader {
  private static final Logger LOG = LoggerFactory.getLogger(RetailLoader.class);
  private static final int ROWS_PER_WRITE = 5_000;

  /** Receives the number of rows loaded so far and the total, after every write to a COPY stream. */
  public interface Progress {
    void rowsLoaded(long loaded, long total);
  }

  private final Connection connection;
  private final String schemaName;
  private final RetailSchema schema;
  private final Progress progress;
  private long total;
  private long loaded;

  private RetailLoader(Connection connection, String schemaName, Progress progress) {
    this.connection = connection;
    this.schemaName = schemaName;
    this.schema = new RetailSchema(schemaName);
    this.progress = progress;
  }

  /**
   * Loads the generator's rows into {@code schemaName} through {@code connection}, which must have no
   * transaction open. With {@code dropExisting} the five tables are dropped first. Without it an
   * existing table makes the load fail with an {@link IllegalStateException} before anything changes.
   *
   * @return the rows loaded per table, in load order
   */
  public static Map<String, Long> load(RetailGenerator generator, Connection connection, String schemaName,
      boolean dropExisting, Progress progress) throws SQLException {
    return new RetailLoader(connection, schemaName, progress).run(generator, dropExisting);
  }

  private Map<String, Long> run(RetailGenerator generator, boolean dropExisting) throws SQLException {
    long start = System.nanoTime();
    List<PricePoint> history = generator.priceHistory();
    RetailOptions options = generator.options();
    total = (long) options.customers() + options.merchants() + options.products() + history.size() + options.orders();
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      Map<String, Long> counts = loadTables(generator, history, dropExisting);
      connection.commit();
      LOG.info("Loaded {} synthetic retail rows into schema {} in {} ms: {}", loaded, schemaName,
          (System.nanoTime() - start) / 1_000_000, counts);
      return counts;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private Map<String, Long> loadTables(RetailGenerator generator, List<PricePoint> history, boolean dropExisting)
      throws SQLException {
    execute(schema.createSchema());
    if (dropExisting) {
      execute(schema.dropTables());
    } else {
      List<String> existing = existingTables();
      if (!existing.isEmpty()) {
        throw new IllegalStateException("Tables " + existing + " already exist in schema " + schemaName
            + "; drop them or load with dropExisting to replace them");
      }
    }
    for (String sql : schema.createTables()) {
      execute(sql);
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("customers", copy("customers", "customer_id, segment, home_region, usual_spending, signed_up_at",
        generator.customers(), RetailLoader::customerLine));
    counts.put("merchants", copy("merchants", "merchant_id, name, region, weekend_discount",
        generator.merchants(), RetailLoader::merchantLine));
    counts.put("products", copy("products", "product_id, name, category, price",
        generator.products(), RetailLoader::productLine));
    counts.put("price_history", copy("price_history", "price_id, product_id, valid_from, price",
        history, RetailLoader::pricePointLine));
    counts.put("orders", copy("orders", "order_id, customer_id, merchant_id, product_id, ordered_at, amount",
        generator.orders(), RetailLoader::orderLine));
    for (String sql : schema.constraintsAndComments()) {
      execute(sql);
    }
    return counts;
  }

  private <T> long copy(String table, String columns, Iterable<T> rows, Function<T, String> line)
      throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(schema.copy(table, columns));
    try {
      StringBuilder buffer = new StringBuilder();
      int buffered = 0;
      for (T row : rows) {
        buffer.append(line.apply(row)).append('\n');
        if (++buffered == ROWS_PER_WRITE) {
          write(copy, buffer, buffered);
          buffered = 0;
        }
      }
      write(copy, buffer, buffered);
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private void write(CopyIn copy, StringBuilder buffer, int rows) throws SQLException {
    if (rows == 0) {
      return;
    }
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
    loaded += rows;
    progress.rowsLoaded(loaded, total);
  }

  private List<String> existingTables() throws SQLException {
    List<String> existing = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name = ANY (?) ORDER BY table_name")) {
      query.setString(1, schemaName);
      query.setArray(2, connection.createArrayOf("text", RetailSchema.TABLES.toArray()));
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          existing.add(result.getString(1));
        }
      }
    }
    return existing;
  }

  private void execute(String sql) throws SQLException {
    LOG.debug("Executing {}", sql);
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static String customerLine(Customer c) {
    return c.id() + "," + text(c.segment()) + "," + text(c.homeRegion()) + "," + c.usualSpending() + "," + time(c.signedUpAt());
  }

  static String merchantLine(Merchant m) {
    return m.id() + "," + text(m.name()) + "," + text(m.region()) + "," + m.weekendDiscount();
  }

  static String productLine(Product p) {
    return p.id() + "," + text(p.name()) + "," + text(p.category()) + "," + p.price();
  }

  static String pricePointLine(PricePoint p) {
    return p.id() + "," + p.productId() + "," + time(p.validFrom()) + "," + p.price();
  }

  static String orderLine(Order o) {
    return o.id() + "," + o.customerId() + "," + o.merchantId() + "," + o.productId() + "," + time(o.orderedAt())
        + "," + o.amount();
  }

  private static String text(String value) {
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** Writes an instant as a {@code timestamp without time zone} in UTC, the way the change stream reads it back. */
  static String time(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
  }
}
