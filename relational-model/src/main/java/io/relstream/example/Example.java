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
 * @param previousRequestMillis for a re-embedding of an unchanged entity, when the job last sent
 *     the entity for embedding (epoch milliseconds); {@link #NO_PREVIOUS_REQUEST} for the example
 *     of a change
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record Example(
    String seedTable, String seedKey, long seedTimeMillis, long commitTimeMillis, List<ExampleRow> rows,
    long previousRequestMillis)
    implements Serializable {
  /** The {@code previousRequestMillis} of an example of a change. */
  public static final long NO_PREVIOUS_REQUEST = -1;

  public Example {
    Objects.requireNonNull(seedTable, "seedTable");
    Objects.requireNonNull(seedKey, "seedKey");
    // A mutable copy, because Kryo rebuilds lists through add() when Flink falls back to it.
    rows = new ArrayList<>(rows);
    if (rows.isEmpty() || rows.get(0).role() != RowRole.SEED) {
      throw new IllegalArgumentException("An example starts with its seed row: " + seedTable + "/" + seedKey);
    }
  }

  /** Creates the example of a change. */
  public Example(String seedTable, String seedKey, long seedTimeMillis, long commitTimeMillis, List<ExampleRow> rows) {
    this(seedTable, seedKey, seedTimeMillis, commitTimeMillis, rows, NO_PREVIOUS_REQUEST);
  }

  /** Returns whether this example re-embeds an unchanged entity rather than describing a change. */
  public boolean isReembedding() {
    return previousRequestMillis != NO_PREVIOUS_REQUEST;
  }

  public ExampleRow seed() {
    return rows.get(0);
  }
}
