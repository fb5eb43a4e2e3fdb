package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.synthetic.RetailOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SyntheticArgsTest {

  @Test
  void defaultsEqualGeneratorDefaults() {
    assertThat(parse().options()).isEqualTo(RetailOptions.defaults());
  }

  @Test
  void optionsSetSizesSeedAndRate() {
    RetailOptions options = parse("--customers", "50", "--merchants", "5", "--products", "7", "--orders", "900",
        "--seed", "3", "--changes-per-second", "0.5").options();

    assertThat(options).isEqualTo(new RetailOptions(50, 5, 7, 900, 3, 0.5));
  }

  @Test
  void invalidValueNamesOption() {
    assertThatThrownBy(() -> parse("--customers", "0").options())
        .isInstanceOf(UserInputException.class)
        .hasMessage("Invalid --customers 0: it must be at least 1");
    assertThatThrownBy(() -> parse("--changes-per-second", "-1").options())
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("Invalid --changes-per-second -1:");
  }

  private static SyntheticArgs parse(String... args) {
    SyntheticArgs synthetic = new SyntheticArgs();
    new CommandLine(synthetic).parseArgs(args);
    return synthetic;
  }
}
