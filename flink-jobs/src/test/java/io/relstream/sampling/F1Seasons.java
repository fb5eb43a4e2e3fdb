package io.relstream.sampling;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Copies the F1 dataset directory with only some seasons' races and the rows that belong to those
 * races, so that a replay of the copy is a bounded, realistic part of the F1 history. Tables
 * without a {@code raceId} column are copied whole. Lines are copied unchanged, which works because
 * every F1 CSV record is one line: a record that spans lines fails to parse.
 */
final class F1Seasons {
  private static final String RACES_FILE = "races.csv";
  private static final String RACE_COLUMN = "raceId";
  private static final String YEAR_COLUMN = "year";

  private F1Seasons() {}

  /**
   * Writes the copy into {@code target} and returns the number of rows it kept in the tables that
   * have a {@code raceId} column, races included.
   */
  static long copy(Path dataset, Path target, Set<Long> years) throws IOException {
    Files.createDirectories(target);
    Set<String> races = new HashSet<>();
    long keptRows = filter(dataset.resolve(RACES_FILE), target.resolve(RACES_FILE), YEAR_COLUMN, years, races);
    try (Stream<Path> files = Files.list(dataset)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.equals(RACES_FILE) || !Files.isRegularFile(file)) {
          continue;
        }
        if (name.endsWith(".csv") && header(file).contains(RACE_COLUMN)) {
          keptRows += filter(file, target.resolve(name), RACE_COLUMN, null, races);
        } else {
          Files.copy(file, target.resolve(name));
        }
      }
    }
    return keptRows;
  }

  /**
   * Copies the header and the lines whose {@code column} is one of {@code years} (when given) or one
   * of {@code races}. With years, the kept lines' race ids are added to {@code races}.
   */
  private static long filter(Path source, Path target, String column, Set<Long> years, Set<String> races)
      throws IOException {
    long keptRows = 0;
    try (BufferedReader reader = Files.newBufferedReader(source, StandardCharsets.UTF_8);
        BufferedWriter writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      String headerLine = reader.readLine();
      List<String> header = parse(headerLine, source);
      int index = header.indexOf(column);
      int raceIndex = header.indexOf(RACE_COLUMN);
      writer.write(headerLine);
      writer.newLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        List<String> fields = parse(line, source);
        // A short record is kept as it is, because the loader pads it with NULLs.
        if (fields.size() > header.size() || fields.size() <= Math.max(index, raceIndex)) {
          throw new IOException("A record of " + source + " has " + fields.size() + " fields, but the header has "
              + header.size() + ": " + line);
        }
        String value = fields.get(index);
        boolean keep = years != null ? years.contains(Long.parseLong(value)) : races.contains(value);
        if (keep) {
          if (years != null) {
            races.add(fields.get(raceIndex));
          }
          writer.write(line);
          writer.newLine();
          keptRows++;
        }
      }
    }
    return keptRows;
  }

  private static List<String> header(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader.readLine(), file);
    }
  }

  private static List<String> parse(String line, Path file) throws IOException {
    if (line == null) {
      throw new IOException("No header line in " + file);
    }
    try (CSVParser parser = CSVParser.parse(line, CSVFormat.DEFAULT)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        throw new IOException("Not one CSV record in a line of " + file + ": " + line);
      }
      return records.get(0).toList();
    }
  }
}
