package io.relstream.tokenize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary form of the tokenizer's column statistics: a version byte, the column count, then per
 * column its {@code table.column} name (modified UTF-8) and count, min, max, mean and sum of
 * squared deviations. Stateless.
 */
final class StatisticsSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(StatisticsSnapshot.class);
  static final byte VERSION = 1;

  private StatisticsSnapshot() {}

  static byte[] write(Map<String, ColumnStatistics> statistics) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(statistics.size());
      for (Map.Entry<String, ColumnStatistics> entry : statistics.entrySet()) {
        out.writeUTF(entry.getKey());
        entry.getValue().write(out);
      }
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw, so this would be a bug.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a snapshot into {@code statistics}, whose entries must be fresh. Columns that the
   * snapshot contains but the schema does not are skipped and logged, so a column dropped from the
   * schema does not block a restore.
   *
   * @throws IllegalArgumentException when the snapshot has another version or is truncated
   */
  static void read(byte[] snapshot, Map<String, ColumnStatistics> statistics) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "Unsupported statistics snapshot version "
                + version
                + ": this tokenizer reads version "
                + VERSION);
      }
      int count = in.readInt();
      int skipped = 0;
      for (int i = 0; i < count; i++) {
        String column = in.readUTF();
        ColumnStatistics target = statistics.get(column);
        if (target == null) {
          skipped++;
          new ColumnStatistics().read(in);
        } else {
          target.read(in);
        }
      }
      if (skipped > 0) {
        LOG.warn("Skipped statistics of {} columns that the schema does not contain", skipped);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Invalid statistics snapshot of " + snapshot.length + " bytes: " + e, e);
    }
  }
}
