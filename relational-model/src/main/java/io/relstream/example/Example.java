package io.relstream.example;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A training example: the subgraph around a seed row as of the seed time. The first row is the
 * seed; every other row has an event time at or before {@link #seedTimeMillis()}.
 *
 * @param seedTable the seed's table
 * @param seedKey the seed's primary key
 * @param seedTimeMillis the time the example describes, epoch milliseconds
 * @param commitTimeMillis when the change that produced the seed was committed in the source
 *     database, epoch milliseconds; used to measure commit-to-embedding latency
 * @param rows the seed row first, then parents, then children
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record Example(
    String seedTable, String seedKey, long seedTimeMillis, long commitTimeMillis, List<ExampleRow> rows)
    implements Serializable {

  public Example {
    Objects.requireNonNull(seedTable, "seedTable");
    Objects.requireNonNull(seedKey, "seedKey");
    // A mutable copy, because Kryo rebuilds lists through add() when Flink falls back to it.
    rows = new ArrayList<>(rows);
    if (rows.isEmpty() || rows.get(0).role() != RowRole.SEED) {
      throw new IllegalArgumentException("An example starts with its seed row: " + seedTable + "/" + seedKey);
    }
  }

  public ExampleRow seed() {
    return rows.get(0);
  }
}
