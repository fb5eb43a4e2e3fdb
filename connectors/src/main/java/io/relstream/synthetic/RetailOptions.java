package io.relstream.synthetic;

import java.math.BigDecimal;

/**
 * Size, seed and live change rate of a synthetic retail database. Start from {@link #defaults()}
 * and change single settings with the {@code with...} methods.
 *
 * @param customers number of customers, at least 1
 * @param merchants number of merchants, at least 1
 * @param products number of products, at least 1
 * @param orders number of orders in the snapshot, at least 0
 * @param seed seed of every random choice; the same seed and sizes give the same rows
 * @param changesPerSecond rate of the live change stream, at least 0; 0 writes no live changes
 */
public record RetailOptions(int customers, int merchants, int products, int orders, long seed, double changesPerSecond) {

  public RetailOptions {
    requireAtLeast("customers", customers, 1);
    requireAtLeast("merchants", merchants, 1);
    requireAtLeast("products", products, 1);
    requireAtLeast("orders", orders, 0);
    if (!(changesPerSecond >= 0) || Double.isInfinite(changesPerSecond)) {
      throw new IllegalArgumentException(
          "Invalid changesPerSecond " + asWritten(changesPerSecond)
              + ": it must be a finite number of at least 0");
    }
  }

  /** Returns 10,000 customers, 200 merchants, 1,000 products, 100,000 orders, seed 42 and 3 changes per second. */
  public static RetailOptions defaults() {
    return new RetailOptions(10_000, 200, 1_000, 100_000, 42L, 3.0);
  }

  public RetailOptions withCustomers(int value) {
    return new RetailOptions(value, merchants, products, orders, seed, changesPerSecond);
  }

  public RetailOptions withMerchants(int value) {
    return new RetailOptions(customers, value, products, orders, seed, changesPerSecond);
  }

  public RetailOptions withProducts(int value) {
    return new RetailOptions(customers, merchants, value, orders, seed, changesPerSecond);
  }

  public RetailOptions withOrders(int value) {
    return new RetailOptions(customers, merchants, products, value, seed, changesPerSecond);
  }

  public RetailOptions withSeed(long value) {
    return new RetailOptions(customers, merchants, products, orders, value, changesPerSecond);
  }

  public RetailOptions withChangesPerSecond(double value) {
    return new RetailOptions(customers, merchants, products, orders, seed, value);
  }

  private static void requireAtLeast(String name, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException("Invalid " + name + " " + value + ": it must be at least " + minimum);
    }
  }

  /** Returns a rate as a user would write it: -1 rather than -1.0, and NaN or Infinity as Java spells them. */
  private static String asWritten(double value) {
    return Double.isFinite(value)
        ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
        : Double.toString(value);
  }
}
