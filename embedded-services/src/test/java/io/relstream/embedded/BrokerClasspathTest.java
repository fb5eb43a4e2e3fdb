package io.relstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerClasspathTest {
  private static final String PROPERTY = "relstream.test.classpath.file";

  @TempDir Path directory;

  @Test
  void unsetPropertyIsNamedInError() {
    System.clearProperty(PROPERTY);

    assertThatThrownBy(() -> BrokerClasspath.fileFromSystemProperty(PROPERTY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(PROPERTY)
        .hasMessageContaining("kafka-broker/target/broker.classpath")
        .hasMessageContaining("mvn -pl kafka-broker package");
  }

  @Test
  void missingFileIsNamedInError() {
    Path missing = directory.resolve("broker.classpath");

    assertThatThrownBy(() -> BrokerClasspath.read(missing, PROPERTY))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining(PROPERTY)
        .hasMessageContaining("mvn -pl kafka-broker package");
  }

  @Test
  void missingJarIsNamedInError() throws IOException {
    Path jar = Files.writeString(directory.resolve("present.jar"), "");
    Path missingJar = directory.resolve("missing.jar");
    Path file = Files.writeString(directory.resolve("broker.classpath"), jar + File.pathSeparator + missingJar);

    assertThatThrownBy(() -> BrokerClasspath.read(file, PROPERTY))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("names a missing jar: " + missingJar);
  }

  @Test
  void emptyFileIsRejected() throws IOException {
    Path file = Files.writeString(directory.resolve("broker.classpath"), "\n");

    assertThatThrownBy(() -> BrokerClasspath.read(file, PROPERTY))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void readReturnsClasspathWithoutTrailingNewline() throws IOException {
    Path first = Files.writeString(directory.resolve("a.jar"), "");
    Path second = Files.writeString(directory.resolve("b.jar"), "");
    String classpath = first + File.pathSeparator + second;
    Path file = Files.writeString(directory.resolve("broker.classpath"), classpath + "\n");

    assertThat(BrokerClasspath.read(file, PROPERTY)).isEqualTo(classpath);
  }
}
