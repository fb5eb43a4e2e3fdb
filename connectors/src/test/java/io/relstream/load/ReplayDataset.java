package io.relstream.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small race dataset for replay tests, with races out of date order in their file, a
 * race without date, two races on one day, an orphan result, a table that only inherits its time
 * (laps -> results), a time_via that names a missing column (penalties) and two tables without
 * time (circuits, drivers) plus one without primary key (notes).
 */
final class ReplayDataset {

  private ReplayDataset() {}

  static final String SCHEMA_JSON = """
      {
       "tables": {
        "circuits": {"file": "circuits.csv", "pkey": ["circuitId"], "fkeys": {}},
        "drivers": {"file": "drivers.csv", "pkey": ["driverId"], "fkeys": {}},
        "races": {"file": "races.csv", "pkey": ["raceId"], "fkeys": {"circuitId": "circuits"}, "time_col": "date"},
        "results": {"file": "results.csv", "pkey": ["resultId"], "fkeys": {"raceId": "races", "driverId": "drivers"},
                    "time_via": "raceId->races.date"},
        "laps": {"file": "laps.csv", "pkey": ["lapId"], "fkeys": {"resultId": "results"}},
        "penalties": {"file": "penalties.csv", "pkey": ["penaltyId"], "fkeys": {"raceId": "races"},
                      "time_via": "raceId->races.missing"},
        "notes": {"file": "notes.csv", "pkey": null, "fkeys": {}}
       }
      }
      """;

  /** Writes the dataset into {@code directory} and returns it. */
  static Path write(Path directory) throws IOException {
    write(directory, "schema.json", SCHEMA_JSON);
    write(directory, "circuits.csv", "circuitId,name\n1,Monza\n2,Spa\n");
    write(directory, "drivers.csv", "driverId,name\n1,Ann\n2,Bo\n");
    write(directory, "races.csv", """
        raceId,circuitId,date
        3,1,2020-03-01
        1,2,2020-01-01
        2,1,\\N
        4,1,2020-01-01
        """);
    write(directory, "results.csv", """
        resultId,raceId,driverId,points
        100,3,1,10
        101,1,1,8
        102,2,2,6
        103,4,2,4
        104,1,2,2
        105,99,1,1
        """);
    write(directory, "laps.csv", """
        lapId,resultId,seconds
        1,100,90.5
        2,101,91.0
        3,\\N,92.5
        """);
    write(directory, "penalties.csv", """
        penaltyId,raceId,seconds
        1,3,5
        2,1,10
        """);
    write(directory, "notes.csv", "note\nfirst\nsecond\n");
    return directory;
  }

  private static void write(Path directory, String file, String content) throws IOException {
    Files.writeString(directory.resolve(file), content, StandardCharsets.UTF_8);
  }
}
