package io.relstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedPostgresServerITCase {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServerITCase.class);

  @TempDir Path workDirectory;

  @Test
  void serverSupportsLogicalReplication() throws Exception {
    long startNanos = System.nanoTime();
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(workDirectory);
    LOG.info("EmbeddedPostgresServer.start took {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    Path dataDirectory = workDirectory.resolve("postgres-data");
    try (server) {
      assertThat(server.host()).isEqualTo("127.0.0.1");
      assertThat(server.user()).isEqualTo("postgres");
      assertThat(server.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres");
      assertThat(dataDirectory.resolve("PG_VERSION")).hasContent("14");

      try (Connection connection = server.connect("postgres")) {
        assertThat(show(connection, "wal_level")).isEqualTo("logical");
        assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
        assertThat(show(connection, "listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(show(connection, "max_replication_slots")).isEqualTo("20");
        assertThat(show(connection, "max_wal_senders")).isEqualTo("20");
        assertThat(show(connection, "max_connections")).isEqualTo("200");
        assertThat(show(connection, "port")).isEqualTo(Integer.toString(server.port()));

        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE driver (id INT PRIMARY KEY, name TEXT NOT NULL)");
          statement.execute("INSERT INTO driver VALUES (1, 'Ada')");
          statement.execute("CREATE PUBLICATION relstream_pub FOR TABLE driver");
          statement.execute("SELECT pg_create_logical_replication_slot('s', 'pgoutput')");
        }
        assertThat(count(connection, "SELECT count(*) FROM pg_publication_tables WHERE pubname = 'relstream_pub'"))
            .isEqualTo(1);
        assertThat(count(connection,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 's' AND plugin = 'pgoutput'"))
            .isEqualTo(1);
      }
      assertThat(dataDirectory).isDirectory();
    }

    assertThat(dataDirectory).doesNotExist();
    assertThat(workDirectory.resolve("postgres.log")).isRegularFile();
  }

  @Test
  void createdDatabaseAcceptsConnections() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(workDirectory)) {
      server.createDatabase("f1");

      try (Connection connection = server.connect("f1")) {
        assertThat(connection.getCatalog()).isEqualTo("f1");
      }
      assertThatThrownBy(() -> server.createDatabase("f1"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("already exists");
    }
  }

  @Test
  void startWithoutDirectoryDeletesTemporaryDirectory() throws Exception {
    Path temporaryWorkDirectory;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
        Connection connection = server.connect("postgres")) {
      Path dataDirectory = Path.of(show(connection, "data_directory"));
      temporaryWorkDirectory = dataDirectory.getParent();
      assertThat(temporaryWorkDirectory.getFileName().toString()).startsWith("relstream-postgres-");
      assertThat(temporaryWorkDirectory.resolve("postgres.log")).isRegularFile();
    }

    assertThat(temporaryWorkDirectory).doesNotExist();
  }

  @Test
  void startRejectsNonEmptyDataDirectory() throws IOException {
    Files.createDirectories(workDirectory.resolve("postgres-data"));
    Files.writeString(workDirectory.resolve("postgres-data/leftover.txt"), "x");

    assertThatThrownBy(() -> EmbeddedPostgresServer.start(workDirectory))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(workDirectory.resolve("postgres-data").toString())
        .hasMessageContaining("not empty");
  }

  private static String show(Connection connection, String setting) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + setting)) {
      assertThat(rows.next()).as("SHOW %s returns a row", setting).isTrue();
      return rows.getString(1);
    }
  }

  private static int count(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      assertThat(rows.next()).isTrue();
      return rows.getInt(1);
    }
  }
}
