package io.relstream.load;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * Reads one dataset CSV file: UTF-8 with an optional byte order mark, a header row, fields quoted
 * with {@code "}. The dataset's NULL token reads as null, quoted or not. An unquoted empty field
 * reads as null too, as in PostgreSQL's CSV format, while a quoted empty field reads as an empty
 * string.
 */
final class CsvTableReader implements Closeable {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /**
   * In commons-csv 1.11 the strict quote mode ALL_NON_NULL, without a null string, is what makes
   * an unquoted empty field null and keeps a quoted one as an empty string.
   */
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).build();

  private final Path file;
  private final String nullToken;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> header;
  private long rowNumber;

  private CsvTableReader(Path file, String nullToken, CSVParser parser) throws IOException {
    this.file = file;
    this.nullToken = nullToken;
    this.parser = parser;
    this.records = parser.iterator();
    this.header = readHeader();
  }

  /** Opens {@code file} and reads its header row. */
  static CsvTableReader open(Path file, String nullToken) throws IOException {
    BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    try {
      skipByteOrderMark(reader);
      return new CsvTableReader(file, nullToken, FORMAT.parse(reader));
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  List<String> header() {
    return header;
  }

  /**
   * Returns the next data row with NULLs as null, or null at the end of the file. The row may have
   * more or fewer fields than the header.
   */
  String[] next() throws IOException {
    CSVRecord record = nextRecord();
    if (record == null) {
      return null;
    }
    rowNumber++;
    String[] fields = record.values();
    for (int i = 0; i < fields.length; i++) {
      if (nullToken.equals(fields[i])) {
        fields[i] = null;
      }
    }
    return fields;
  }

  /** Returns the 1-based number of the data row that {@link #next()} returned last. */
  long rowNumber() {
    return rowNumber;
  }

  Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  private List<String> readHeader() throws IOException {
    CSVRecord record = nextRecord();
    if (record == null) {
      throw new IOException("Invalid CSV file " + file + ": it is empty, expected a header row");
    }
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String name : record.values()) {
      if (name == null || name.isEmpty()) {
        throw new IOException(
            "Invalid CSV file " + file + ": column " + (names.size() + 1) + " of the header has no name");
      }
      if (!seen.add(name)) {
        throw new IOException("Invalid CSV file " + file + ": the header names column '" + name + "' twice");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** Returns the next record, turning the iterator's unchecked parse errors into IOException. */
  private CSVRecord nextRecord() throws IOException {
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException e) {
      throw new IOException("Invalid CSV file " + file + " after data row " + rowNumber + ": "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  private static void skipByteOrderMark(BufferedReader reader) throws IOException {
    reader.mark(1);
    if (reader.read() != BYTE_ORDER_MARK) {
      reader.reset();
    }
  }
}
