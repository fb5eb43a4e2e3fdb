package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** Keeps the README's configuration table in step with the options classes. */
class OptionsDocumentationTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void unknownJobOptionIsRejected() {
    assertThatThrownBy(() -> KnownOptions.checkKeys(Map.of("batch.sise", "10")))
        .hasMessageContaining("Unknown option batch.sise");
  }

  @Test
  void clusterOnlyOptionIsRejected() {
    assertThatThrownBy(() -> KnownOptions.checkKeys(Map.of("source.password-env", "PGPASS")))
        .hasMessageContaining("source.password-env applies only to the job jar")
        .hasMessageContaining("--password-env");
  }

  @Test
  void flinkOptionPassesThrough() {
    assertThatCode(() -> KnownOptions.checkKeys(Map.of("taskmanager.numberOfTaskSlots", "4"))).doesNotThrowAnyException();
  }

  @Test
  void readmeCarriesTheGeneratedTable() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    assertThat(readme)
        .as("README.md's configuration table; regenerate it with bin/relstream options")
        .contains(OptionsReference.markedTable());
  }

  @Test
  void tableListsEveryOptionOnce() {
    List<ConfigOption<?>> options = KnownOptions.all();
    String table = OptionsReference.markdownTable();
    assertThat(options).hasSizeGreaterThan(20);
    for (ConfigOption<?> option : options) {
      assertThat(table).as("row of %s", option.key()).containsOnlyOnce("| `" + option.key() + "` |");
    }
    assertThat(table.lines().count()).isEqualTo(options.size() + 2);
  }
}
