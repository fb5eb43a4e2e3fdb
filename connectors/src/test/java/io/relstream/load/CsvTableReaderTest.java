package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableReaderTest {

  @TempDir Path directory;

  @Test
  void quotedFieldsKeepCommasAndQuotes() throws IOException {
    List<String[]> rows = readAll("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",plain\n");

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).containsExactly("x, y", "say \"hi\"", "plain");
  }

  @Test
  void quotedFieldKeepsLineBreak() throws IOException {
    List<String[]> rows = readAll("a,b\n\"two\nlines\",2\n3,4\n");

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsExactly("two\nlines", "2");
    assertThat(rows.get(1)).containsExactly("3", "4");
  }

  @Test
  void nullTokenReadsAsNull() throws IOException {
    List<String[]> rows = readAll("a,b,c\n\\N,\"\\N\",x\\N\n");

    // A quoted token is NULL too: commons-csv does not tell a quoted value from an unquoted one here.
    assertThat(rows.get(0)).containsExactly(null, null, "x\\N");
  }

  @Test
  void emptyFieldQuotedAndUnquoted() throws IOException {
    List<String[]> rows = readAll("a,b,c\n,\"\",z\n");

    assertThat(rows.get(0)).containsExactly(null, "", "z");
  }

  @Test
  void byteOrderMarkIsSkipped() throws IOException {
    try (CsvTableReader reader = open("\uFEFFDriver,Age\nAnn,29\n")) {
      assertThat(reader.header()).containsExactly("Driver", "Age");
      assertThat(reader.next()).containsExactly("Ann", "29");
    }
  }

  @Test
  void windowsLineEndingsAndBlankLines() throws IOException {
    List<String[]> rows = readAll("a,b\r\n1,2\r\n\r\n3,4\r\n");

    assertThat(rows).hasSize(2);
    assertThat(rows.get(1)).containsExactly("3", "4");
  }

  @Test
  void rowsMayDifferInLength() throws IOException {
    try (CsvTableReader reader = open("a,b,c\n1,2\n1,2,3,4\n")) {
      assertThat(reader.next()).containsExactly("1", "2");
      assertThat(reader.rowNumber()).isEqualTo(1);
      assertThat(reader.next()).containsExactly("1", "2", "3", "4");
      assertThat(reader.rowNumber()).isEqualTo(2);
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void unterminatedQuoteFails() {
    assertThatThrownBy(() -> readAll("a,b\n1,\"open\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Invalid CSV file")
        .hasMessageContaining("after data row 0");
  }

  @Test
  void duplicateHeaderColumnFails() {
    assertThatThrownBy(() -> open("a,b,a\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("names column 'a' twice");
  }

  @Test
  void emptyFileFails() {
    assertThatThrownBy(() -> open(""))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected a header row");
  }

  private CsvTableReader open(String content) throws IOException {
    Path file = directory.resolve("table.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return CsvTableReader.open(file, "\\N");
  }

  private List<String[]> readAll(String content) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (CsvTableReader reader = open(content)) {
      for (String[] row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    return rows;
  }
}
