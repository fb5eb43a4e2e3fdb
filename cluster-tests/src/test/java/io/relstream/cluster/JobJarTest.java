package io.relstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relstream.job.RelstreamJobMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the contents of the built job jar: its entry point, the relocated libraries, and that
 * neither Flink nor DJL is inside. The jar exists once flink-jobs is packaged, as in {@code mvn verify}.
 */
class JobJarTest {
  private static final Path JOB_JAR = Path.of(System.getProperty("relstream.job.jar", "missing"));
  private static List<String> entries;
  private static String mainClass;

  @BeforeAll
  static void read() throws Exception {
    assumeTrue(Files.isRegularFile(JOB_JAR), "Skipping: the job jar " + JOB_JAR + " is not built; run mvn package first");
    try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
      entries = jar.stream().map(entry -> entry.getName()).toList();
      mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
    }
  }

  @Test
  void manifestNamesEntryPoint() {
    assertThat(mainClass).isEqualTo(RelstreamJobMain.class.getName());
    assertThat(entries).contains(RelstreamJobMain.class.getName().replace('.', '/') + ".class");
  }

  @Test
  void clashingLibrariesAreRelocated() {
    assertThat(entries).contains(
        "io/relstream/shaded/org/apache/kafka/clients/producer/KafkaProducer.class",
        "io/relstream/shaded/com/fasterxml/jackson/databind/ObjectMapper.class",
        "io/relstream/shaded/com/google/common/collect/ImmutableList.class");
    for (String prefix : List.of("org/apache/kafka/", "com/fasterxml/jackson/", "com/google/common/")) {
      assertThat(entries).as("unrelocated %s", prefix).noneMatch(entry -> entry.startsWith(prefix));
    }
  }

  @Test
  void flinkAndDjlStayOutside() {
    for (String prefix : List.of("ai/djl/", "org/apache/flink/streaming/api/", "org/apache/flink/runtime/",
        "org/apache/flink/configuration/", "org/slf4j/", "com/google/gson/", "com/sun/jna/")) {
      assertThat(entries).as("entries under %s", prefix).noneMatch(entry -> entry.startsWith(prefix));
    }
  }

  @Test
  void connectorsAreInside() {
    assertThat(entries).contains(
        "org/apache/flink/connector/kafka/sink/KafkaSink.class",
        "org/apache/flink/cdc/connectors/postgres/source/PostgresSourceBuilder.class",
        "org/postgresql/Driver.class");
  }
}
