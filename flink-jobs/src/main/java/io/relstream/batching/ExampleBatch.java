package io.relstream.batching;

import io.relstream.example.Example;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Examples that train together in one step. They are not tokenized yet: the training operator
 * tokenizes a whole batch with one tokenizer version.
 *
 * @param examples the batch's examples, in arrival order
 */
public record ExampleBatch(List<Example> examples) implements Serializable {

  public ExampleBatch {
    // A mutable copy, because Kryo rebuilds lists through add() when Flink falls back to it.
    examples = new ArrayList<>(examples);
  }
}
