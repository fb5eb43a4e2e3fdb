package io.relstream.embedded;

/** Network constants shared by the embedded servers. */
final class EmbeddedHosts {

  /**
   * IPv4 loopback address that every server binds to and every URL names. A literal address
   * instead of "localhost" means that no server or client depends on how that name resolves,
   * for example to ::1 first.
   */
  static final String LOOPBACK = "127.0.0.1";

  private EmbeddedHosts() {}
}
