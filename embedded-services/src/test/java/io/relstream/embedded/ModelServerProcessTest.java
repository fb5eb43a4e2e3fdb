package io.relstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelServerProcessTest {

  @Test
  void argumentsNameParentCommand() {
    List<String> arguments = ModelServerProcess.arguments(Path.of("/tmp/demo/model-server"), "127.0.0.1:9092", 0,
        "relstream demo");

    assertThat(arguments).containsSequence("--parent-command", "relstream demo");
    assertThat(arguments).containsSequence("--host", "127.0.0.1");
    assertThat(arguments).containsSequence("--data-dir", Path.of("/tmp/demo/model-server/store").toString());
  }
}
