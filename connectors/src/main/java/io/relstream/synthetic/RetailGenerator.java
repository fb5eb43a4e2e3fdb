package io.relstream.synthetic;

import io.relstream.synthetic.RetailEntities.Customer;
import io.relstream.synthetic.RetailEntities.Merchant;
import io.relstream.synthetic.RetailEntities.Order;
import io.relstream.synthetic.RetailEntities.PricePoint;
import io.relstream.synthetic.RetailEntities.Product;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Generates the rows of a synthetic retail database from a seed. The dependencies that a
 * relational model should find are built in: an order's amount is the product's price at the order
 * time, less the merchant's weekend discount on Saturdays and Sundays (UTC), times the customer's
 * usual spending, times log-normal noise. Usual spending depends on the customer's segment, prices
 * on the product's category, and customers buy mostly from merchants of their home region.
 *
 * <p>Customers, merchants and products are built at construction and kept in memory; orders are
 * generated one at a time by {@link #orders()}. The same options give the same rows.
 */
public final class RetailGenerator {

  /** Start of the snapshot's order period; fixed, so that the seed alone decides every row. */
  public static final Instant ORDERS_FROM = Instant.parse("2025-01-01T00:00:00Z");
  /** End (exclusive) of the snapshot's order period. */
  public static final Instant ORDERS_UNTIL = Instant.parse("2026-01-01T00:00:00Z");

  static final List<String> SEGMENTS = List.of("budget", "regular", "premium");
  static final List<String> REGIONS = List.of("north", "south", "east", "west", "central");
  static final List<String> CATEGORIES =
      List.of("groceries", "books", "toys", "clothing", "garden", "sports", "electronics", "furniture");
  /** Median price per category, in the order of {@link #CATEGORIES}. */
  private static final double[] CATEGORY_PRICE = {6, 18, 25, 40, 55, 70, 250, 400};
  private static final double[] SEGMENT_SPENDING = {0.7, 1.0, 1.5};
  private static final double[] SEGMENT_SHARE = {0.35, 0.45, 0.20};
  private static final double HOME_REGION_SHARE = 0.7;
  private static final double DISCOUNTING_MERCHANT_SHARE = 0.5;
  static final double AMOUNT_NOISE_SIGMA = 0.1;

  private final RetailOptions options;
  private final List<Customer> customers;
  private final List<Merchant> merchants;
  private final List<Product> products;
  private final List<List<Integer>> merchantsByRegion;

  public RetailGenerator(RetailOptions options) {
    this.options = options;
    this.customers = buildCustomers(new SplittableRandom(options.seed() ^ 0x1L));
    this.merchants = buildMerchants(new SplittableRandom(options.seed() ^ 0x2L));
    this.products = buildProducts(new SplittableRandom(options.seed() ^ 0x3L));
    this.merchantsByRegion = indexMerchantsByRegion(merchants);
  }

  public RetailOptions options() {
    return options;
  }

  public List<Customer> customers() {
    return customers;
  }

  public List<Merchant> merchants() {
    return merchants;
  }

  public List<Product> products() {
    return products;
  }

  /** Returns the price points of every product, product by product, oldest first. */
  public List<PricePoint> priceHistory() {
    List<PricePoint> points = new ArrayList<>();
    products.forEach(product -> points.addAll(product.history()));
    return points;
  }

  /** Returns the snapshot's orders with ids 1 to {@code options.orders()}, generated as they are read. */
  public Iterable<Order> orders() {
    return () -> new Iterator<>() {
      private final SplittableRandom random = new SplittableRandom(options.seed() ^ 0x4L);
      private long next = 1;

      @Override
      public boolean hasNext() {
        return next <= options.orders();
      }

      @Override
      public Order next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Instant orderedAt = randomInstant(random, ORDERS_FROM, ORDERS_UNTIL);
        return order(random, next++, orderedAt, products);
      }
    };
  }

  private Order order(SplittableRandom random, long id, Instant orderedAt, List<Product> productsNow) {
    return order(random, id, orderedAt, customers, productsNow);
  }

  /**
   * Returns an order with the given id and time by a random customer of {@code customersNow} for a
   * random product of {@code productsNow}; the live stream passes its changed copies of both.
   */
  Order order(SplittableRandom random, long id, Instant orderedAt, List<Customer> customersNow, List<Product> productsNow) {
    Customer customer = customersNow.get(random.nextInt(customersNow.size()));
    Merchant merchant = merchants.get(chooseMerchant(random, customer));
    Product product = productsNow.get(random.nextInt(productsNow.size()));
    double amount = amount(product.priceAt(orderedAt), merchant, customer, orderedAt, random);
    return new Order(id, customer.id(), merchant.id(), product.id(), orderedAt, amount);
  }

  /** The amount rule, in one place: price, weekend discount, usual spending, noise; rounded to cents. */
  static double amount(double price, Merchant merchant, Customer customer, Instant orderedAt, SplittableRandom random) {
    double discount = isWeekend(orderedAt) ? merchant.weekendDiscount() : 0.0;
    double noise = Math.exp(AMOUNT_NOISE_SIGMA * random.nextGaussian());
    return cents(price * (1 - discount) * customer.usualSpending() * noise);
  }

  static boolean isWeekend(Instant time) {
    DayOfWeek day = time.atOffset(ZoneOffset.UTC).getDayOfWeek();
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }

  private int chooseMerchant(SplittableRandom random, Customer customer) {
    List<Integer> local = merchantsByRegion.get(REGIONS.indexOf(customer.homeRegion()));
    if (!local.isEmpty() && random.nextDouble() < HOME_REGION_SHARE) {
      return local.get(random.nextInt(local.size()));
    }
    return random.nextInt(merchants.size());
  }

  private List<Customer> buildCustomers(SplittableRandom random) {
    List<Customer> result = new ArrayList<>(options.customers());
    Instant signUpFrom = ORDERS_FROM.minus(Duration.ofDays(730));
    for (int id = 1; id <= options.customers(); id++) {
      // Every customer signs up before the order period, so a customer row is never later than its orders.
      result.add(customer(random, id, randomInstant(random, signUpFrom, ORDERS_FROM)));
    }
    return List.copyOf(result);
  }

  static Customer customer(SplittableRandom random, int id, Instant signedUpAt) {
    int segment = chooseSegment(random);
    double spending = SEGMENT_SPENDING[segment] * Math.exp(0.15 * random.nextGaussian());
    String region = REGIONS.get(random.nextInt(REGIONS.size()));
    return new Customer(id, SEGMENTS.get(segment), region, round(spending, 3), signedUpAt);
  }

  private static int chooseSegment(SplittableRandom random) {
    double draw = random.nextDouble();
    double cumulative = 0;
    for (int i = 0; i < SEGMENT_SHARE.length; i++) {
      cumulative += SEGMENT_SHARE[i];
      if (draw < cumulative) {
        return i;
      }
    }
    return SEGMENT_SHARE.length - 1;
  }

  private List<Merchant> buildMerchants(SplittableRandom random) {
    List<Merchant> result = new ArrayList<>(options.merchants());
    for (int id = 1; id <= options.merchants(); id++) {
      String region = REGIONS.get(random.nextInt(REGIONS.size()));
      double discount = random.nextDouble() < DISCOUNTING_MERCHANT_SHARE ? round(0.1 + 0.2 * random.nextDouble(), 2) : 0.0;
      result.add(new Merchant(id, "merchant " + id, region, discount));
    }
    return List.copyOf(result);
  }

  private List<Product> buildProducts(SplittableRandom random) {
    List<Product> result = new ArrayList<>(options.products());
    long pricePointId = 1;
    for (int id = 1; id <= options.products(); id++) {
      int category = random.nextInt(CATEGORIES.size());
      double price = cents(CATEGORY_PRICE[category] * Math.exp(0.4 * random.nextGaussian()));
      List<PricePoint> history = new ArrayList<>();
      // The first price is valid from before the order period, so every order finds a price.
      history.add(new PricePoint(pricePointId++, id, ORDERS_FROM.minus(Duration.ofDays(30)), price));
      int changes = random.nextInt(3);
      List<Instant> changeTimes = new ArrayList<>();
      for (int i = 0; i < changes; i++) {
        changeTimes.add(randomInstant(random, ORDERS_FROM, ORDERS_UNTIL));
      }
      changeTimes.sort(null);
      for (Instant time : changeTimes) {
        price = cents(price * (0.8 + 0.45 * random.nextDouble()));
        history.add(new PricePoint(pricePointId++, id, time, price));
      }
      String name = CATEGORIES.get(category) + " item " + id;
      result.add(new Product(id, name, CATEGORIES.get(category), price, List.copyOf(history)));
    }
    return List.copyOf(result);
  }

  private static List<List<Integer>> indexMerchantsByRegion(List<Merchant> merchants) {
    List<List<Integer>> byRegion = new ArrayList<>();
    REGIONS.forEach(region -> byRegion.add(new ArrayList<>()));
    for (int i = 0; i < merchants.size(); i++) {
      byRegion.get(REGIONS.indexOf(merchants.get(i).region())).add(i);
    }
    return byRegion;
  }

  /** Returns an instant in [from, until) at whole-second resolution. */
  static Instant randomInstant(SplittableRandom random, Instant from, Instant until) {
    return from.plusSeconds(random.nextLong(Duration.between(from, until).getSeconds()));
  }

  static double cents(double value) {
    return round(value, 2);
  }

  static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
