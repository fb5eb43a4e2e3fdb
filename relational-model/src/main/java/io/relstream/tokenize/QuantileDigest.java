package io.relstream.tokenize;

import com.tdunning.math.stats.MergingDigest;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A t-digest of doubles whose state depends only on the values added and their order. MergingDigest
 * sorts stably, so the same values in the same order give the same centroids. But its queries and
 * its {@code asBytes} merge pending values first, which would make the centroids depend on when a
 * refresh or a checkpoint happened. So values wait in a buffer of {@link #PENDING} and join the
 * digest in blocks: each block is added to a digest read from the bytes of the last one, which is
 * then serialized again, so only the bytes are kept (a MergingDigest's arrays take about 48 KB at
 * compression 200). Queries work on such a copy too. Every digest read from bytes starts with the
 * same merge direction, so a restored digest goes on exactly like the original. Not thread-safe.
 */
final class QuantileDigest {
  /** Values added between two merges; a snapshot contains fewer raw values than this. */
  static final int PENDING = 512;

  /** The largest compression that the tokenizer accepts, so that a corrupt one fails fast. */
  static final int MAX_COMPRESSION = 65_535;

  private static final byte FORMAT = 1;

  /** The digest's verbose encoding: code, min, max, compression, centroid count. */
  private static final int DIGEST_HEADER_BYTES = 4 + 8 + 8 + 8 + 4;

  private byte[] digestBytes;
  private long digestCount;
  private final double[] pending = new double[PENDING];
  private int pendingCount;

  /** Creates an empty digest; compressions below 10 act as 10. */
  QuantileDigest(double compression) {
    this(serialize(new MergingDigest(compression)));
  }

  /** Wraps serialized digest bytes, which are read once to check them and take their count. */
  private QuantileDigest(byte[] digestBytes) {
    this.digestBytes = digestBytes;
    this.digestCount = readDigest(ByteBuffer.wrap(digestBytes)).size();
  }

  void update(double value) {
    pending[pendingCount++] = value;
    if (pendingCount == PENDING) {
      MergingDigest digest = current();
      pendingCount = 0;
      digestBytes = serialize(digest);
      digestCount = digest.size();
    }
  }

  long count() {
    return digestCount + pendingCount;
  }

  boolean isEmpty() {
    return count() == 0;
  }

  /**
   * Returns the estimated values at the given normalized ranks: the minimum for rank 0 and the
   * maximum for rank 1, interpolated between centroids elsewhere. The digest must not be empty.
   */
  double[] quantiles(double[] ranks) {
    if (isEmpty()) {
      throw new IllegalStateException("Query of an empty quantile digest");
    }
    MergingDigest copy = current();
    double[] quantiles = new double[ranks.length];
    for (int i = 0; i < ranks.length; i++) {
      quantiles[i] = copy.quantile(ranks[i]);
    }
    return quantiles;
  }

  /** Returns a digest read from the bytes with the pending values added but not yet merged. */
  private MergingDigest current() {
    MergingDigest copy = readDigest(ByteBuffer.wrap(digestBytes));
    for (int i = 0; i < pendingCount; i++) {
      copy.add(pending[i]);
    }
    return copy;
  }

  byte[] toBytes() {
    ByteBuffer bytes = ByteBuffer.allocate(1 + 4 + 8 * pendingCount + digestBytes.length);
    bytes.put(FORMAT).putInt(pendingCount);
    for (int i = 0; i < pendingCount; i++) {
      bytes.putDouble(pending[i]);
    }
    bytes.put(digestBytes);
    return bytes.array();
  }

  /**
   * Reads a digest from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes have another format or are corrupt
   */
  static QuantileDigest fromBytes(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte format = in.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "Unsupported quantile digest format " + format + ": this digest reads " + FORMAT);
      }
      int pendingCount = in.getInt();
      if (pendingCount < 0 || pendingCount >= PENDING) {
        throw invalid(bytes, "pending count " + pendingCount + " is outside [0, " + PENDING + ")");
      }
      double[] values = new double[pendingCount];
      for (int i = 0; i < pendingCount; i++) {
        values[i] = in.getDouble();
      }
      byte[] digestBytes = new byte[in.remaining()];
      in.get(digestBytes);
      QuantileDigest read = new QuantileDigest(digestBytes);
      System.arraycopy(values, 0, read.pending, 0, pendingCount);
      read.pendingCount = pendingCount;
      return read;
    } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalStateException e) {
      throw invalid(bytes, e.toString());
    }
  }

  /**
   * Returns a digest of the items of another quantile sketch, each with its weight, and the
   * stream's exact minimum and maximum. A t-digest keeps a single value in its first and last
   * centroid and asserts so when it merges. So the minimum and the maximum go in as single values,
   * and the lowest-ranked and highest-ranked items lose one unit of weight for them. All of it is
   * merged at once, in a digest whose buffer has room for every item.
   */
  static QuantileDigest ofWeighted(
      double compression, double[] values, long[] weights, double min, double max) {
    long total = Arrays.stream(weights).sum();
    if (total == 0) {
      return new QuantileDigest(compression);
    }
    Integer[] order = new Integer[values.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    long[] remaining = new long[values.length];
    Arrays.setAll(remaining, i -> weights[order[i]]);
    int entries = 2;
    if (total > 1) {
      remaining[0]--;
      remaining[remaining.length - 1]--;
      for (long weight : remaining) {
        entries += (int) ((weight + Integer.MAX_VALUE - 1) / Integer.MAX_VALUE);
      }
    }
    MergingDigest digest = new MergingDigest(compression, entries + 2);
    digest.add(min);
    if (total > 1) {
      for (int i = 0; i < remaining.length; i++) {
        addWeighted(digest, values[order[i]], remaining[i]);
      }
      digest.add(max);
    }
    return new QuantileDigest(serialize(digest));
  }

  private static void addWeighted(MergingDigest digest, double value, long weight) {
    for (long left = weight; left > 0; left -= Integer.MAX_VALUE) {
      digest.add(value, (int) Math.min(left, Integer.MAX_VALUE));
    }
  }

  /**
   * Serializes the digest, which first merges its buffered values. The buffer is sized for the
   * most centroids a MergingDigest keeps, about twice its compression, because asking the digest
   * for its size would merge once more.
   */
  private static byte[] serialize(MergingDigest digest) {
    int centroids = 2 * (int) Math.ceil(Math.max(10, digest.compression())) + 32;
    ByteBuffer bytes = ByteBuffer.allocate(DIGEST_HEADER_BYTES + 16 * centroids);
    digest.asBytes(bytes);
    return Arrays.copyOf(bytes.array(), bytes.position());
  }

  /** Reads a digest after checking the header fields that size its arrays. */
  private static MergingDigest readDigest(ByteBuffer in) {
    if (in.remaining() < DIGEST_HEADER_BYTES) {
      throw new IllegalStateException("digest header is truncated");
    }
    int start = in.position();
    double compression = in.getDouble(start + 20);
    int centroids = in.getInt(start + 28);
    if (!(compression > 0 && compression <= MAX_COMPRESSION)) {
      throw new IllegalStateException(
          "compression " + compression + " is outside (0, " + MAX_COMPRESSION + "]");
    }
    if (centroids < 0 || (long) centroids * 16 != in.remaining() - DIGEST_HEADER_BYTES) {
      throw new IllegalStateException("centroid count " + centroids + " does not match the length");
    }
    return MergingDigest.fromBytes(in);
  }

  private static IllegalArgumentException invalid(byte[] bytes, String reason) {
    return new IllegalArgumentException(
        "Invalid quantile digest of " + bytes.length + " bytes: " + reason);
  }
}
