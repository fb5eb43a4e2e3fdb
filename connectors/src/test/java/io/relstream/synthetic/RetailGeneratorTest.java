package io.relstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.synthetic.RetailEntities.Customer;
import io.relstream.synthetic.RetailEntities.Merchant;
import io.relstream.synthetic.RetailEntities.Order;
import io.relstream.synthetic.RetailEntities.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class RetailGeneratorTest {

  private static final RetailOptions OPTIONS =
      RetailOptions.defaults().withCustomers(2_000).withMerchants(60).withProducts(300).withOrders(40_000);
  private static final RetailGenerator GENERATOR = new RetailGenerator(OPTIONS);
  private static final List<Order> ORDERS = StreamSupport.stream(GENERATOR.orders().spliterator(), false).toList();

  @Test
  void sameSeedGivesSameRows() {
    RetailGenerator again = new RetailGenerator(OPTIONS);

    assertThat(again.customers()).isEqualTo(GENERATOR.customers());
    assertThat(again.products()).isEqualTo(GENERATOR.products());
    assertThat(again.orders()).containsExactlyElementsOf(ORDERS);
  }

  @Test
  void otherSeedGivesOtherRows() {
    RetailGenerator other = new RetailGenerator(OPTIONS.withSeed(7));

    assertThat(other.customers()).isNotEqualTo(GENERATOR.customers());
    assertThat(other.orders().iterator().next()).isNotEqualTo(ORDERS.get(0));
  }

  @Test
  void sizesFollowOptions() {
    assertThat(GENERATOR.customers()).hasSize(2_000);
    assertThat(GENERATOR.merchants()).hasSize(60);
    assertThat(GENERATOR.products()).hasSize(300);
    assertThat(ORDERS).hasSize(40_000);
    assertThat(ORDERS).extracting(Order::id).doesNotHaveDuplicates();
    assertThat(GENERATOR.priceHistory()).hasSizeBetween(300, 900);
  }

  @Test
  void ordersReferenceExistingRowsInTime() {
    for (Order order : ORDERS) {
      assertThat(order.customerId()).isBetween(1, 2_000);
      assertThat(order.merchantId()).isBetween(1, 60);
      assertThat(order.productId()).isBetween(1, 300);
      assertThat(order.orderedAt()).isBetween(RetailGenerator.ORDERS_FROM, RetailGenerator.ORDERS_UNTIL);
      assertThat(customer(order).signedUpAt()).isBefore(order.orderedAt());
    }
  }

  @Test
  void weekendOrdersCheaperAtDiscountingMerchants() {
    double discountingWeekend = meanSpendRatio(true, true);
    double discountingWeekday = meanSpendRatio(true, false);
    double plainWeekend = meanSpendRatio(false, true);
    double plainWeekday = meanSpendRatio(false, false);

    // Discounts lie between 10% and 30%, so the weekend ratio drops by about 20% on average.
    assertThat(discountingWeekend / discountingWeekday).isBetween(0.72, 0.88);
    assertThat(plainWeekend / plainWeekday).isBetween(0.97, 1.03);
  }

  @Test
  void amountFollowsPrice() {
    double[] logAmount = ORDERS.stream().mapToDouble(order -> Math.log(order.amount())).toArray();
    double[] logPrice = ORDERS.stream().mapToDouble(order -> Math.log(priceAt(order))).toArray();

    assertThat(pearson(logAmount, logPrice)).isGreaterThan(0.9);
  }

  @Test
  void amountFollowsUsualSpending() {
    List<Order> weekday = ORDERS.stream().filter(order -> !RetailGenerator.isWeekend(order.orderedAt())).toList();
    double[] perPrice = weekday.stream().mapToDouble(order -> order.amount() / priceAt(order)).toArray();
    double[] spending = weekday.stream().mapToDouble(order -> customer(order).usualSpending()).toArray();

    assertThat(pearson(perPrice, spending)).isGreaterThan(0.8);
  }

  @Test
  void segmentsDifferInUsualSpending() {
    assertThat(meanSpending("budget")).isLessThan(meanSpending("regular"));
    assertThat(meanSpending("regular")).isLessThan(meanSpending("premium"));
  }

  @Test
  void customersBuyMostlyInHomeRegion() {
    long local = ORDERS.stream().filter(order -> merchant(order).region().equals(customer(order).homeRegion())).count();

    // 70% go to a home-region merchant by rule, and a fifth of the other 30% land there by chance.
    assertThat((double) local / ORDERS.size()).isBetween(0.72, 0.80);
  }

  @Test
  void orderPriceFollowsPriceHistory() {
    Product changed = GENERATOR.products().stream().filter(product -> product.history().size() > 1).findFirst().orElseThrow();
    var first = changed.history().get(0);
    var second = changed.history().get(1);

    assertThat(changed.priceAt(second.validFrom().minusSeconds(1))).isEqualTo(first.price());
    assertThat(changed.priceAt(second.validFrom())).isEqualTo(second.price());
    assertThat(changed.price()).isEqualTo(changed.history().get(changed.history().size() - 1).price());
  }

  @Test
  void optionsRejectInvalidValues() {
    assertThatThrownBy(() -> RetailOptions.defaults().withCustomers(0))
        .hasMessage("Invalid customers 0: it must be at least 1");
    assertThatThrownBy(() -> RetailOptions.defaults().withOrders(-1))
        .hasMessage("Invalid orders -1: it must be at least 0");
    assertThatThrownBy(() -> RetailOptions.defaults().withChangesPerSecond(-1))
        .hasMessage("Invalid changesPerSecond -1: it must be a finite number of at least 0");
    assertThatThrownBy(() -> RetailOptions.defaults().withChangesPerSecond(-0.5))
        .hasMessageStartingWith("Invalid changesPerSecond -0.5:");
    assertThatThrownBy(() -> RetailOptions.defaults().withChangesPerSecond(Double.NaN))
        .hasMessageContaining("Invalid changesPerSecond NaN");
    assertThat(RetailOptions.defaults().withChangesPerSecond(0).changesPerSecond()).isZero();
  }

  private double meanSpendRatio(boolean discounting, boolean weekend) {
    List<Double> ratios = new ArrayList<>();
    for (Order order : ORDERS) {
      Merchant merchant = merchant(order);
      if ((merchant.weekendDiscount() > 0) == discounting && RetailGenerator.isWeekend(order.orderedAt()) == weekend) {
        ratios.add(order.amount() / (priceAt(order) * customer(order).usualSpending()));
      }
    }
    assertThat(ratios).hasSizeGreaterThan(1_000);
    return ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double meanSpending(String segment) {
    return GENERATOR.customers().stream().filter(customer -> customer.segment().equals(segment))
        .mapToDouble(Customer::usualSpending).average().orElseThrow();
  }

  private static double priceAt(Order order) {
    return GENERATOR.products().get(order.productId() - 1).priceAt(order.orderedAt());
  }

  private static Customer customer(Order order) {
    return GENERATOR.customers().get(order.customerId() - 1);
  }

  private static Merchant merchant(Order order) {
    return GENERATOR.merchants().get(order.merchantId() - 1);
  }

  static double pearson(double[] x, double[] y) {
    double meanX = mean(x);
    double meanY = mean(y);
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < x.length; i++) {
      covariance += (x[i] - meanX) * (y[i] - meanY);
      varianceX += (x[i] - meanX) * (x[i] - meanX);
      varianceY += (y[i] - meanY) * (y[i] - meanY);
    }
    return covariance / Math.sqrt(varianceX * varianceY);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }
}
