package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamePiecesTest {
  @Test
  void splitsCaseSeparatorsAndDigits() {
    assertThat(NamePieces.split("fastestLapTime")).containsExactly("fastest", "lap", "time");
    assertThat(NamePieces.split("fastest_lap_time")).containsExactly("fastest", "lap", "time");
    assertThat(NamePieces.split("URLPath")).containsExactly("url", "path");
    assertThat(NamePieces.split("fp1_date")).containsExactly("fp", "1", "date");
    assertThat(NamePieces.split("driverStandings")).containsExactly("driver", "standing");
  }

  @Test
  void dropsPluralS() {
    assertThat(NamePieces.split("drivers")).containsExactly("driver");
    assertThat(NamePieces.split("status")).containsExactly("status");
    assertThat(NamePieces.split("address")).containsExactly("address");
    assertThat(NamePieces.split("bus")).containsExactly("bus");
  }

  @Test
  void sameNameInAnotherSpellingHasSameIds() {
    int[] camel = NamePieces.ids("raceDate", 4, 1024);
    int[] snake = NamePieces.ids("RACE_DATES", 4, 1024);

    assertThat(camel).isEqualTo(snake);
    assertThat(camel[0]).isBetween(1, 1023);
    assertThat(camel[2]).isZero();
    assertThat(NamePieces.ids("a_b_c_d_e_f", 4, 1024)).doesNotContain(0);
    assertThat(NamePieces.ids("___", 4, 1024)).containsOnly(0);
  }
}
