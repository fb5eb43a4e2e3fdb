package io.relstream.batching;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import io.relstream.masking.MaskedExample;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Masked examples that train together in one step.
 *
 * @param examples the batch's examples, in arrival order
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record ExampleBatch(List<MaskedExample> examples) implements Serializable {

  public ExampleBatch {
    // A mutable copy, because Kryo rebuilds lists through add() when Flink falls back to it.
    examples = new ArrayList<>(examples);
  }
}
