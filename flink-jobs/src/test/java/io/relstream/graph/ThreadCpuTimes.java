package io.relstream.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of each thread of this process, read from Linux's {@code /proc/self/task}. Unlike the
 * JVM's thread MX bean it also covers native threads such as RocksDB's compaction and flush
 * threads, which a benchmark of RocksDB state needs to tell background work from the operators'.
 * Where {@code /proc} is missing, every reading is empty.
 */
final class ThreadCpuTimes {
  private static final Path TASKS = Path.of("/proc/self/task");
  // NOTE: Linux reports utime and stime in ticks of USER_HZ, which Java cannot query. It is 100 on
  // the common Linux builds for x86-64 and arm64; elsewhere the seconds printed are off by that ratio.
  private static final double SECONDS_PER_TICK = 0.01;

  /** Clock ticks of CPU time per thread id, with the thread's name. */
  private final Map<String, ThreadTime> threads;

  private record ThreadTime(String name, long ticks) {}

  private ThreadCpuTimes(Map<String, ThreadTime> threads) {
    this.threads = threads;
  }

  /** Reads the CPU time of every thread of this process. */
  static ThreadCpuTimes read() {
    Map<String, ThreadTime> threads = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return new ThreadCpuTimes(threads);
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(task -> readTask(task, threads));
    } catch (IOException e) {
      return new ThreadCpuTimes(threads); // /proc/self/task could not be listed.
    }
    return new ThreadCpuTimes(threads);
  }

  private static void readTask(Path task, Map<String, ThreadTime> threads) {
    String stat;
    try {
      stat = Files.readString(task.resolve("stat"));
    } catch (IOException e) {
      return; // The thread ended while the tasks were listed, or its stat cannot be read.
    }
    // The name sits in parentheses and may contain spaces. The fields after it are separated by
    // single spaces, utime and stime being the 12th and 13th.
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    String[] fields = stat.substring(close + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    threads.put(task.getFileName().toString(), new ThreadTime(stat.substring(open + 1, close), ticks));
  }

  /**
   * Returns the {@code count} thread names that used the most CPU since {@code before}, as
   * {@code name:seconds} pairs separated by commas, with spaces in names replaced by underscores.
   * Threads of the same name are summed. A thread that ended before this reading is missing from
   * it, so its CPU time is not counted.
   */
  String busiestSince(ThreadCpuTimes before, int count) {
    Map<String, Long> byName = new HashMap<>();
    threads.forEach((id, thread) -> {
      ThreadTime earlier = before.threads.get(id);
      long previous = earlier != null && earlier.name.equals(thread.name) ? earlier.ticks : 0;
      byName.merge(thread.name, thread.ticks - previous, Long::sum);
    });
    return byName.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(count)
        .map(entry -> entry.getKey().replace(' ', '_') + ":" + String.format(Locale.ROOT, "%.1f", entry.getValue() * SECONDS_PER_TICK))
        .collect(Collectors.joining(","));
  }
}
