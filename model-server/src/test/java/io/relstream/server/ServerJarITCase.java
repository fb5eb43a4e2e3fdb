package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relstream.embedded.KafkaBrokerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged server as the container image does, {@code java -jar} with lib/ beside the jar
 * and every option from environment variables, against a real Kafka broker.
 */
class ServerJarITCase {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path TARGET = Path.of("target");
  private static final Pattern ADDRESS = Pattern.compile("model server: (http://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path work;

  @Test
  void jarRunsWithOptionsFromEnvironment() throws Exception {
    Path jar = serverJar();
    assertManifestNamesMainClassAndLibraries(jar);
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
      Path output = work.resolve("server.out");
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-jar", jar.toAbsolutePath().toString())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      Map<String, String> environment = builder.environment();
      environment.put(ServerEnvironment.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
      environment.put(ServerEnvironment.DATA_DIR, work.resolve("store").toString());
      environment.put(ServerEnvironment.HOST, "127.0.0.1");
      environment.put(ServerEnvironment.PORT, "0");
      environment.put(ServerEnvironment.MODEL_VERSIONS_TOPIC, "jar-test-versions");
      Process process = builder.start();
      try {
        String address = await("the server's address").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> address(process, output), value -> value != null);
        HttpClient http = HttpClient.newHttpClient();
        await("/health").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> get(http, address + "/health").statusCode() == 200);

        JsonNode health = MAPPER.readTree(get(http, address + "/health").body());
        assertThat(health.at("/modelVersions/topic").asText()).isEqualTo("jar-test-versions");
        assertThat(health.at("/embeddings/topic").asText()).isEqualTo(ServerConfig.DEFAULT_EMBEDDINGS_TOPIC);
        assertThat(Files.isDirectory(work.resolve("store"))).isTrue();
      } finally {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  private static void assertManifestNamesMainClassAndLibraries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo(ModelServerMain.class.getName());
      List<String> classPath = List.of(manifest.getMainAttributes().getValue("Class-Path").split(" "));
      assertThat(classPath).anySatisfy(entry -> assertThat(entry).startsWith("lib/rocksdbjni-"));
      for (String entry : classPath) {
        assertThat(jar.resolveSibling(entry)).as("class path entry %s", entry).isRegularFile();
      }
    }
  }

  private static String address(Process process, Path output) throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException("The server exited with " + process.exitValue() + ": "
          + Files.readString(output, StandardCharsets.UTF_8));
    }
    Matcher matcher = ADDRESS.matcher(Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "");
    return matcher.find() ? matcher.group(1) : null;
  }

  private static HttpResponse<String> get(HttpClient http, String uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Path serverJar() throws IOException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(TARGET, "relstream-model-server-*.jar")) {
      for (Path jar : jars) {
        String name = jar.getFileName().toString();
        if (!name.endsWith("-sources.jar") && !name.endsWith("-tests.jar")) {
          return jar;
        }
      }
    }
    throw new IllegalStateException("No packaged server jar in " + TARGET.toAbsolutePath());
  }
}
