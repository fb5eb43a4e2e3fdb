package io.relstream.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the model server, validated when built.
 *
 * @param host the address the HTTP server binds, 127.0.0.1 by default
 * @param port the HTTP port, 0 for any free port
 * @param bootstrapServers Kafka bootstrap servers to read the topics from
 * @param embeddingsTopic the compacted topic of entity embeddings, keyed by {@code table/key}
 * @param modelVersionsTopic the topic of model versions, keyed by the version number
 * @param progressTopic the topic of training progress records, one per step, for the dashboard
 * @param dataDirectory the directory of the RocksDB store, created when missing
 * @param adminToken the token that admin calls must send, or empty to disable admin calls
 * @param parentCommand the command that started this server as its child process, such as
 *     {@code relstream demo}, or empty for a server started on its own. The 403 for admin calls
 *     names it as the command to restart, because the child takes the token from its environment.
 */
public record ServerConfig(
    String host,
    int port,
    String bootstrapServers,
    String embeddingsTopic,
    String modelVersionsTopic,
    String progressTopic,
    Path dataDirectory,
    Optional<String> adminToken,
    Optional<String> parentCommand) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_EMBEDDINGS_TOPIC = "relstream.embeddings";
  public static final String DEFAULT_MODEL_VERSIONS_TOPIC = "relstream.model-versions";
  public static final String DEFAULT_PROGRESS_TOPIC = "relstream.training-progress";
  /** Shortest admin token accepted, so that a token cannot be guessed in a few tries. */
  static final int MIN_TOKEN_LENGTH = 16;

  public ServerConfig {
    requireText("host", host);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("Invalid port " + port + ": it must be between 0 and 65535");
    }
    requireText("bootstrap-servers", bootstrapServers);
    requireText("embeddings-topic", embeddingsTopic);
    requireText("model-versions-topic", modelVersionsTopic);
    requireText("progress-topic", progressTopic);
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(adminToken, "adminToken");
    Objects.requireNonNull(parentCommand, "parentCommand");
    if (adminToken.isPresent() && adminToken.get().length() < MIN_TOKEN_LENGTH) {
      // The message gives the length only, never the token.
      throw new IllegalArgumentException("Invalid admin token of " + adminToken.get().length()
          + " characters: it must have at least " + MIN_TOKEN_LENGTH);
    }
  }

  /** Returns a configuration with the default host, port and topics. */
  public static ServerConfig of(String bootstrapServers, Path dataDirectory, Optional<String> adminToken) {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, bootstrapServers, DEFAULT_EMBEDDINGS_TOPIC,
        DEFAULT_MODEL_VERSIONS_TOPIC, DEFAULT_PROGRESS_TOPIC, dataDirectory, adminToken, Optional.empty());
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, bootstrapServers, embeddingsTopic, modelVersionsTopic, progressTopic,
        dataDirectory, adminToken, parentCommand);
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing " + key + ": it must be a non-blank value, got '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return "ServerConfig{host=" + host + ", port=" + port + ", bootstrap=" + bootstrapServers
        + ", embeddings=" + embeddingsTopic + ", modelVersions=" + modelVersionsTopic + ", progress=" + progressTopic
        + ", data=" + dataDirectory
        + ", adminToken=" + (adminToken.isPresent() ? "(set)" : "(none)")
        + parentCommand.map(command -> ", parentCommand=" + command).orElse("") + "}";
  }
}
