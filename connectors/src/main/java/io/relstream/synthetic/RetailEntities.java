package io.relstream.synthetic;

import java.time.Instant;
import java.util.List;

/** The rows of the synthetic retail database, one record type per table. */
public final class RetailEntities {

  private RetailEntities() {}

  /**
   * @param usualSpending the customer's spending factor; an order costs about price times this factor
   */
  public record Customer(int id, String segment, String homeRegion, double usualSpending, Instant signedUpAt) {}

  /**
   * @param weekendDiscount share taken off the price on Saturdays and Sundays (UTC), 0 for merchants without one
   */
  public record Merchant(int id, String name, String region, double weekendDiscount) {}

  /**
   * @param price the current price, the one of the latest price point
   * @param history the price points, oldest first; the first is valid before every snapshot order
   */
  public record Product(int id, String name, String category, double price, List<PricePoint> history) {

    /** Returns the price valid at {@code time}: the latest point that starts at or before it. */
    public double priceAt(Instant time) {
      double price = history.get(0).price();
      for (PricePoint point : history) {
        if (point.validFrom().isAfter(time)) {
          break;
        }
        price = point.price();
      }
      return price;
    }
  }

  public record PricePoint(long id, int productId, Instant validFrom, double price) {}

  public record Order(long id, int customerId, int merchantId, int productId, Instant orderedAt, double amount) {}
}
