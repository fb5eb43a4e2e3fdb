package io.relstream.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 14 server from zonky's embedded binaries that listens on 127.0.0.1 and is set up
 * for logical replication with the pgoutput plugin. Methods are thread-safe. A server that stops
 * on its own is not restarted, so callers start a new one.
 *
 * <p>Zonky extracts the binaries once to {@code ${java.io.tmpdir}/embedded-pg} and reuses them.
 * The data directory and the server log are in the work directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private static final String SUPERUSER = "postgres";
  private static final String DATA_DIRECTORY_NAME = "postgres-data";
  private static final String LOG_FILE_NAME = "postgres.log";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final int LOG_TAIL_LINES = 40;

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final Path temporaryWorkDirectory;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, Path temporaryWorkDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.temporaryWorkDirectory = temporaryWorkDirectory;
  }

  /**
   * Starts a server in a new temporary directory, which {@link #close()} deletes. If startup fails,
   * the directory stays for diagnosis and the exception names it.
   */
  public static EmbeddedPostgresServer start() throws IOException {
    Path workDirectory = Files.createTempDirectory("relstream-postgres-");
    // When close() is never called, zonky's shutdown hook stops the server and deletes the data
    // directory. The JVM then deletes these two in reverse order of registration: log, directory.
    workDirectory.toFile().deleteOnExit();
    workDirectory.resolve(LOG_FILE_NAME).toFile().deleteOnExit();
    return start(workDirectory, workDirectory);
  }

  /**
   * Starts a server whose data directory {@code postgres-data} and log {@code postgres.log} are
   * in {@code workDirectory}, which is created if needed. The data directory must not exist yet or
   * be empty, and {@link #close()} deletes it. If startup fails, the files stay for diagnosis and
   * the exception names them.
   */
  public static EmbeddedPostgresServer start(Path workDirectory) throws IOException {
    return start(workDirectory, null);
  }

  private static EmbeddedPostgresServer start(Path workDirectory, Path temporaryWorkDirectory) throws IOException {
    Files.createDirectories(workDirectory);
    Path dataDirectory = workDirectory.resolve(DATA_DIRECTORY_NAME).toAbsolutePath();
    requireAbsentOrEmpty(dataDirectory);
    Path logFile = workDirectory.resolve(LOG_FILE_NAME).toAbsolutePath();
    int port = FreePorts.pick();

    long startNanos = System.nanoTime();
    EmbeddedPostgres postgres;
    try {
      postgres = configure(dataDirectory, port, logFile.toFile()).start();
    } catch (IOException | RuntimeException e) {
      // Zonky's shutdown hook stops a postmaster that is still starting when the JVM exits.
      throw new IOException(
          "PostgreSQL failed to start on " + EmbeddedHosts.LOOPBACK + ":" + port + " with data directory "
              + dataDirectory + ". Last lines of " + logFile + ":" + System.lineSeparator()
              + WorkFiles.tail(logFile, LOG_TAIL_LINES),
          e);
    }
    long startupMillis = (System.nanoTime() - startNanos) / 1_000_000;
    LOG.info(
        "Started PostgreSQL on {}:{} with data directory {} in {} ms",
        EmbeddedHosts.LOOPBACK, port, dataDirectory, startupMillis);
    return new EmbeddedPostgresServer(postgres, dataDirectory, temporaryWorkDirectory);
  }

  private static EmbeddedPostgres.Builder configure(Path dataDirectory, int port, File logFile) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        // Lets zonky's shutdown hook delete the data directory when close() is never called.
        .setCleanDataDirectory(true)
        .setPort(port)
        .setPGStartupWait(STARTUP_TIMEOUT)
        // Zonky's readiness check and data sources name "localhost". PGHOST makes them use the
        // address that the server listens on.
        .setConnectConfig("PGHOST", EmbeddedHosts.LOOPBACK)
        .setServerConfig("listen_addresses", EmbeddedHosts.LOOPBACK)
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_replication_slots", "20")
        .setServerConfig("max_wal_senders", "20")
        .setServerConfig("max_connections", "200")
        // Zonky 2.1.0 sets "off", with which a commit returns before its WAL is flushed, so a
        // committed change can be missing after a crash or a restore.
        .setServerConfig("synchronous_commit", "on")
        .setOutputRedirector(Redirect.appendTo(logFile))
        .setErrorRedirector(Redirect.appendTo(logFile));
  }

  private static void requireAbsentOrEmpty(Path dataDirectory) throws IOException {
    if (!Files.isDirectory(dataDirectory)) {
      if (Files.exists(dataDirectory)) {
        throw new IOException("PostgreSQL data directory " + dataDirectory + " is a file, expected a directory");
      }
      return;
    }
    try (Stream<Path> entries = Files.list(dataDirectory)) {
      if (entries.findAny().isPresent()) {
        throw new IOException(
            "PostgreSQL data directory " + dataDirectory + " is not empty. Pass a new work directory or delete it.");
      }
    }
  }

  /** Returns the address that the server listens on: {@code 127.0.0.1}. */
  public String host() {
    return EmbeddedHosts.LOOPBACK;
  }

  public int port() {
    return postgres.getPort();
  }

  /** Returns the superuser that initdb created: {@code postgres}. */
  public String user() {
    return SUPERUSER;
  }

  /**
   * Returns an empty string, because zonky runs initdb with trust authentication and the server
   * accepts the superuser without a password.
   */
  public String password() {
    return "";
  }

  /** Returns {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}, without user or password. */
  public String jdbcUrl(String database) {
    requireName(database, "database");
    return "jdbc:postgresql://" + EmbeddedHosts.LOOPBACK + ":" + port() + "/" + database;
  }

  /** Opens a connection to {@code database} as the superuser. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user(), password());
  }

  /** Creates a database owned by the superuser. Fails if it already exists. */
  public void createDatabase(String name) throws SQLException {
    requireName(name, "database");
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    }
    LOG.info("Created database {} on port {}", name, port());
  }

  /**
   * Stops the server and deletes its data directory, plus the work directory when {@link
   * #start()} created it. Calls after the first do nothing.
   */
  @Override
  public void close() throws IOException {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      // Zonky logs a failed stop instead of throwing it.
      postgres.close();
    } finally {
      WorkFiles.deleteRecursively(dataDirectory);
      if (temporaryWorkDirectory != null) {
        WorkFiles.deleteRecursively(temporaryWorkDirectory);
      }
    }
    LOG.info("Stopped PostgreSQL on port {} and deleted {}", port(), dataDirectory);
  }

  private static void requireName(String value, String kind) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Invalid " + kind + " name: " + (value == null ? "null" : "'" + value + "'"));
    }
  }
}
