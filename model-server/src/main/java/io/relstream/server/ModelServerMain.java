package io.relstream.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the model server; runs until the process is stopped (Ctrl-C or SIGTERM). */
@Command(name = "model-server", mixinStandardHelpOptions = true,
    description = "Serve entity embeddings from the embeddings topic and the model versions over HTTP.")
public final class ModelServerMain implements Callable<Integer> {
  /** Environment variable with the admin token. */
  static final String TOKEN_VARIABLE = "RELSTREAM_ADMIN_TOKEN";

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = ServerConfig.DEFAULT_HOST)
  String host;

  @Option(names = "--port", description = "HTTP port, 0 for any free one (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
  int port;

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port].")
  String bootstrapServers;

  @Option(names = "--embeddings-topic", defaultValue = ServerConfig.DEFAULT_EMBEDDINGS_TOPIC,
      description = "Compacted topic of embeddings (default: ${DEFAULT-VALUE}).")
  String embeddingsTopic;

  @Option(names = "--model-versions-topic", defaultValue = ServerConfig.DEFAULT_MODEL_VERSIONS_TOPIC,
      description = "Topic of model versions (default: ${DEFAULT-VALUE}).")
  String modelVersionsTopic;

  @Option(names = "--progress-topic", defaultValue = ServerConfig.DEFAULT_PROGRESS_TOPIC,
      description = "Topic of training progress, plotted on /dashboard (default: ${DEFAULT-VALUE}).")
  String progressTopic;

  @Option(names = "--data-dir", required = true, description = "Directory of the RocksDB store; kept across restarts.")
  Path dataDirectory;

  @Option(names = "--admin-token-file", description = "File whose first line is the admin token; without it the token"
      + " comes from $" + TOKEN_VARIABLE + ", and without either admin calls are disabled.")
  Path adminTokenFile;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = new ServerConfig(host, port, bootstrapServers, embeddingsTopic, modelVersionsTopic,
        progressTopic, dataDirectory, adminToken());
    CountDownLatch stopped = new CountDownLatch(1);
    ModelServer server = ModelServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }, "model-server-shutdown"));
    System.out.println("model server: " + server.address());
    stopped.await();
    return 0;
  }

  private Optional<String> adminToken() throws IOException {
    if (adminTokenFile != null) {
      String content = Files.readString(adminTokenFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
      if (content.isEmpty()) {
        throw new IllegalArgumentException("Invalid --admin-token-file " + adminTokenFile + ": the file is empty");
      }
      return Optional.of(content);
    }
    String fromEnvironment = System.getenv(TOKEN_VARIABLE);
    return fromEnvironment == null || fromEnvironment.isBlank() ? Optional.empty() : Optional.of(fromEnvironment.strip());
  }

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new ModelServerMain());
    commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
      if (e instanceof IllegalArgumentException) {
        line.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    System.exit(commandLine.execute(args));
  }
}
