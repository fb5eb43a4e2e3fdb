package io.relstream.synthetic;

import io.relstream.synthetic.RetailEntities.Customer;
import io.relstream.synthetic.RetailEntities.Order;
import io.relstream.synthetic.RetailEntities.PricePoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link RetailChanges} into the database at {@link RetailOptions#changesPerSecond()}, one
 * transaction per change, on its own thread. Change {@code i} is due {@code i / rate} seconds after
 * the start, so slow writes cause no drift. A failed write stops the stream; {@link #failure()}
 * then returns the error.
 */
public final class RetailChangeStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetailChangeStream.class);

  private final RetailChanges changes;
  private final Connection connection;
  private final RetailSchema schema;
  private final double changesPerSecond;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong applied = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;

  private RetailChangeStream(RetailGenerator generator, Connection connection, String schemaName) {
    this.changes = new RetailChanges(generator);
    this.connection = connection;
    this.schema = new RetailSchema(schemaName);
    this.changesPerSecond = generator.options().changesPerSecond();
    this.thread = new Thread(this::run, "retail-change-stream");
    this.thread.setDaemon(true);
  }

  /**
   * Starts writing changes after the snapshot that {@code generator} loaded into {@code schemaName}.
   * The stream takes over {@code connection} and closes it in {@link #close()}.
   */
  public static RetailChangeStream start(RetailGenerator generator, Connection connection, String schemaName)
      throws SQLException {
    connection.setAutoCommit(false);
    RetailChangeStream stream = new RetailChangeStream(generator, connection, schemaName);
    stream.thread.start();
    LOG.info("Started the retail change stream at {} changes per second", stream.changesPerSecond);
    return stream;
  }

  /** Returns the number of committed changes. */
  public long changesApplied() {
    return applied.get();
  }

  /** Returns the error that stopped the stream, or null while it runs or after a clean stop. */
  public Exception failure() {
    return failure.get();
  }

  private void run() {
    long start = System.nanoTime();
    long index = 0;
    try {
      while (running.get()) {
        long waitNanos = start + (long) (index * 1e9 / changesPerSecond) - System.nanoTime();
        if (waitNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(200)));
          continue;
        }
        apply(changes.next(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        applied.incrementAndGet();
        index++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | RuntimeException e) {
      if (running.get()) {
        failure.set(e);
        LOG.error("The retail change stream stopped after {} changes", applied.get(), e);
      }
    }
  }

  private void apply(RetailChange change) throws SQLException {
    try {
      if (change instanceof RetailChange.NewOrder newOrder) {
        insertOrder(newOrder.order());
      } else if (change instanceof RetailChange.PriceChange priceChange) {
        changePrice(priceChange.point());
      } else if (change instanceof RetailChange.CustomerUpdate update) {
        updateCustomer(update.customer());
      } else if (change instanceof RetailChange.NewCustomer newCustomer) {
        insertCustomer(newCustomer.customer());
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private void insertOrder(Order order) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.table("orders")
        + " (order_id, customer_id, merchant_id, product_id, ordered_at, amount) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, order.id());
      insert.setInt(2, order.customerId());
      insert.setInt(3, order.merchantId());
      insert.setInt(4, order.productId());
      insert.setObject(5, utc(order.orderedAt()));
      insert.setDouble(6, order.amount());
      insert.executeUpdate();
    }
  }

  private void changePrice(PricePoint point) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE " + schema.table("products") + " SET price = ? WHERE product_id = ?")) {
      update.setDouble(1, point.price());
      update.setInt(2, point.productId());
      update.executeUpdate();
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.table("price_history")
        + " (price_id, product_id, valid_from, price) VALUES (?, ?, ?, ?)")) {
      insert.setLong(1, point.id());
      insert.setInt(2, point.productId());
      insert.setObject(3, utc(point.validFrom()));
      insert.setDouble(4, point.price());
      insert.executeUpdate();
    }
  }

  private void updateCustomer(Customer customer) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.table("customers")
        + " SET usual_spending = ?, home_region = ? WHERE customer_id = ?")) {
      update.setDouble(1, customer.usualSpending());
      update.setString(2, customer.homeRegion());
      update.setInt(3, customer.id());
      update.executeUpdate();
    }
  }

  private void insertCustomer(Customer customer) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.table("customers")
        + " (customer_id, segment, home_region, usual_spending, signed_up_at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setInt(1, customer.id());
      insert.setString(2, customer.segment());
      insert.setString(3, customer.homeRegion());
      insert.setDouble(4, customer.usualSpending());
      insert.setObject(5, utc(customer.signedUpAt()));
      insert.executeUpdate();
    }
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** Stops the stream after the change in progress and closes its connection. */
  @Override
  public void close() throws SQLException, InterruptedException {
    running.set(false);
    thread.join(10_000);
    connection.close();
    LOG.info("Stopped the retail change stream after {} changes", applied.get());
  }
}
