package io.relstream.masking;

import io.relstream.tokenize.TokenizedExample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Column-aware masking: per column, the running counts of maskable cells offered and masked. A
 * cell is masked with probability {@code rate + deficit}, clamped to [0, 1], where the deficit is
 * {@code rate * offered - masked} of its column before the cell. The deficit stays within about
 * one cell, so every column's realized rate approaches the configured one as its count grows,
 * however rare the column. Not thread-safe.
 */
final class ColumnBalance {
  private static final byte FORMAT = 1;

  /** Offered and masked counts by {@code table.column}, sorted so snapshots are deterministic. */
  private final Map<String, long[]> counts = new TreeMap<>();

  void choose(
      TokenizedExample example,
      boolean[] candidates,
      double rate,
      SplittableRandom random,
      boolean[] masked) {
    int chosen = 0;
    for (int cell = 0; cell < masked.length; cell++) {
      if (!candidates[cell]) {
        continue;
      }
      long[] column = counts.computeIfAbsent(example.cellColumn(cell), name -> new long[2]);
      double probability = Math.max(0, Math.min(1, rate + deficit(column, rate)));
      column[0]++;
      if (random.nextDouble() < probability) {
        masked[cell] = true;
        column[1]++;
        chosen++;
      }
    }
    if (chosen == 0) {
      forceOne(example, candidates, rate, random, masked);
    }
  }

  /** Masks the candidate cell whose column is most under-masked, the first of ties from a random start. */
  private void forceOne(
      TokenizedExample example,
      boolean[] candidates,
      double rate,
      SplittableRandom random,
      boolean[] masked) {
    int cells = masked.length;
    if (cells == 0) {
      return;
    }
    int start = random.nextInt(cells);
    int best = -1;
    double bestDeficit = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < cells; i++) {
      int cell = (start + i) % cells;
      if (candidates[cell]) {
        double deficit = deficit(counts.get(example.cellColumn(cell)), rate);
        if (deficit > bestDeficit) {
          best = cell;
          bestDeficit = deficit;
        }
      }
    }
    if (best >= 0) {
      masked[best] = true;
      counts.get(example.cellColumn(best))[1]++;
    }
  }

  private static double deficit(long[] column, double rate) {
    return rate * column[0] - column[1];
  }

  /** Returns the masked share of a column's offered cells, or NaN before any was offered. */
  double realizedRate(String column) {
    long[] count = counts.get(column);
    return count == null || count[0] == 0 ? Double.NaN : (double) count[1] / count[0];
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeInt(counts.size());
      for (Map.Entry<String, long[]> entry : counts.entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeLong(entry.getValue()[0]);
        out.writeLong(entry.getValue()[1]);
      }
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw, so this would be a bug.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Replaces the counts with snapshotted ones.
   *
   * @throws IllegalArgumentException when the bytes have another format or are truncated
   */
  void readBytes(byte[] snapshot) {
    counts.clear();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "Unsupported masking snapshot format " + format + ": this masker reads " + FORMAT);
      }
      int size = in.readInt();
      for (int i = 0; i < size; i++) {
        counts.put(in.readUTF(), new long[] {in.readLong(), in.readLong()});
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Invalid masking snapshot of " + snapshot.length + " bytes: " + e, e);
    }
  }
}
