package io.relstream.synthetic;

import io.relstream.synthetic.RetailEntities.Customer;
import io.relstream.synthetic.RetailEntities.PricePoint;
import io.relstream.synthetic.RetailEntities.Product;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the live stream's changes after a snapshot: 60% new orders, 15% price changes, 15%
 * customer updates and 10% new customers. It keeps its own copies of customers and products, so
 * that a new order uses the latest price and spending. Not thread-safe.
 */
public final class RetailChanges {
  private static final double NEW_ORDER_SHARE = 0.60;
  private static final double PRICE_CHANGE_SHARE = 0.15;
  private static final double CUSTOMER_UPDATE_SHARE = 0.15;

  private final RetailGenerator generator;
  private final SplittableRandom random;
  private final List<Customer> customers;
  private final List<Product> products;
  private long nextOrderId;
  private long nextPricePointId;

  public RetailChanges(RetailGenerator generator) {
    this.generator = generator;
    this.random = new SplittableRandom(generator.options().seed() ^ 0x5L);
    this.customers = new ArrayList<>(generator.customers());
    this.products = new ArrayList<>(generator.products());
    this.nextOrderId = generator.options().orders() + 1L;
    this.nextPricePointId = generator.priceHistory().size() + 1L;
  }

  /** Returns the next change, stamped with {@code now}. */
  public RetailChange next(Instant now) {
    double draw = random.nextDouble();
    if (draw < NEW_ORDER_SHARE) {
      return new RetailChange.NewOrder(generator.order(random, nextOrderId++, now, customers, products));
    }
    if (draw < NEW_ORDER_SHARE + PRICE_CHANGE_SHARE) {
      return priceChange(now);
    }
    if (draw < NEW_ORDER_SHARE + PRICE_CHANGE_SHARE + CUSTOMER_UPDATE_SHARE) {
      return customerUpdate();
    }
    Customer customer = RetailGenerator.customer(random, customers.size() + 1, now);
    customers.add(customer);
    return new RetailChange.NewCustomer(customer);
  }

  /** Returns the product with id {@code id} as the changes so far left it. */
  Product product(int id) {
    return products.get(id - 1);
  }

  /** Returns the customer with id {@code id} as the changes so far left it. */
  Customer customer(int id) {
    return customers.get(id - 1);
  }

  private RetailChange priceChange(Instant now) {
    int index = random.nextInt(products.size());
    Product product = products.get(index);
    double price = RetailGenerator.cents(product.price() * (0.85 + 0.3 * random.nextDouble()));
    PricePoint point = new PricePoint(nextPricePointId++, product.id(), now, price);
    List<PricePoint> history = new ArrayList<>(product.history());
    history.add(point);
    products.set(index, new Product(product.id(), product.name(), product.category(), price, List.copyOf(history)));
    return new RetailChange.PriceChange(point);
  }

  private RetailChange customerUpdate() {
    int index = random.nextInt(customers.size());
    Customer customer = customers.get(index);
    Customer changed;
    if (random.nextBoolean()) {
      double spending = RetailGenerator.round(customer.usualSpending() * (0.9 + 0.2 * random.nextDouble()), 3);
      changed = new Customer(customer.id(), customer.segment(), customer.homeRegion(), spending, customer.signedUpAt());
    } else {
      String region = RetailGenerator.REGIONS.get(random.nextInt(RetailGenerator.REGIONS.size()));
      changed = new Customer(customer.id(), customer.segment(), region, customer.usualSpending(), customer.signedUpAt());
    }
    customers.set(index, changed);
    return new RetailChange.CustomerUpdate(changed);
  }
}
