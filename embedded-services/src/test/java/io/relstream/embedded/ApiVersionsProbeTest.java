package io.relstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Covers probes that fail. KafkaBrokerProcessITCase covers the response of a real broker. */
class ApiVersionsProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void closedPortIsNotReady() throws IOException {
    int port = FreePorts.pick();

    assertThat(ApiVersionsProbe.brokerResponds("127.0.0.1", port, TIMEOUT)).isFalse();
  }

  @Test
  void serverThatClosesConnectionIsNotReady() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> acceptAndClose(server));

      assertThat(ApiVersionsProbe.brokerResponds("127.0.0.1", server.getLocalPort(), TIMEOUT)).isFalse();
      accepted.get();
    }
  }

  @Test
  void errorCodeResponseIsNotReady() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      // 35 is UNSUPPORTED_VERSION.
      CompletableFuture<Integer> requestSize = CompletableFuture.supplyAsync(() -> respond(server, (short) 35));

      assertThat(ApiVersionsProbe.brokerResponds("127.0.0.1", server.getLocalPort(), TIMEOUT)).isFalse();
      assertThat(requestSize.get()).isPositive();
    }
  }

  private static void acceptAndClose(ServerSocket server) {
    try (Socket ignored = server.accept()) {
      // Closes the connection without reading the request.
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads one request, responds with its correlation id and {@code errorCode}, and returns the request size. */
  private static int respond(ServerSocket server, short errorCode) {
    try (Socket socket = server.accept()) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int size = in.readInt();
      in.readShort();
      in.readShort();
      int correlationId = in.readInt();
      in.readNBytes(size - 8);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(6);
      out.writeInt(correlationId);
      out.writeShort(errorCode);
      out.flush();
      return size;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
