package io.relstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkFilesTest {

  @TempDir Path directory;

  @Test
  void deleteRecursivelyRemovesNestedFiles() throws IOException {
    Path root = directory.resolve("root");
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/file.txt"), "x");
    Files.writeString(root.resolve("top.txt"), "y");

    WorkFiles.deleteRecursively(root);

    assertThat(root).doesNotExist();
    assertThat(directory).isDirectory();
  }

  @Test
  void deleteRecursivelyIgnoresMissingPath() throws IOException {
    WorkFiles.deleteRecursively(directory.resolve("missing"));

    assertThat(directory.resolve("missing")).doesNotExist();
  }

  @Test
  void tailReturnsLastLines() throws IOException {
    Path log = Files.writeString(directory.resolve("x.log"), "one\ntwo\nthree\n");

    assertThat(WorkFiles.tail(log, 2)).isEqualTo("two" + System.lineSeparator() + "three");
    assertThat(WorkFiles.tail(log, 10)).startsWith("one");
  }

  @Test
  void tailOfMissingFileNamesIt() {
    Path missing = directory.resolve("missing.log");

    assertThat(WorkFiles.tail(missing, 5)).contains(missing.toString()).contains("does not exist");
  }
}
