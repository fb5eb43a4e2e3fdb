package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static final ServerConfig VALID = ServerConfig.of("127.0.0.1:9092", Path.of("data"), Optional.empty());

  @Test
  void defaultsBindLoopback() {
    assertThat(VALID.host()).isEqualTo("127.0.0.1");
    assertThat(VALID.port()).isEqualTo(8080);
    assertThat(VALID.embeddingsTopic()).isEqualTo("relstream.embeddings");
    assertThat(VALID.modelVersionsTopic()).isEqualTo("relstream.model-versions");
  }

  @Test
  void portOutOfRangeRejected() {
    assertThatThrownBy(() -> VALID.withPort(65_536)).hasMessage("Invalid port 65536: it must be between 0 and 65535");
    assertThatThrownBy(() -> VALID.withPort(-1)).hasMessage("Invalid port -1: it must be between 0 and 65535");
  }

  @Test
  void blankSettingRejected() {
    assertThatThrownBy(() -> ServerConfig.of(" ", Path.of("data"), Optional.empty()))
        .hasMessage("Missing bootstrap-servers: it must be a non-blank value, got ' '");
  }

  @Test
  void shortTokenRejectedWithoutEcho() {
    assertThatThrownBy(() -> ServerConfig.of("127.0.0.1:9092", Path.of("data"), Optional.of("secret")))
        .hasMessage("Invalid admin token of 6 characters: it must have at least 16")
        .message().doesNotContain("secret");
  }

  @Test
  void toStringHidesToken() {
    ServerConfig config = ServerConfig.of("127.0.0.1:9092", Path.of("data"), Optional.of("a-long-secret-admin-token"));

    assertThat(config.toString()).contains("adminToken=(set)").doesNotContain("a-long-secret-admin-token");
  }
}
