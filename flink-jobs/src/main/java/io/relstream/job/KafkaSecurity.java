package io.relstream.job;

import static io.relstream.job.EntryPointOptions.*;

import io.relstream.config.OptionChecks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * Turns the Kafka security options into producer and admin client properties. The JAAS
 * configuration is built here rather than taken from the user, because the job jar relocates the
 * Kafka client: the class literals below carry the relocated login module names, which a
 * hand-written {@code sasl.jaas.config} would have to spell out.
 */
final class KafkaSecurity {
  private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

  private KafkaSecurity() {}

  /** Returns the client properties of the configured protocol; empty for PLAINTEXT. */
  static Map<String, String> clientProperties(ReadableConfig config, Map<String, String> environment) {
    String protocol = config.get(KAFKA_SECURITY_PROTOCOL);
    if (!PROTOCOLS.contains(protocol)) {
      throw OptionChecks.invalid(KAFKA_SECURITY_PROTOCOL.key(), String.join(", ", PROTOCOLS), protocol);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (protocol.equals("PLAINTEXT")) {
      return properties;
    }
    properties.put("security.protocol", protocol);
    if (protocol.startsWith("SASL_")) {
      addSasl(config, environment, properties);
    }
    return properties;
  }

  private static void addSasl(ReadableConfig config, Map<String, String> environment, Map<String, String> properties) {
    String mechanism = config.get(KAFKA_SASL_MECHANISM);
    if (!MECHANISMS.contains(mechanism)) {
      throw OptionChecks.invalid(KAFKA_SASL_MECHANISM.key(), String.join(", ", MECHANISMS), mechanism);
    }
    String username = OptionChecks.required(KAFKA_SASL_USERNAME.key(), config.get(KAFKA_SASL_USERNAME));
    String password = SecretFiles.read(KAFKA_SASL_PASSWORD_FILE.key(), config.get(KAFKA_SASL_PASSWORD_FILE),
        config.get(KAFKA_SASL_PASSWORD_ENV), environment);
    if (password.isEmpty()) {
      throw new IllegalArgumentException("Missing SASL password: set the environment variable "
          + config.get(KAFKA_SASL_PASSWORD_ENV) + " or the option " + KAFKA_SASL_PASSWORD_FILE.key());
    }
    String loginModule = mechanism.equals("PLAIN") ? PlainLoginModule.class.getName() : ScramLoginModule.class.getName();
    properties.put("sasl.mechanism", mechanism);
    properties.put("sasl.jaas.config", loginModule + " required username=\"" + quoted(username)
        + "\" password=\"" + quoted(password) + "\";");
  }

  /** Escapes a JAAS option value, which the configuration parser reads as a quoted string. */
  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
