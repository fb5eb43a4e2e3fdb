package io.relstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void pickReturnsDistinctBindablePorts() throws IOException {
    int[] ports = FreePorts.pick(3);

    assertThat(ports).hasSize(3).doesNotHaveDuplicates();
    for (int port : ports) {
      assertThat(port).isBetween(1, 65535);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void pickRejectsCountBelowOne() {
    assertThatThrownBy(() -> FreePorts.pick(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }
}
