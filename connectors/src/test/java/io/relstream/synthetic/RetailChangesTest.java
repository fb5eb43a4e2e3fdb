package io.relstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.synthetic.RetailEntities.Order;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetailChangesTest {

  private static final RetailOptions OPTIONS =
      RetailOptions.defaults().withCustomers(500).withMerchants(20).withProducts(50).withOrders(1_000);
  private static final Instant NOW = Instant.parse("2026-06-06T12:00:00Z");

  @Test
  void mixMatchesShares() {
    RetailChanges changes = new RetailChanges(new RetailGenerator(OPTIONS));
    Map<Class<?>, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      counts.merge(changes.next(NOW).getClass(), 1, Integer::sum);
    }

    assertThat(counts.get(RetailChange.NewOrder.class)).isBetween(5_800, 6_200);
    assertThat(counts.get(RetailChange.PriceChange.class)).isBetween(1_350, 1_650);
    assertThat(counts.get(RetailChange.CustomerUpdate.class)).isBetween(1_350, 1_650);
    assertThat(counts.get(RetailChange.NewCustomer.class)).isBetween(850, 1_150);
  }

  @Test
  void idsContinueAfterSnapshot() {
    RetailGenerator generator = new RetailGenerator(OPTIONS);
    RetailChanges changes = new RetailChanges(generator);
    List<Long> orderIds = new ArrayList<>();
    List<Integer> customerIds = new ArrayList<>();
    List<Long> pricePointIds = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      RetailChange change = changes.next(NOW);
      if (change instanceof RetailChange.NewOrder newOrder) {
        orderIds.add(newOrder.order().id());
      } else if (change instanceof RetailChange.NewCustomer newCustomer) {
        customerIds.add(newCustomer.customer().id());
      } else if (change instanceof RetailChange.PriceChange priceChange) {
        pricePointIds.add(priceChange.point().id());
      }
    }

    assertThat(orderIds).isNotEmpty().isSorted().doesNotHaveDuplicates().allMatch(id -> id > 1_000);
    assertThat(customerIds).isNotEmpty().isSorted().doesNotHaveDuplicates().allMatch(id -> id > 500);
    assertThat(pricePointIds).isNotEmpty().isSorted().allMatch(id -> id > generator.priceHistory().size());
  }

  @Test
  void newOrdersUseChangedPricesAndSpending() {
    RetailGenerator generator = new RetailGenerator(OPTIONS);
    RetailChanges changes = new RetailChanges(generator);
    Map<Integer, Double> latestPrice = new HashMap<>();
    generator.products().forEach(product -> latestPrice.put(product.id(), product.price()));
    int priceChanges = 0;
    int orders = 0;
    for (int i = 0; i < 2_000; i++) {
      Instant now = NOW.plusSeconds(i);
      RetailChange change = changes.next(now);
      if (change instanceof RetailChange.PriceChange priceChange) {
        latestPrice.put(priceChange.point().productId(), priceChange.point().price());
        priceChanges++;
      } else if (change instanceof RetailChange.NewOrder newOrder) {
        Order order = newOrder.order();
        assertThat(changes.product(order.productId()).priceAt(now)).isEqualTo(latestPrice.get(order.productId()));
        double discount = RetailGenerator.isWeekend(now) ? generator.merchants().get(order.merchantId() - 1).weekendDiscount() : 0;
        double expected = latestPrice.get(order.productId()) * (1 - discount) * changes.customer(order.customerId()).usualSpending();
        // The noise is log-normal with sigma 0.1, so five sigmas bound the ratio by exp(-0.5) and exp(0.5).
        assertThat(order.amount() / expected).isBetween(0.6, 1.65);
        orders++;
      }
    }
    assertThat(priceChanges).isGreaterThan(100);
    assertThat(orders).isGreaterThan(1_000);
  }
}
