package io.relstream.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks TCP ports that are free on 127.0.0.1 by binding to port 0. Stateless and thread-safe.
 *
 * <p>NOTE: another process can take a port between this check and the server's own bind. The
 * server then fails to start, and the caller sees that startup error.
 */
final class FreePorts {

  private FreePorts() {}

  /** Returns one port that is free on 127.0.0.1 now. */
  static int pick() throws IOException {
    return pick(1)[0];
  }

  /**
   * Returns {@code count} distinct ports that are free on 127.0.0.1 now. All sockets stay open
   * until every port has been picked, so the operating system cannot return the same port twice.
   */
  static int[] pick(int count) throws IOException {
    if (count < 1) {
      throw new IllegalArgumentException("Port count must be at least 1, but was " + count);
    }
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedHosts.LOOPBACK));
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
