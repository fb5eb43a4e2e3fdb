package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeInferenceTest {

  @Test
  void integers() {
    assertThat(inferColumn("1", "-7", "+3", null, "2147483647")).isEqualTo(ColumnType.INTEGER);
  }

  @Test
  void integerBeyondIntRangeIsBigint() {
    assertThat(inferColumn("1", "2147483648")).isEqualTo(ColumnType.BIGINT);
    assertThat(inferColumn("-9223372036854775808")).isEqualTo(ColumnType.BIGINT);
  }

  @Test
  void integerBeyondBigintRangeIsDouble() {
    assertThat(inferColumn("9223372036854775808")).isEqualTo(ColumnType.DOUBLE);
  }

  @Test
  void numbersWithFractionOrExponentAreDouble() {
    assertThat(inferColumn("10", "8.5", "-37.8497", ".5", "1e3", "2.5E-4")).isEqualTo(ColumnType.DOUBLE);
  }

  @Test
  void nanAndInfinityMakeText() {
    assertThat(inferColumn("1.5", "NaN")).isEqualTo(ColumnType.TEXT);
    assertThat(inferColumn("1.5", "Infinity")).isEqualTo(ColumnType.TEXT);
    assertThat(inferColumn("1e400")).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void isoDates() {
    assertThat(inferColumn("2009-03-29", null, "1950-05-13")).isEqualTo(ColumnType.DATE);
  }

  @Test
  void invalidOrOtherDateFormsMakeText() {
    assertThat(inferColumn("2009-03-29", "2009-02-30")).isEqualTo(ColumnType.TEXT);
    assertThat(inferColumn("6/18/52")).isEqualTo(ColumnType.TEXT);
    assertThat(inferColumn("0000-01-01")).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void times() {
    assertThat(inferColumn("06:00:00", "17:05:23")).isEqualTo(ColumnType.TIME);
  }

  @Test
  void lapTimesAreText() {
    assertThat(inferColumn("1:27.452", "1:34:50.616")).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void timestamps() {
    assertThat(inferColumn("2024-05-01 18:30:00", "2024-05-01T18:30:00.125")).isEqualTo(ColumnType.TIMESTAMP);
  }

  @Test
  void booleans() {
    assertThat(inferColumn("true", "FALSE", "True")).isEqualTo(ColumnType.BOOLEAN);
    assertThat(inferColumn("true", "yes")).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void mixedValuesAreText() {
    assertThat(inferColumn("1", "2", "R")).isEqualTo(ColumnType.TEXT);
    assertThat(inferColumn("2009-03-29", "06:00:00")).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void allNullColumnIsText() {
    assertThat(inferColumn(null, null)).isEqualTo(ColumnType.TEXT);
    assertThat(inferColumn()).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void emptyStringIsText() {
    assertThat(inferColumn("1", "")).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void columnsAreInferredIndependently() {
    TypeInference inference = new TypeInference(3);
    inference.accept(new String[] {"1", "2.5", "x"});
    inference.accept(new String[] {"2", "3", null});

    assertThat(inference.types()).containsExactly(ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.TEXT);
  }

  @Test
  void rowWithTooManyFieldsIsIgnored() {
    TypeInference inference = new TypeInference(1);
    inference.accept(new String[] {"1"});
    inference.accept(new String[] {"x", "extra"});

    assertThat(inference.types()).containsExactly(ColumnType.INTEGER);
  }

  @Test
  void shortRowCountsWithItsFields() {
    TypeInference inference = new TypeInference(2);
    inference.accept(new String[] {"1", "2"});
    inference.accept(new String[] {"x"});

    assertThat(inference.types()).containsExactly(ColumnType.TEXT, ColumnType.INTEGER);
  }

  @Test
  void parsedKeysOfBothIntegerWidthsAreEqual() {
    assertThat(ColumnType.INTEGER.parse("42")).isEqualTo(ColumnType.BIGINT.parse("42"));
    assertThat(ColumnType.INTEGER.parse("+42")).isEqualTo(ColumnType.INTEGER.parse("42"));
  }

  @Test
  void textRejectsNulCharacter() {
    assertThat(ColumnType.TEXT.accepts("a\u0000b")).isFalse();
    assertThat(ColumnType.TEXT.accepts("")).isTrue();
  }

  private static ColumnType inferColumn(String... values) {
    TypeInference inference = new TypeInference(1);
    Arrays.stream(values).forEach(value -> inference.accept(new String[] {value}));
    List<ColumnType> types = inference.types();
    return types.get(0);
  }
}
