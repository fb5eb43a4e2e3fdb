package io.relstream.job;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The configuration of a job started by {@link RelstreamJobMain}: the cluster's Flink configuration,
 * then the options file that {@code job.options-file} names, then the program arguments, each
 * overriding the ones before. Arguments are {@code --KEY VALUE} or {@code --KEY=VALUE}; a key with a
 * job prefix that names no option is rejected, so that a misspelt option does not go unnoticed.
 */
public final class JobArguments {
  private static final List<String> JOB_PREFIXES =
      List.of("source.", "kafka.", "graph.", "sampling.", "batch.", "masking.", "training.", "model.", "job.");

  private JobArguments() {}

  /** Returns {@code cluster}'s options with the options file's and then the arguments' options on top. */
  public static Configuration merge(ReadableConfig cluster, String[] args) {
    Configuration configuration = Configuration.fromMap(cluster.toMap());
    Map<String, String> arguments = parse(args);
    checkKeys(arguments.keySet());
    String optionsFile = arguments.getOrDefault(EntryPointOptions.OPTIONS_FILE.key(),
        configuration.get(EntryPointOptions.OPTIONS_FILE));
    if (optionsFile != null) {
      Map<String, String> fileOptions = OptionsFile.read(EntryPointOptions.OPTIONS_FILE.key(), Path.of(optionsFile));
      checkKeys(fileOptions.keySet());
      configuration.addAll(Configuration.fromMap(fileOptions));
    }
    configuration.addAll(Configuration.fromMap(arguments));
    return configuration;
  }

  /** Parses {@code --KEY VALUE} and {@code --KEY=VALUE} arguments, keeping their order. */
  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("Invalid argument '" + arg + "': expected --KEY VALUE or --KEY=VALUE");
      }
      int equals = arg.indexOf('=');
      if (equals > 0) {
        options.put(arg.substring(2, equals), arg.substring(equals + 1));
      } else if (i + 1 < args.length) {
        options.put(arg.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("Missing value of argument '" + arg + "'");
      }
    }
    return options;
  }

  /** Throws when a key carries a job prefix but names no option of the entry point. */
  static void checkKeys(Set<String> keys) {
    Set<String> known = knownKeys();
    for (String key : keys) {
      if (JOB_PREFIXES.stream().anyMatch(key::startsWith) && !known.contains(key)) {
        throw new IllegalArgumentException("Unknown option " + key + "; the options are listed in README.md under Configuration");
      }
    }
  }

  /** Returns the keys of every option that the entry point reads. */
  static Set<String> knownKeys() {
    Set<String> keys = new TreeSet<>();
    for (Class<?> holder : EntryPointSettings.optionHolders()) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
          keys.add(read(field).key());
        }
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
