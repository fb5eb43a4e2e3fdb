package io.relstream.cdc;

import io.relstream.config.OptionChecks;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of the change-data-capture source. The password is held here for the source
 * builder but never printed: {@link #toString()} leaves it out.
 */
public final class PostgresSourceSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String hostname;
  private final int port;
  private final String database;
  private final String schema;
  private final String username;
  private final String password;
  private final List<String> tables;
  private final String slotName;
  private final String publication;
  private final Duration pollInterval;
  private final int snapshotSplitSize;

  private PostgresSourceSettings(ReadableConfig config, String password) {
    this.hostname = config.get(PostgresSourceOptions.HOSTNAME);
    this.port = config.get(PostgresSourceOptions.PORT);
    this.database = config.get(PostgresSourceOptions.DATABASE);
    this.schema = config.get(PostgresSourceOptions.SCHEMA);
    this.username = config.get(PostgresSourceOptions.USERNAME);
    this.password = password == null ? "" : password;
    this.tables = List.copyOf(config.get(PostgresSourceOptions.TABLES));
    this.slotName = config.get(PostgresSourceOptions.SLOT_NAME);
    this.publication = config.get(PostgresSourceOptions.PUBLICATION);
    this.pollInterval = config.get(PostgresSourceOptions.POLL_INTERVAL);
    this.snapshotSplitSize = config.get(PostgresSourceOptions.SNAPSHOT_SPLIT_SIZE);
  }

  /** Reads and validates the options; errors name the key, the allowed range and the value. */
  public static PostgresSourceSettings from(ReadableConfig config, String password) {
    PostgresSourceSettings settings = new PostgresSourceSettings(config, password);
    settings.validate();
    return settings;
  }

  private void validate() {
    OptionChecks.required(PostgresSourceOptions.DATABASE.key(), database);
    OptionChecks.inRange(PostgresSourceOptions.PORT.key(), port, 1, 65_535);
    if (!slotName.matches("[a-z0-9_]{1,63}")) {
      throw OptionChecks.invalid(PostgresSourceOptions.SLOT_NAME.key(), "1-63 of a-z, 0-9 and _", slotName);
    }
    if (!publication.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw OptionChecks.invalid(PostgresSourceOptions.PUBLICATION.key(), "an SQL identifier of 1-63 characters", publication);
    }
    if (pollInterval.toMillis() < 1 || pollInterval.toMillis() > 60_000) {
      throw OptionChecks.invalid(PostgresSourceOptions.POLL_INTERVAL.key(), "1 ms..60 s", pollInterval);
    }
    OptionChecks.inRange(PostgresSourceOptions.SNAPSHOT_SPLIT_SIZE.key(), snapshotSplitSize, 1, 1_000_000);
  }

  /** Returns the JDBC URL of the captured database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + hostname + ":" + port + "/" + database;
  }

  public String hostname() {
    return hostname;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  public String schema() {
    return schema;
  }

  public String username() {
    return username;
  }

  /** Returns the password; callers pass it to drivers only and never log it. */
  public String password() {
    return password;
  }

  public List<String> tables() {
    return tables;
  }

  public String slotName() {
    return slotName;
  }

  public String publication() {
    return publication;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public int snapshotSplitSize() {
    return snapshotSplitSize;
  }

  @Override
  public String toString() {
    return "PostgresSourceSettings{" + username + "@" + hostname + ":" + port + "/" + database
        + ", schema=" + schema + ", tables=" + tables + ", slot=" + slotName
        + ", publication=" + publication + ", pollInterval=" + pollInterval + "}";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PostgresSourceSettings that && toString().equals(that.toString())
        && Objects.equals(password, that.password);
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
