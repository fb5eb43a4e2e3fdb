package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.PipelineBuilder;
import io.relstream.job.RelstreamJob;
import io.relstream.job.RelstreamOptions;
import io.relstream.sampling.ExampleSerializer;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.FileUtils;

/**
 * Measures the graph and sampling stages' cost per change at a given graph size. A generated bounded
 * source (not CDC) first inserts {@code nodes} rows, a tenth of them {@code parents} and the rest
 * {@code children} that each reference a random parent, and then updates {@code updates} random
 * children. The real operators run on a local cluster in this JVM with RocksDB state and the job's
 * default options. The figures cover the update phase only, from the example of the last insert to
 * the example of the last update. They are the wall time and this JVM's CPU time per update and the
 * rows and cells (row values) of the updates' examples. At the end the program also reads the heap
 * in use after a full GC and the size of the RocksDB directories. Not a test: run it with the
 * test class path, for example {@code java -cp target/test-classes:target/classes:<dependencies>
 * io.relstream.graph.GraphScaleBenchmark 100000 50000 [KEY=VALUE ...]}, where each KEY=VALUE sets a
 * job option (keys under graph. and sampling.) or a Flink option over the defaults.
 */
public final class GraphScaleBenchmark {
  private static final long SEED = 17L;
  /**
   * Span of the children's event times, half the default {@code graph.version-retention} of a day,
   * so that the retention drops no child and examples have the same shape at every size. Only the
   * count bound ({@code graph.children-retained}, 64) still applies.
   */
  private static final long CHILDREN_TIME_SPAN_MILLIS = 12 * 3_600_000L;

  // The operators run in this JVM, so the counting stage hands its readings to main through statics.
  private static volatile Reading fillDone;
  private static volatile Reading updatesDone;
  private static volatile long updateRows;
  private static volatile long updateCells;

  private GraphScaleBenchmark() {}

  /** Clock, CPU and memory readings, taken when the example count reached a phase's end. */
  private record Reading(long wallNanos, long cpuNanos, long heapBytes, long rocksDbBytes) {}

