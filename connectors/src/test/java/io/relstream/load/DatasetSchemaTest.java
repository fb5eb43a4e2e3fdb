package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.relstream.load.DatasetSchema.TableSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSchemaTest {

  @TempDir Path directory;

  @Test
  void readsTablesKeysAndTimeMetadata() throws IOException {
    DatasetSchema schema = DatasetSchema.read(SyntheticDataset.write(directory));

    assertThat(schema.nullToken()).isEqualTo("\\N");
    assertThat(schema.tables().keySet()).containsExactly("players", "teams", "matches", "goals", "notes");
    TableSpec goals = schema.tables().get("goals");
    assertThat(goals.file()).isEqualTo("goals.csv");
    assertThat(goals.primaryKey()).containsExactly("matchId", "playerId", "minute");
    assertThat(goals.foreignKeys()).containsExactly(
        entry("matchId", "matches"),
        entry("playerId", "players"));
    assertThat(goals.timeVia()).isEqualTo("matchId->matches.date");
    assertThat(goals.timeColumn()).isNull();
    assertThat(goals.rows()).isEqualTo(5);
    assertThat(schema.tables().get("matches").timeColumn()).isEqualTo("date");
    assertThat(schema.tables().get("notes").hasPrimaryKey()).isFalse();
  }

  @Test
  void missingSchemaFails() {
    assertThatThrownBy(() -> DatasetSchema.read(directory))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("schema.json not found");
  }

  @Test
  void foreignKeyToUnknownTableFails() throws IOException {
    writeSchema("""
        {"tables": {"results": {"file": "results.csv", "pkey": ["id"], "fkeys": {"raceId": "races"}}}}
        """);

    assertThatThrownBy(() -> DatasetSchema.read(directory))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("foreign key results.raceId references table 'races', which is not in the dataset");
  }

  @Test
  void foreignKeyToCompositeKeyFails() throws IOException {
    writeSchema("""
        {"tables": {
          "stops": {"file": "stops.csv", "pkey": ["raceId", "stop"], "fkeys": {}},
          "notes": {"file": "notes.csv", "pkey": ["id"], "fkeys": {"stop": "stops"}}}}
        """);

    assertThatThrownBy(() -> DatasetSchema.read(directory))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("which has primary key [raceId, stop] instead of a single column");
  }

  @Test
  void malformedTimeViaFails() throws IOException {
    writeSchema("""
        {"tables": {"results": {"file": "results.csv", "pkey": ["id"], "time_via": "races.date"}}}
        """);

    assertThatThrownBy(() -> DatasetSchema.read(directory))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("time_via 'races.date', expected the form fkColumn->table.column");
  }

  @Test
  void missingNullTokenDefaultsToBackslashN() throws IOException {
    writeSchema("""
        {"tables": {"t": {"file": "t.csv", "pkey": null}}}
        """);

    DatasetSchema schema = DatasetSchema.read(directory);

    assertThat(schema.nullToken()).isEqualTo("\\N");
    assertThat(schema.tables().get("t").primaryKey()).isEmpty();
    assertThat(schema.tables().get("t").rows()).isEqualTo(-1);
  }

  private void writeSchema(String json) throws IOException {
    Files.writeString(directory.resolve("schema.json"), json);
  }
}
