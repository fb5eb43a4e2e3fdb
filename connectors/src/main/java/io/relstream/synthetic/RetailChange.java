package io.relstream.synthetic;

import io.relstream.synthetic.RetailEntities.Customer;
import io.relstream.synthetic.RetailEntities.Order;
import io.relstream.synthetic.RetailEntities.PricePoint;

/** One change of the live stream, applied in its own transaction. */
public sealed interface RetailChange {

  /** A new order, priced by the same rule as the snapshot's orders. */
  record NewOrder(Order order) implements RetailChange {}

  /** A product's new price: an update of {@code products.price} and a new price history row. */
  record PriceChange(PricePoint point) implements RetailChange {}

  /** A customer's changed usual spending or home region. */
  record CustomerUpdate(Customer customer) implements RetailChange {}

  /** A customer who signs up now. */
  record NewCustomer(Customer customer) implements RetailChange {}
}
