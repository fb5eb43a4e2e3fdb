package io.relstream.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/** A small shop schema for the cluster test: customers and products, and orders that reference both. */
final class ShopDatabase {
  static final int CUSTOMERS = 40;
  static final int PRODUCTS = 15;
  static final int ORDERS = 120;
  private static final String[] COUNTRIES = {"DE", "FR", "IT", "ES", "NL", "PL"};
  private static final String[] CATEGORIES = {"books", "games", "tools", "garden"};

  private ShopDatabase() {}

  /** Creates the three tables and fills them with rows drawn from a fixed seed. */
  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(60), country VARCHAR(2), vip BOOLEAN)");
      statement.execute("CREATE TABLE products (id INT PRIMARY KEY, category VARCHAR(20), price DOUBLE PRECISION)");
      statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT REFERENCES customers(id),"
          + " product_id INT REFERENCES products(id), quantity INT, amount DOUBLE PRECISION)");
    }
    Random random = new Random(7);
    for (int id = 1; id <= CUSTOMERS; id++) {
      insertCustomer(connection, id, random);
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO products VALUES (?, ?, ?)")) {
      for (int id = 1; id <= PRODUCTS; id++) {
        insert.setInt(1, id);
        insert.setString(2, CATEGORIES[random.nextInt(CATEGORIES.length)]);
        insert.setDouble(3, 5 + random.nextInt(200));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    for (int id = 1; id <= ORDERS; id++) {
      insertOrder(connection, id, 1 + random.nextInt(CUSTOMERS), random);
    }
  }

  /** Inserts a customer with values drawn from {@code random}. */
  static void insertCustomer(Connection connection, int id, Random random) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, "customer " + id);
      insert.setString(3, COUNTRIES[random.nextInt(COUNTRIES.length)]);
      insert.setBoolean(4, random.nextInt(5) == 0);
      insert.executeUpdate();
    }
  }

  /** Inserts an order of {@code customerId} for a product drawn from {@code random}. */
  static void insertOrder(Connection connection, int id, int customerId, Random random) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?)")) {
      int quantity = 1 + random.nextInt(4);
      insert.setInt(1, id);
      insert.setInt(2, customerId);
      insert.setInt(3, 1 + random.nextInt(PRODUCTS));
      insert.setInt(4, quantity);
      insert.setDouble(5, quantity * (5 + random.nextInt(200)));
      insert.executeUpdate();
    }
  }
}
