package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;
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
  void flinkOptionPassesThrough() {
    assertThatCode(() -> KnownOptions.checkKeys(Map.of("taskmanager.numberOfTaskSlots", "4"))).doesNotThrowAnyException();
  }

  @Test
  void readmeListsEveryOptionWithDefault() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    for (ConfigOption<?> option : options()) {
      String row = "| `" + option.key() + "` | " + documentedDefault(option) + " | " + description(option) + " |";
      assertThat(readme).as("README row of %s", option.key()).contains(row);
    }
  }

  private static String description(ConfigOption<?> option) {
    StringBuilder text = new StringBuilder();
    option.description().getBlocks().forEach(block -> text.append(((TextElement) block).getFormat()));
    return text.toString();
  }

  private static String documentedDefault(ConfigOption<?> option) {
    if (!option.hasDefaultValue()) {
      return "(none)";
    }
    Object value = option.defaultValue();
    if (value instanceof List<?> list && list.isEmpty()) {
      return "(empty)";
    }
    if (value instanceof Duration duration) {
      return "`" + TimeUtils.formatWithHighestUnit(duration) + "`";
    }
    return "`" + value + "`";
  }

  private static List<ConfigOption<?>> options() {
    List<ConfigOption<?>> options = KnownOptions.all();
    assertThat(options).hasSizeGreaterThan(20);
    return options;
  }
}
