package io.relstream.cli;

import io.relstream.synthetic.RetailOptions;
import picocli.CommandLine.Option;

/** Size, seed and change rate of the synthetic retail database that {@code demo} uses without {@code --dataset}. */
final class SyntheticArgs {
  private static final RetailOptions DEFAULTS = RetailOptions.defaults();

  @Option(names = "--customers", description = "Synthetic customers (default: 10000).")
  int customers = DEFAULTS.customers();

  @Option(names = "--merchants", description = "Synthetic merchants (default: 200).")
  int merchants = DEFAULTS.merchants();

  @Option(names = "--products", description = "Synthetic products (default: 1000).")
  int products = DEFAULTS.products();

  @Option(names = "--orders", description = "Synthetic orders in the snapshot (default: 100000).")
  int orders = DEFAULTS.orders();

  @Option(names = "--seed", description = "Seed of the synthetic database; the same seed gives the same rows (default: 42).")
  long seed = DEFAULTS.seed();

  @Option(names = "--changes-per-second", description = "Live inserts and updates per second, written while the job runs; 0 writes none (default: 3).")
  double changesPerSecond = DEFAULTS.changesPerSecond();

  /** Returns the options, or throws a {@link UserInputException} that names the invalid command-line option. */
  RetailOptions options() {
    try {
      return new RetailOptions(customers, merchants, products, orders, seed, changesPerSecond);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage().replace("Invalid changesPerSecond", "Invalid --changes-per-second")
          .replaceFirst("^Invalid (customers|merchants|products|orders) ", "Invalid --$1 "));
    }
  }
}
