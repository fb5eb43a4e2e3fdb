package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.load.DatasetSchema.TableSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologicalOrderTest {

  @Test
  void parentsComeFirst() throws IOException {
    Map<String, TableSpec> tables = tables(
        table("results", Map.of("raceId", "races", "driverId", "drivers")),
        table("races", Map.of("circuitId", "circuits")),
        table("drivers", Map.of()),
        table("circuits", Map.of()));

    assertThat(TopologicalOrder.sort(tables)).containsExactly("drivers", "circuits", "races", "results");
  }

  @Test
  void twoForeignKeysToOneParent() throws IOException {
    Map<String, TableSpec> tables = tables(
        table("matches", Map.of("homeTeam", "teams", "awayTeam", "teams")),
        table("teams", Map.of()));

    assertThat(TopologicalOrder.sort(tables)).containsExactly("teams", "matches");
  }

  @Test
  void independentTablesKeepSchemaOrder() throws IOException {
    Map<String, TableSpec> tables = tables(table("b", Map.of()), table("a", Map.of()), table("c", Map.of()));

    assertThat(TopologicalOrder.sort(tables)).containsExactly("b", "a", "c");
  }

  @Test
  void selfReferenceDoesNotBlock() throws IOException {
    Map<String, TableSpec> tables = tables(table("employees", Map.of("managerId", "employees")));

    assertThat(TopologicalOrder.sort(tables)).containsExactly("employees");
  }

  @Test
  void cycleFails() {
    Map<String, TableSpec> tables = tables(
        table("a", Map.of("bId", "b")), table("b", Map.of("aId", "a")), table("c", Map.of()));

    assertThatThrownBy(() -> TopologicalOrder.sort(tables))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cycle among tables [a, b]");
  }

  @Test
  void selectionAddsReferencedTables() {
    Map<String, TableSpec> tables = tables(
        table("circuits", Map.of()),
        table("drivers", Map.of()),
        table("races", Map.of("circuitId", "circuits")),
        table("results", Map.of("raceId", "races")));

    assertThat(TopologicalOrder.withReferencedTables(tables, List.of("results")).keySet())
        .containsExactly("circuits", "races", "results");
    assertThat(TopologicalOrder.withReferencedTables(tables, List.of()).keySet())
        .containsExactly("circuits", "drivers", "races", "results");
  }

  @Test
  void selectionOfUnknownTableFails() {
    Map<String, TableSpec> tables = tables(table("drivers", Map.of()));

    assertThatThrownBy(() -> TopologicalOrder.withReferencedTables(tables, List.of("pilots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown table 'pilots'")
        .hasMessageContaining("[drivers]");
  }

  private static TableSpec table(String name, Map<String, String> foreignKeys) {
    return new TableSpec(
        name, name + ".csv", List.of("id"), new LinkedHashMap<>(foreignKeys), null, null, -1, List.of());
  }

  private static Map<String, TableSpec> tables(TableSpec... specs) {
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    for (TableSpec spec : specs) {
      tables.put(spec.name(), spec);
    }
    return tables;
  }
}
