package io.relstream.load;

import io.relstream.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that starts one embedded PostgreSQL before the first test of the class that
 * registers it on a static {@code @RegisterExtension} field, and stops it after that class's last
 * test.
 */
final class PostgresServerExtension implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedPostgresServer server;
  private Class<?> owner;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    // @Nested classes inherit the extension and use the server of their enclosing class.
    if (server == null) {
      server = EmbeddedPostgresServer.start();
      owner = context.getRequiredTestClass();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null && context.getRequiredTestClass() == owner) {
      server.close();
      server = null;
    }
  }

  EmbeddedPostgresServer server() {
    if (server == null) {
      throw new IllegalStateException("No PostgreSQL server is running: the extension runs one only from the"
          + " first to the last test of the class that registers it");
    }
    return server;
  }
}
