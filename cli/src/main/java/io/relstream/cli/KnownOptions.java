package io.relstream.cli;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.job.EntryPointOptions;
import io.relstream.job.RelstreamOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;

/**
 * The job's options, read from the options classes, so that a misspelt key is rejected at start-up
 * instead of being ignored. Keys outside the job's prefixes (Flink's own options) pass through.
 */
final class KnownOptions {
  private static final List<String> JOB_PREFIXES =
      List.of("source.", "kafka.", "graph.", "sampling.", "batch.", "masking.", "training.", "model.", "job.",
          "reembed.");

  private KnownOptions() {}

  /** Returns every option of the source and the job. */
  static List<ConfigOption<?>> all() {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Class<?> holder : List.of(PostgresSourceOptions.class, RelstreamOptions.class, EntryPointOptions.class)) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
          options.add(read(field));
        }
      }
    }
    return options;
  }

  /** Returns the position of the key's prefix in pipeline order, after all of them when it has none. */
  static int prefixRank(String key) {
    for (int i = 0; i < JOB_PREFIXES.size(); i++) {
      if (key.startsWith(JOB_PREFIXES.get(i))) {
        return i;
      }
    }
    return JOB_PREFIXES.size();
  }

  /**
   * Throws when a key carries a job prefix but names no option, or names an option that only the
   * job jar's entry point on a Flink cluster reads, which {@code run} and {@code demo} would ignore.
   */
  static void checkKeys(Map<String, String> settings) {
    Set<String> known = all().stream().map(ConfigOption::key).collect(Collectors.toSet());
    Set<String> clusterOnly = keysOf(EntryPointOptions.class);
    for (String key : settings.keySet()) {
      if (clusterOnly.contains(key)) {
        throw new IllegalArgumentException("Option " + key + " applies only to the job jar on a Flink cluster;"
            + " bin/relstream takes the password from --password-env or --password-file and event times from"
            + " --time-column and --time-via");
      }
      if (JOB_PREFIXES.stream().anyMatch(key::startsWith) && !known.contains(key)) {
        throw new IllegalArgumentException("Unknown option " + key + "; the options are listed in README.md under Configuration");
      }
    }
  }

  private static Set<String> keysOf(Class<?> holder) {
    Set<String> keys = new HashSet<>();
    for (Field field : holder.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
        keys.add(read(field).key());
      }
    }
    return keys;
  }

  private static ConfigOption<?> read(Field field) {
    try {
      return (ConfigOption<?>) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot read option field " + field, e);
    }
  }
}
