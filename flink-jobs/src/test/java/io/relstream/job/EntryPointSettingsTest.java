package io.relstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster entry point's options: arguments over the cluster's configuration, secrets and Kafka security. */
class EntryPointSettingsTest {
  private static final String BASE_ARGS = "--source.database f1 --kafka.bootstrap-servers 127.0.0.1:9092";

  @TempDir
  Path work;

  @Test
  void argumentsOverrideClusterConfiguration() {
    Configuration cluster = new Configuration();
    cluster.setString("batch.size", "16");
    cluster.setString("parallelism.default", "2");

    Configuration merged = JobArguments.merge(cluster, args(BASE_ARGS + " --batch.size=32"));

    assertThat(merged.getString("batch.size", null)).isEqualTo("32");
    assertThat(merged.getString("parallelism.default", null)).isEqualTo("2");
    assertThat(merged.getString("source.database", null)).isEqualTo("f1");
  }

  @Test
  void misspeltJobOptionIsRejected() {
    assertThatThrownBy(() -> JobArguments.merge(new Configuration(), args("--batch.sise 10")))
        .hasMessageContaining("Unknown option batch.sise");
  }

  @Test
  void argumentWithoutValueIsRejected() {
    assertThatThrownBy(() -> JobArguments.parse(args("--batch.size")))
        .hasMessageContaining("Missing value of argument '--batch.size'");
    assertThatThrownBy(() -> JobArguments.parse(args("batch.size=3")))
        .hasMessageContaining("expected --KEY VALUE or --KEY=VALUE");
  }

  @Test
  void databasePasswordComesFromEnvironment() {
    EntryPointSettings settings = settings(BASE_ARGS, Map.of("RELSTREAM_DB_PASSWORD", "s3cret"));

    assertThat(settings.source().password()).isEqualTo("s3cret");
    assertThat(settings.source().toString()).doesNotContain("s3cret");
  }

  @Test
  void passwordFileTakesPrecedence() throws Exception {
    Path file = Files.writeString(work.resolve("db-password"), "from-file\nignored\n");

    EntryPointSettings settings = settings(BASE_ARGS + " --source.password-file " + file,
        Map.of("RELSTREAM_DB_PASSWORD", "from-env"));

    assertThat(settings.source().password()).isEqualTo("from-file");
  }

  @Test
  void missingPasswordFileNamesOption() {
    assertThatThrownBy(() -> settings(BASE_ARGS + " --source.password-file " + work.resolve("absent"), Map.of()))
        .hasMessageContaining("source.password-file")
        .hasMessageContaining("readable file");
  }

  @Test
  void plaintextKafkaHasNoSecurityProperties() {
    assertThat(settings(BASE_ARGS, Map.of()).job().publish().producerOverrides()).isEmpty();
  }

  @Test
  void saslBuildsJaasConfigWithoutPrintingPassword() {
    EntryPointSettings settings = settings(BASE_ARGS
            + " --kafka.security-protocol SASL_SSL --kafka.sasl-mechanism SCRAM-SHA-512 --kafka.sasl-username job",
        Map.of("RELSTREAM_KAFKA_PASSWORD", "p\"w"));

    Map<String, String> overrides = settings.job().publish().producerOverrides();
    assertThat(overrides).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(overrides.get("sasl.jaas.config"))
        .endsWith("ScramLoginModule required username=\"job\" password=\"p\\\"w\";");
    assertThat(settings.job().publish().toString()).doesNotContain("p\"w");
  }

  @Test
  void saslWithoutPasswordIsRejected() {
    assertThatThrownBy(() -> settings(BASE_ARGS + " --kafka.security-protocol SASL_PLAINTEXT --kafka.sasl-username job",
        Map.of()))
        .hasMessageContaining("RELSTREAM_KAFKA_PASSWORD")
        .hasMessageContaining("kafka.sasl-password-file");
  }

  @Test
  void unknownProtocolNamesAllowedValues() {
    assertThatThrownBy(() -> settings(BASE_ARGS + " --kafka.security-protocol TLS", Map.of()))
        .hasMessageContaining("kafka.security-protocol")
        .hasMessageContaining("SASL_SSL")
        .hasMessageContaining("TLS");
  }

  @Test
  void timeOverridesAreParsed() {
    EntryPointSettings settings = settings(BASE_ARGS
        + " --source.time-columns races=date --source.time-via results=raceId->races.date", Map.of());

    assertThat(settings.discovery().timeColumns()).containsEntry("races", "date");
    assertThat(settings.discovery().timeVia()).containsEntry("results", "raceId->races.date");
  }

  @Test
  void malformedTimeOverrideNamesOption() {
    assertThatThrownBy(() -> settings(BASE_ARGS + " --source.time-columns races", Map.of()))
        .hasMessageContaining("source.time-columns")
        .hasMessageContaining("races");
  }

  @Test
  void optionsFileSitsBetweenClusterAndArguments() throws Exception {
    Path file = Files.writeString(work.resolve("options.yaml"),
        "# job options\nbatch.size: 24\nmasking.rate: \"0.2\"\n\nsource.database: from-file\n");
    Configuration cluster = new Configuration();
    cluster.setString("job.options-file", file.toString());
    cluster.setString("batch.size", "16");

    Configuration merged = JobArguments.merge(cluster, args(BASE_ARGS));

    assertThat(merged.getString("batch.size", null)).isEqualTo("24");
    assertThat(merged.getString("masking.rate", null)).isEqualTo("0.2");
    assertThat(merged.getString("source.database", null)).isEqualTo("f1");
  }

  @Test
  void optionsFileWithUnknownKeyIsRejected() throws Exception {
    Path file = Files.writeString(work.resolve("options.yaml"), "batch.sise: 24\n");

    assertThatThrownBy(() -> JobArguments.merge(new Configuration(), args("--job.options-file " + file)))
        .hasMessageContaining("Unknown option batch.sise");
  }

  @Test
  void malformedOptionsLineNamesLine() throws Exception {
    Path file = Files.writeString(work.resolve("options.yaml"), "batch.size: 24\nbatch.timeout=2 s\n");

    assertThatThrownBy(() -> JobArguments.merge(new Configuration(), args("--job.options-file " + file)))
        .hasMessageContaining("line 2")
        .hasMessageContaining("job.options-file");
  }

  private static EntryPointSettings settings(String arguments, Map<String, String> environment) {
    return EntryPointSettings.from(JobArguments.merge(new Configuration(), args(arguments)), environment);
  }

  private static String[] args(String arguments) {
    return arguments.split(" ");
  }
}
