package io.relstream.training;

import io.relstream.example.Example;
import io.relstream.masking.Masker;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures the tokenizer on one thread over F1 examples with the default configs. It prints the
 * sketch update cost per observed row, the time to build a tokenizer version, and tokens per second
 * of tokenization alone and with column-aware masking. It also prints the sketches' serialized size
 * per column and an estimate of their heap size. Not a test: run it with the test classpath and the dataset directory, for example
 * {@code java -cp target/test-classes:target/classes:<dependencies>
 * io.relstream.training.TokenizationBenchmark ../../shared/datasets/f1-ergast}.
 */
public final class TokenizationBenchmark {
  private static final int EXAMPLES = 20_000;
  /** Passes over the examples; the first {@value #WARM_UP} only warm up the JIT. */
  private static final int PASSES = 9;

  private static final int WARM_UP = 3;
  private static final int HEAP_COPIES = 20;

  private TokenizationBenchmark() {}

  public static void main(String[] args) throws Exception {
    F1Dataset dataset = F1Dataset.load(Path.of(args[0]));
    List<Example> examples = dataset.examples(EXAMPLES, 11L);
    TokenizerConfig config = TokenizerConfig.defaults();

    double[] observeNanos = new double[PASSES - WARM_UP];
    double[] refreshMillis = new double[PASSES - WARM_UP];
    Tokenizer tokenizer = null;
    for (int pass = 0; pass < PASSES; pass++) {
      tokenizer = new Tokenizer(dataset.schema(), config);
      long start = System.nanoTime();
      for (Example example : examples) {
        tokenizer.observe(example);
      }
      long observed = System.nanoTime();
      tokenizer.refresh(0L);
      long refreshed = System.nanoTime();
      if (pass >= WARM_UP) {
        observeNanos[pass - WARM_UP] = (observed - start) / (double) examples.size();
        refreshMillis[pass - WARM_UP] = (refreshed - observed) / 1e6;
      }
    }

    double[] tokenRates = new double[PASSES - WARM_UP];
    double[] maskedRates = new double[PASSES - WARM_UP];
    long tokens = 0;
    for (int pass = 0; pass < PASSES; pass++) {
      tokens = 0;
      long start = System.nanoTime();
      for (Example example : examples) {
        tokens += tokenizer.tokenize(example).size();
      }
      double tokenRate = tokens / ((System.nanoTime() - start) / 1e9);
      Masker masker = new Masker(MaskingConfig.of(0.15, MaskingStrategy.COLUMN_AWARE));
      SplittableRandom random = new SplittableRandom(pass);
      start = System.nanoTime();
      for (Example example : examples) {
        TokenizedExample tokenized = tokenizer.tokenize(example);
        masker.mask(tokenized, random);
      }
      double maskedRate = tokens / ((System.nanoTime() - start) / 1e9);
      if (pass >= WARM_UP) {
        tokenRates[pass - WARM_UP] = tokenRate;
        maskedRates[pass - WARM_UP] = maskedRate;
      }
    }

    System.out.printf("examples %d, tokens %d (%.1f per example), %d cores%n", examples.size(), tokens,
        tokens / (double) examples.size(), Runtime.getRuntime().availableProcessors());
    System.out.printf("observe: median %.0f ns per row (passes %s)%n", median(observeNanos), rounded(observeNanos));
    System.out.printf("refresh: median %.1f ms per version%n", median(refreshMillis));
    System.out.printf("tokenize: median %.0f tokens/s on one thread (passes %s)%n", median(tokenRates),
        rounded(tokenRates));
    System.out.printf("tokenize+mask: median %.0f tokens/s on one thread%n", median(maskedRates));
    System.out.println("identifier columns: " + tokenizer.version().identifierColumns());
    printSizes(tokenizer);
    printHeapEstimate(dataset, config, tokenizer);
  }

  private static void printSizes(Tokenizer tokenizer) {
    Map<String, Integer> sizes = tokenizer.sketchSizes();
    List<Integer> numeric = new ArrayList<>();
    List<Integer> text = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : sizes.entrySet()) {
      boolean isText = tokenizer.version().kind(entry.getKey()).name().startsWith("CATEGORICAL")
          || tokenizer.version().kind(entry.getKey()).name().startsWith("TEXT");
      (isText ? text : numeric).add(entry.getValue());
    }
    System.out.printf("serialized sketches: %d numeric columns, median %d bytes, max %d; %d text columns,"
        + " median %d bytes, max %d; all %d bytes%n", numeric.size(), medianInt(numeric), max(numeric),
        text.size(), medianInt(text), max(text), tokenizer.snapshotSketches().length);
  }

  /** Estimates heap per column from the heap growth of restored copies; GC makes it approximate. */
  private static void printHeapEstimate(F1Dataset dataset, TokenizerConfig config, Tokenizer tokenizer) {
    byte[] sketches = tokenizer.snapshotSketches();
    byte[] version = tokenizer.version().toBytes();
    long before = usedHeapAfterGc();
    List<Tokenizer> copies = new ArrayList<>();
    for (int i = 0; i < HEAP_COPIES; i++) {
      Tokenizer copy = new Tokenizer(dataset.schema(), config);
      copy.restore(sketches, version);
      copies.add(copy);
    }
    long after = usedHeapAfterGc();
    int columns = tokenizer.sketchSizes().size();
    System.out.printf("heap estimate: %.0f bytes per column (tokenizer with sketches and version, %d columns,"
        + " %d copies)%n", (after - before) / (double) HEAP_COPIES / columns, columns, copies.size());
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
  }

  private static int medianInt(List<Integer> values) {
    List<Integer> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static int max(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static String rounded(double[] values) {
    StringBuilder text = new StringBuilder();
    for (double value : values) {
      text.append(text.length() == 0 ? "" : " ").append(Math.round(value));
    }
    return text.toString();
  }
}
