package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

  @Test
  void defaults() {
    LoadOptions options = LoadOptions.defaults();

    assertThat(options.schema()).isEqualTo("public");
    assertThat(options.dropExisting()).isFalse();
    assertThat(options.tables()).isEmpty();
    assertThat(options.batchSize()).isEqualTo(LoadOptions.DEFAULT_BATCH_SIZE);
    assertThat(options.padShortRows()).isTrue();
  }

  @Test
  void withersChangeOneSetting() {
    LoadOptions options = LoadOptions.defaults().withSchema("f1").withDropExisting(true)
        .withTables(List.of("results")).withBatchSize(100).withPadShortRows(false);

    assertThat(options).isEqualTo(new LoadOptions("f1", true, List.of("results"), 100, false));
  }

  @Test
  void invalidBatchSizeFails() {
    assertThatThrownBy(() -> LoadOptions.defaults().withBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid batch size 0: it must be at least 1");
  }

  @Test
  void blankSchemaFails() {
    assertThatThrownBy(() -> LoadOptions.defaults().withSchema(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid schema name ' ': it must not be blank");
  }
}
