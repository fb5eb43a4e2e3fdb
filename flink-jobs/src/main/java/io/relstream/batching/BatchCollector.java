package io.relstream.batching;

import io.relstream.example.Example;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.apache.flink.util.Collector;

/** Collects a fired window's examples into one training batch. */
public final class BatchCollector extends ProcessAllWindowFunction<Example, ExampleBatch, GlobalWindow> {
  private static final long serialVersionUID = 1L;

  @Override
  public void process(Context context, Iterable<Example> elements, Collector<ExampleBatch> out) {
    List<Example> examples = new ArrayList<>();
    elements.forEach(examples::add);
    if (!examples.isEmpty()) {
      out.collect(new ExampleBatch(examples));
    }
  }
}
