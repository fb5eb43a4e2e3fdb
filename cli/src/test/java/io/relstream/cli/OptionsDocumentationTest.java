package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.job.RelstreamOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/** Keeps the README's configuration table in step with the options classes. */
class OptionsDocumentationTest {
  private static final Path README = Path.of("..", "README.md");

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

  private static List<ConfigOption<?>> options() throws IllegalAccessException {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Class<?> holder : List.of(PostgresSourceOptions.class, RelstreamOptions.class)) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
          options.add((ConfigOption<?>) field.get(null));
        }
      }
    }
    assertThat(options).hasSizeGreaterThan(20);
    return options;
  }
}
