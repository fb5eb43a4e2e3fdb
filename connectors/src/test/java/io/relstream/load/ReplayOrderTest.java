package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOrderTest {

  @TempDir Path directory;

  private ReplayInput input;

  @BeforeEach
  void prepare() throws IOException {
    input = ReplayInput.prepare(ReplayDataset.write(directory), LoadOptions.defaults());
  }

  @Test
  void timedTablesIncludeInheritedTime() {
    assertThat(input.timedTables()).containsExactly("races", "results", "laps", "penalties");
    assertThat(input.upFrontRowCount()).isEqualTo(6);
  }

  @Test
  void rowsSortByTimeThenParentsThenFile() {
    assertThat(input.timedRows()).extracting(row -> row.plan().name(), ReplayRow::keyText, row -> row.eventTime().text())
        .containsExactly(
            tuple("races", "raceId=1", "2020-01-01"),
            tuple("races", "raceId=4", "2020-01-01"),
            tuple("results", "resultId=101", "2020-01-01"),
            tuple("results", "resultId=103", "2020-01-01"),
            tuple("results", "resultId=104", "2020-01-01"),
            tuple("laps", "lapId=2", "2020-01-01"),
            tuple("penalties", "penaltyId=2", "2020-01-01"),
            tuple("races", "raceId=3", "2020-03-01"),
            tuple("results", "resultId=100", "2020-03-01"),
            tuple("laps", "lapId=1", "2020-03-01"),
            tuple("penalties", "penaltyId=1", "2020-03-01"),
            tuple("races", "raceId=2", null),
            tuple("results", "resultId=102", null),
            tuple("laps", "lapId=3", null));
  }

  @Test
  void everyReferencedRowComesFirst() {
    Set<String> inserted = new HashSet<>();
    input.plans().stream().filter(plan -> !input.timedTables().contains(plan.name()))
        .forEach(plan -> input.validRows().get(plan.name()).forEach(row -> inserted.add(plan.name() + ":" + row[0])));
    for (ReplayRow row : input.timedRows()) {
      for (Map.Entry<String, String> foreignKey : row.plan().spec().foreignKeys().entrySet()) {
        String value = row.values()[row.plan().indexOf(foreignKey.getKey())];
        if (value != null) {
          assertThat(inserted).as("parent of %s %s", row.plan().name(), row.keyText())
              .contains(foreignKey.getValue() + ":" + value);
        }
      }
      inserted.add(row.plan().name() + ":" + row.values()[0]);
    }
  }

  @Test
  void eventTimesNeverDecrease() {
    List<EventTime> times = input.timedRows().stream().map(ReplayRow::orderTime).toList();

    assertThat(times).isSorted();
    assertThat(times.get(times.size() - 1)).isEqualTo(EventTime.UNKNOWN);
  }

  @Test
  void orphanResultIsRejected() {
    List<RejectedRow> rejected = input.results().stream().flatMap(result -> result.rejected().stream()).toList();

    assertThat(rejected).extracting(RejectedRow::table, RejectedRow::key, RejectedRow::reason)
        .containsExactly(tuple("results", "resultId=105", "foreign key raceId=99 has no row in table races (row 6)"));
    assertThat(input.timedRows()).extracting(ReplayRow::keyText).doesNotContain("resultId=105");
  }

  @Test
  void validRowCountsPerTable() {
    assertThat(input.results()).extracting(TableReader.Result::table, TableReader.Result::loaded).containsExactly(
        tuple("circuits", 2L), tuple("drivers", 2L), tuple("races", 4L), tuple("results", 5L), tuple("laps", 3L),
        tuple("penalties", 2L), tuple("notes", 2L));
  }
}
