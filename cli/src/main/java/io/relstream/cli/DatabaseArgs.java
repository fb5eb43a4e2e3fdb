package io.relstream.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Connection options shared by the commands that talk to PostgreSQL. The password comes from an
 * environment variable or a file, never from the command line, where other users could read it.
 */
final class DatabaseArgs {
  static final String DEFAULT_PASSWORD_ENV = "RELSTREAM_DB_PASSWORD";

  @Option(names = "--jdbc-url", required = true, description = "JDBC URL of the database, jdbc:postgresql://HOST:PORT/DATABASE.")
  String jdbcUrl;

  @Option(names = "--user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
  String user;

  @Option(names = "--password-env", defaultValue = DEFAULT_PASSWORD_ENV,
      description = "Environment variable that contains the password (default: ${DEFAULT-VALUE}).")
  String passwordEnv;

  @Option(names = "--password-file", description = "File whose first line is the password; takes precedence over --password-env.")
  Path passwordFile;

  /** Returns the password from the file or the environment, or an empty string when neither has one. */
  String password() throws IOException {
    if (passwordFile != null) {
      String content = Files.readString(passwordFile, StandardCharsets.UTF_8);
      int newline = content.indexOf('\n');
      return (newline < 0 ? content : content.substring(0, newline)).strip();
    }
    String value = System.getenv(passwordEnv);
    return value == null ? "" : value;
  }

  /** Returns the host, port and database of the JDBC URL. */
  JdbcTarget target() {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("Invalid --jdbc-url '" + jdbcUrl + "': expected jdbc:postgresql://HOST:PORT/DATABASE");
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (uri.getHost() == null || database.isEmpty()) {
      throw new IllegalArgumentException("Invalid --jdbc-url '" + jdbcUrl + "': expected jdbc:postgresql://HOST:PORT/DATABASE");
    }
    return new JdbcTarget(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database);
  }

  /** The parts of a JDBC URL that the CDC source takes separately. */
  record JdbcTarget(String host, int port, String database) {}
}
