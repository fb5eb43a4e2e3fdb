package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs bin/relstream in a copy of the project layout, with stand-ins for {@code mvn} and
 * {@code java} on the PATH, to check the build banner on a first build and on rebuilds.
 */
class LauncherBannerTest {
  private static final Path LAUNCHER = Path.of("..", "bin", "relstream");
  private static final String FLINK_VERSION = "1.20.3";
  private static final String JAR = "cli/target/relstream-cli-0.1.0-SNAPSHOT.jar";
  private static final Instant LAST_BUILD = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path root;
  private Path home;
  private Path tools;

  @BeforeEach
  void copyLauncher() throws IOException {
    Path launcher = root.resolve("bin/relstream");
    Files.createDirectories(launcher.getParent());
    Files.copy(LAUNCHER, launcher);
    Files.writeString(root.resolve("pom.xml"), "<project><properties><flink.version>" + FLINK_VERSION
        + "</flink.version></properties></project>\n");
    Files.createDirectories(root.resolve("cli/src/main/java"));
    Files.writeString(root.resolve("cli/src/main/java/Main.java"), "class Main {}\n");
    home = Files.createDirectories(root.resolve("home"));
    // The launcher skips the PyTorch note when this folder exists, which keeps the output short.
    Files.createDirectories(home.resolve(".djl.ai/pytorch"));
    tools = Files.createDirectories(root.resolve("tools"));
    // The stand-in build writes the files that the launcher checks, as mvn package does.
    script("mvn", "mkdir -p cli/target kafka-broker/target model-server/target\n"
        + "touch " + JAR + " cli/target/launcher.classpath kafka-broker/target/broker.classpath"
        + " model-server/target/server.classpath\n"
        + "echo '[INFO] BUILD SUCCESS'\n");
    script("java", "exit 0\n");
  }

  @Test
  void firstBuildAnnouncesDownload() throws Exception {
    String output = run();

    assertThat(output).contains("==> building relstream with Maven because the jars in target/ are missing");
    assertThat(output).contains("has no Flink " + FLINK_VERSION + " yet, so this build first downloads about 1 GB");
  }

  @Test
  void buildWithDependenciesSkipsDownloadNote() throws Exception {
    Files.createDirectories(home.resolve(".m2/repository/org/apache/flink/flink-runtime/" + FLINK_VERSION));

    String output = run();

    assertThat(output).contains("==> building relstream with Maven because the jars in target/ are missing");
    assertThat(output).doesNotContain("1 GB");
  }

  @Test
  void rebuildNamesChangedFile() throws Exception {
    Files.createDirectories(home.resolve(".m2/repository/org/apache/flink/flink-runtime/" + FLINK_VERSION));
    run();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        Files.setLastModifiedTime(path, FileTime.from(LAST_BUILD.minusSeconds(60)));
      }
    }
    Files.setLastModifiedTime(root.resolve(JAR), FileTime.from(LAST_BUILD));
    // Rewriting a file changes its time but not its folder's, as an edit does.
    Files.writeString(root.resolve("cli/src/main/java/Main.java"), "class Main { }\n");

    String output = run();

    assertThat(output).contains("==> building relstream with Maven because cli/src/main/java/Main.java changed"
        + " since the last build");
    assertThat(output).doesNotContain("1 GB");
  }

  @Test
  void upToDateJarsPrintNoBanner() throws Exception {
    run();

    String output = run();

    assertThat(output).doesNotContain("==> building");
  }

  @Test
  void mavenRepoLocalOptionIsChecked() throws Exception {
    Path repository = root.resolve("repository");
    Files.createDirectories(repository.resolve("org/apache/flink/flink-runtime/" + FLINK_VERSION));

    String withoutOption = run();
    Files.delete(root.resolve(JAR));
    String withOption = run("-Dmaven.repo.local=" + repository);

    assertThat(withoutOption).contains("1 GB");
    assertThat(withOption).contains("==> building relstream with Maven because the jars in target/ are missing");
    assertThat(withOption).doesNotContain("1 GB");
  }

  @Test
  void settingsLocalRepositoryIsChecked() throws Exception {
    Files.createDirectories(home.resolve("custom-repository/org/apache/flink/flink-runtime/" + FLINK_VERSION));
    Files.createDirectories(home.resolve(".m2"));
    Files.writeString(home.resolve(".m2/settings.xml"),
        "<settings>\n  <localRepository>${user.home}/custom-repository</localRepository>\n</settings>\n");

    String output = run();

    assertThat(output).contains("==> building relstream with Maven because the jars in target/ are missing");
    assertThat(output).doesNotContain("1 GB");
  }

  @Test
  void helpCallPrintsNoPyTorchNote() throws Exception {
    Files.delete(home.resolve(".djl.ai/pytorch"));

    String help = run("", "demo", "--help");
    String demo = run("", "demo");

    assertThat(help).doesNotContain("extracts PyTorch");
    assertThat(demo).contains("==> the first training step extracts PyTorch's native libraries");
  }

  private void script(String name, String body) throws IOException {
    Path file = tools.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\n" + body);
    assertThat(file.toFile().setExecutable(true)).isTrue();
  }

  private String run() throws Exception {
    return run("", "demo");
  }

  private String run(String mavenOptions) throws Exception {
    return run(mavenOptions, "demo");
  }

  /**
   * Runs the launcher with {@code arguments}, and {@code mavenOptions} as $MAVEN_OPTS, and returns
   * its output, stderr included.
   */
  private String run(String mavenOptions, String... arguments) throws Exception {
    Path output = root.resolve("launcher.out");
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("bin/relstream").toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().put("PATH", tools + ":/usr/bin:/bin");
    builder.environment().put("MAVEN_OPTS", mavenOptions);
    builder.environment().put("RELSTREAM_JEMALLOC", "false");
    builder.environment().remove("ENGINE_CACHE_DIR");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits within 60 s").isTrue();
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }
}
