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
  static final String TOKEN_VARIABLE = ServerEnvironment.ADMIN_TOKEN;

  @Option(names = "--host", defaultValue = "${env:" + ServerEnvironment.HOST + ":-" + ServerConfig.DEFAULT_HOST + "}",
      description = "Address to bind; 0.0.0.0 in a container (default: ${DEFAULT-VALUE}, from $"
          + ServerEnvironment.HOST + ").")
  String host;

  @Option(names = "--port", defaultValue = "${env:" + ServerEnvironment.PORT + ":-" + ServerConfig.DEFAULT_PORT + "}",
      description = "HTTP port, 0 for any free one (default: ${DEFAULT-VALUE}, from $" + ServerEnvironment.PORT + ").")
  int port;

  @Option(names = "--bootstrap-servers", defaultValue = "${env:" + ServerEnvironment.KAFKA_BOOTSTRAP_SERVERS + "}",
      description = "Kafka bootstrap servers, host:port[,host:port] (default: $"
          + ServerEnvironment.KAFKA_BOOTSTRAP_SERVERS + "; one of them is required).")
  String bootstrapServers;

  @Option(names = "--embeddings-topic",
      defaultValue = "${env:" + ServerEnvironment.EMBEDDINGS_TOPIC + ":-" + ServerConfig.DEFAULT_EMBEDDINGS_TOPIC + "}",
      description = "Compacted topic of embeddings (default: ${DEFAULT-VALUE}, from $"
          + ServerEnvironment.EMBEDDINGS_TOPIC + ").")
  String embeddingsTopic;

  @Option(names = "--model-versions-topic",
      defaultValue = "${env:" + ServerEnvironment.MODEL_VERSIONS_TOPIC + ":-" + ServerConfig.DEFAULT_MODEL_VERSIONS_TOPIC
          + "}",
      description = "Topic of model versions (default: ${DEFAULT-VALUE}, from $"
          + ServerEnvironment.MODEL_VERSIONS_TOPIC + ").")
  String modelVersionsTopic;

  @Option(names = "--progress-topic",
      defaultValue = "${env:" + ServerEnvironment.PROGRESS_TOPIC + ":-" + ServerConfig.DEFAULT_PROGRESS_TOPIC + "}",
      description = "Topic of training progress, plotted on /dashboard (default: ${DEFAULT-VALUE}, from $"
          + ServerEnvironment.PROGRESS_TOPIC + ").")
  String progressTopic;

  @Option(names = "--data-dir", defaultValue = "${env:" + ServerEnvironment.DATA_DIR + "}",
      description = "Directory of the RocksDB store, kept across restarts (default: $" + ServerEnvironment.DATA_DIR
          + "; one of them is required).")
  Path dataDirectory;

  @Option(names = "--admin-token-file", description = "File whose first line is the admin token; without it the token"
      + " comes from $" + TOKEN_VARIABLE + ", and without either admin calls are disabled.")
  Path adminTokenFile;

  /** Hidden because only a parent process such as the demo sets it, so that the 403 hint names that process. */
  @Option(names = "--parent-command", hidden = true,
      description = "Command that started this server as its child process, named in the 403 for admin calls.")
  String parentCommand;

  @Override
  public Integer call() throws Exception {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Missing Kafka bootstrap servers: pass --bootstrap-servers or set $"
          + ServerEnvironment.KAFKA_BOOTSTRAP_SERVERS);
    }
    if (dataDirectory == null) {
      throw new IllegalArgumentException("Missing data directory: pass --data-dir or set $" + ServerEnvironment.DATA_DIR);
    }
    if (parentCommand != null && parentCommand.isBlank()) {
      throw new IllegalArgumentException("Invalid --parent-command '" + parentCommand
          + "': it must name the command that started this server, such as 'relstream demo'");
    }
    ServerConfig config = new ServerConfig(host, port, bootstrapServers, embeddingsTopic, modelVersionsTopic,
        progressTopic, dataDirectory, adminToken(), Optional.ofNullable(parentCommand));
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
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line, which reports an invalid setting as one error line and exit code 2. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ModelServerMain());
    commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
      if (e instanceof IllegalArgumentException) {
        line.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return commandLine;
  }
}
