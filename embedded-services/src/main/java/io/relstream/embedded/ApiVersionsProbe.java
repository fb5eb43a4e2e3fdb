package io.relstream.embedded;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Checks whether a Kafka broker handles requests by sending one ApiVersions request (API key 18,
 * version 0) over plain TCP. A KRaft broker accepts TCP connections before it has joined the
 * cluster, but it processes requests only after it is unfenced, so a response means that clients
 * can use it. This JVM has no Kafka client library, which is why the request is built by hand.
 */
final class ApiVersionsProbe {

  private static final short API_VERSIONS_KEY = 18;
  private static final short API_VERSION = 0;
  private static final int CORRELATION_ID = 7;
  private static final byte[] CLIENT_ID = "relstream-readiness-probe".getBytes(StandardCharsets.UTF_8);

  private ApiVersionsProbe() {}

  /**
   * Returns true if the broker responds without an error code within {@code timeout}, and false if
   * it cannot be reached, closes the connection, times out or responds with an error code.
   */
  static boolean brokerResponds(String host, int port, Duration timeout) {
    int timeoutMillis = Math.toIntExact(timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      sendRequest(new DataOutputStream(socket.getOutputStream()));
      return readResponseIsOk(new DataInputStream(socket.getInputStream()));
    } catch (IOException e) {
      return false;
    }
  }

  private static void sendRequest(DataOutputStream out) throws IOException {
    // Request header version 1: api_key, api_version, correlation_id, client_id. Version 0 has no body.
    int size = 2 + 2 + 4 + 2 + CLIENT_ID.length;
    out.writeInt(size);
    out.writeShort(API_VERSIONS_KEY);
    out.writeShort(API_VERSION);
    out.writeInt(CORRELATION_ID);
    out.writeShort(CLIENT_ID.length);
    out.write(CLIENT_ID);
    out.flush();
  }

  private static boolean readResponseIsOk(DataInputStream in) throws IOException {
    // Response: size, then header version 0 (correlation_id), then the body that starts with error_code.
    int size = in.readInt();
    if (size < 6) {
      return false;
    }
    int correlationId = in.readInt();
    short errorCode = in.readShort();
    return correlationId == CORRELATION_ID && errorCode == 0;
  }
}