  public static void main(String[] args) throws Exception {
    long nodes = Long.parseLong(args[0]);
    long updates = Long.parseLong(args[1]);
    Path stateDir = Files.createTempDirectory("graph-scale-rocksdb");
    Configuration options = new Configuration();
    options.setString("state.backend.rocksdb.localdir", stateDir.toString());
    Path checkpointDir = Files.createTempDirectory("graph-scale-checkpoints");
    Configuration jobOptions = new Configuration();
    // Further arguments KEY=VALUE set options over the defaults, to compare their effect on the
    // same graph: keys under graph. and sampling. are job options, the others Flink options such
    // as the managed memory or RocksDB's bloom filter.
    for (int i = 2; i < args.length; i++) {
      int separator = args[i].indexOf('=');
      if (separator <= 0) {
        throw new IllegalArgumentException("Invalid option argument " + args[i] + ": expected KEY=VALUE");
      }
      String key = args[i].substring(0, separator);
      boolean jobOption = key.startsWith("graph.") || key.startsWith("sampling.");
      (jobOption ? jobOptions : options).setString(key, args[i].substring(separator + 1));
    }
    // The graph stages have no Kafka sink, so nothing connects to this required address.
    jobOptions.set(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    jobOptions.set(RelstreamOptions.CHECKPOINT_DIR, checkpointDir.toUri().toString());
    JobSettings settings = JobSettings.from(jobOptions);
    StreamExecutionEnvironment env = JobLauncher.environment(settings, options);
    RelstreamJob.configure(env, settings);

    long parents = Math.max(1, nodes / 10);
    DatabaseSchema schema = schema();
    PipelineBuilder.buildExamples(
            env.fromSequence(0, nodes + updates - 1).map(new Changes(nodes, parents)).name("generated-changes")
                .setParallelism(1),
            schema, settings)
        .map(new ExampleCounter(nodes, updates, stateDir))
        .returns(ExampleSerializer.TYPE_INFO)
        .name("count-examples")
        .setParallelism(1)
        .sinkTo(new DiscardingSink<>())
        .setParallelism(1);
    env.execute("graph-scale-benchmark");
    FileUtils.deleteDirectory(stateDir.toFile());
    FileUtils.deleteDirectory(checkpointDir.toFile());

    double seconds = (updatesDone.wallNanos - fillDone.wallNanos) / 1e9;
    double cpuSeconds = (updatesDone.cpuNanos - fillDone.cpuNanos) / 1e9;
    System.out.printf("benchmark: graph_scale nodes=%d parents=%d updates=%d update_seconds=%.1f"
            + " wall_us_per_update=%.0f cpu_us_per_update=%.0f rows_per_example=%.1f cells_per_example=%.1f"
            + " cpu_us_per_cell=%.2f heap_mb_after_gc=%.0f rocksdb_mb=%.0f%n",
        nodes, parents, updates, seconds, seconds * 1e6 / updates, cpuSeconds * 1e6 / updates,
        (double) updateRows / updates, (double) updateCells / updates, cpuSeconds * 1e6 / updateCells,
        updatesDone.heapBytes / 1e6, updatesDone.rocksDbBytes / 1e6);
  }

  private static DatabaseSchema schema() {
    return new DatabaseSchema(List.of(
        new TableSchema("parents",
            List.of(column("parent_id", SemanticType.KEY, Types.BIGINT), column("score", SemanticType.NUMERIC, Types.DOUBLE),
                column("label", SemanticType.CATEGORICAL, Types.VARCHAR)),
            List.of("parent_id"), List.of(), null, null),
        new TableSchema("children",
            List.of(column("child_id", SemanticType.KEY, Types.BIGINT), column("parent_id", SemanticType.KEY, Types.BIGINT),
                column("created", SemanticType.TIMESTAMP, Types.TIMESTAMP),
                column("amount", SemanticType.NUMERIC, Types.DOUBLE), column("kind", SemanticType.CATEGORICAL, Types.VARCHAR)),
            List.of("child_id"), List.of(new ForeignKey(List.of("parent_id"), "parents", List.of("parent_id"))),
            "created", null)));
  }

  private static ColumnSchema column(String name, SemanticType type, int jdbcType) {
    return new ColumnSchema(name, jdbcType == Types.VARCHAR ? "text" : "int8", jdbcType, type, false);
  }

  /** Turns the i-th number of the sequence into the i-th change: parents, children, then updates. */
  private static final class Changes implements MapFunction<Long, RowChange> {
    private static final long serialVersionUID = 1L;
    private final long nodes;
    private final long parents;

    Changes(long nodes, long parents) {
      this.nodes = nodes;
      this.parents = parents;
    }

    @Override
    public RowChange map(Long index) {
      if (index < parents) {
        Object[] row = {index, index * 0.5, "label-" + index % 50};
        return new RowChange("parents", RowChange.Kind.INSERT, null, row, index, false);
      }
      if (index < nodes) {
        return new RowChange("children", RowChange.Kind.INSERT, null, child(index - parents, 0), index, false);
      }
      // Updates pick children with a generator seeded by their index, so every run updates the same children.
      long child = new SplittableRandom(SEED + index).nextLong(nodes - parents);
      Object[] before = child(child, 0);
      return new RowChange("children", RowChange.Kind.UPDATE, before, child(child, index), index, false);
    }

    private Object[] child(long child, long version) {
      long parent = new SplittableRandom(SEED ^ child).nextLong(parents);
      long created = child * CHILDREN_TIME_SPAN_MILLIS / Math.max(1, nodes - parents);
      return new Object[] {child, parent, created, (double) (child % 1000 + version), "kind-" + child % 7};
    }
  }

  /** Passes examples on and takes a reading after the last insert's example and the last update's. */
  private static final class ExampleCounter implements MapFunction<Example, Example> {
    private static final long serialVersionUID = 1L;
    private final long nodes;
    private final long updates;
    private final String stateDir;
    private long count;

    ExampleCounter(long nodes, long updates, Path stateDir) {
      this.nodes = nodes;
      this.updates = updates;
      this.stateDir = stateDir.toString();
    }

    @Override
    public Example map(Example example) {
      count++;
      if (count > nodes) {
        updateRows += example.rows().size();
        for (ExampleRow row : example.rows()) {
          updateCells += row.values().length;
        }
      }
      if (count == nodes) {
        fillDone = read(false);
      } else if (count == nodes + updates) {
        updatesDone = read(true);
      }
      return example;
    }

    private Reading read(boolean withMemory) {
      long wall = System.nanoTime();
      long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      if (!withMemory) {
        return new Reading(wall, cpu, 0, 0);
      }
      System.gc(); // NOTE: a request to the JVM; the heap figure is an estimate.
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Reading(wall, cpu, heap, directorySize(Path.of(stateDir)));
    }

    private static long directorySize(Path dir) {
      try (Stream<Path> files = Files.walk(dir)) {
        return files.filter(Files::isRegularFile).mapToLong(file -> {
          try {
            return Files.size(file);
          } catch (IOException e) {
            return 0; // RocksDB deleted the file while it was being listed.
          }
        }).sum();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
