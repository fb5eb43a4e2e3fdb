package io.relstream.tokenize;

import io.relstream.example.ExampleRow;
import io.relstream.schema.SemanticType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sketches of every content column, keyed by {@code table.column} in schema order, and
 * the number of rows they observed. Its binary form contains each DataSketches sketch as the
 * library's own serialized bytes, and each quantile sketch in {@link QuantileDigest}'s form.
 * Not thread-safe: the tokenizer that owns it is confined to one thread.
 */
final class SketchSet {
  private static final Logger LOG = LoggerFactory.getLogger(SketchSet.class);
  private static final byte FORMAT = 3;

  /** The format whose quantile sketches were DataSketches KLL sketches; it is converted on read. */
  private static final byte KLL_FORMAT = 1;

  private final Map<String, NumericSketch> numeric = new LinkedHashMap<>();
  private final Map<String, TextSketch> text = new LinkedHashMap<>();
  private final TokenizerConfig config;
  private long rows;

  SketchSet(Collection<TableLayout> layouts, TokenizerConfig config) {
    this.config = config;
    for (TableLayout layout : layouts) {
      for (TableLayout.Column column : layout.columns) {
        if (column.isNumeric()) {
          numeric.put(column.qualifiedName, new NumericSketch(config.quantileK()));
        } else {
          text.put(column.qualifiedName, newTextSketch());
        }
      }
    }
  }

  /**
   * Adds a row's ordinary values to the sketches: finite in-range numbers and timestamps, and
   * non-empty valid text. NULLs, special and invalid values are not observed.
   */
  void observe(TableLayout layout, ExampleRow row) {
    Object[] values = row.values();
    for (TableLayout.Column column : layout.columns) {
      Object value = column.index < values.length ? values[column.index] : null;
      if (column.isNumeric()) {
        if (CellValues.isOrdinary(column, value)) {
          numeric.get(column.qualifiedName).update(CellValues.numberOf(value));
        }
      } else {
        observeText(column, value);
      }
    }
    rows++;
  }

  private void observeText(TableLayout.Column column, Object value) {
    if (column.type == SemanticType.CATEGORICAL || column.type == SemanticType.TEXT) {
      String text = ValueText.read(value);
      if (text != null && text != ValueText.INVALID && !text.isEmpty()) {
        this.text.get(column.qualifiedName).update(ValueText.key(text), text.length());
      }
    }
  }

  long rows() {
    return rows;
  }

  NumericSketch numeric(String column) {
    return numeric.get(column);
  }

  TextSketch text(String column) {
    return text.get(column);
  }

  /** Returns the serialized size in bytes of each column's sketches, in schema order. */
  Map<String, Integer> serializedSizes() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    numeric.forEach((column, sketch) -> sizes.put(column, sketch.toBytes().length));
    text.forEach(
        (column, sketch) -> {
          int size = 0;
          for (byte[] part : sketch.toBytes()) {
            size += part.length;
          }
          sizes.put(column, size);
        });
    return sizes;
  }

  /** Returns the sketches with their serialized bytes, in schema order. */
  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(rows);
      out.writeInt(numeric.size());
      for (Map.Entry<String, NumericSketch> entry : numeric.entrySet()) {
        out.writeUTF(entry.getKey());
        writeBlock(out, entry.getValue().toBytes());
      }
      out.writeInt(text.size());
      for (Map.Entry<String, TextSketch> entry : text.entrySet()) {
        out.writeUTF(entry.getKey());
        for (byte[] part : entry.getValue().toBytes()) {
          writeBlock(out, part);
        }
      }
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw, so this would be a bug.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Replaces every sketch with the one in {@code snapshot}. Columns that the snapshot lacks start
   * empty, and columns that the schema lacks are skipped and logged, so a column added to or
   * dropped from the schema does not block a restore.
   *
   * @throws IllegalArgumentException when the snapshot has another format or is corrupt
   */
  void readBytes(byte[] snapshot) {
    reset();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      byte format = in.readByte();
      if (format != FORMAT && format != KLL_FORMAT) {
        throw new IllegalArgumentException(
            "Unsupported sketch snapshot format " + format + ": this tokenizer reads " + KLL_FORMAT
                + " and " + FORMAT);
      }
      boolean kll = format == KLL_FORMAT;
      rows = in.readLong();
      int skipped = readNumeric(in, kll) + readText(in, kll);
      if (skipped > 0) {
        LOG.warn("Skipped the sketches of {} columns that the schema does not contain", skipped);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException invalid && e.getCause() == null) {
        throw invalid;
      }
      throw new IllegalArgumentException(
          "Invalid sketch snapshot of " + snapshot.length + " bytes: " + e, e);
    }
  }

  private int readNumeric(DataInputStream in, boolean kll) throws IOException {
    int count = in.readInt();
    int skipped = 0;
    for (int i = 0; i < count; i++) {
      String column = in.readUTF();
      byte[] bytes = readBlock(in);
      NumericSketch sketch = numeric.get(column);
      if (sketch == null) {
        skipped++;
      } else if (kll) {
        sketch.readKllBytes(bytes);
      } else {
        sketch.readBytes(bytes);
      }
    }
    return skipped;
  }

  private int readText(DataInputStream in, boolean kll) throws IOException {
    int count = in.readInt();
    int skipped = 0;
    for (int i = 0; i < count; i++) {
      String column = in.readUTF();
      byte[][] parts = {readBlock(in), readBlock(in), readBlock(in)};
      TextSketch sketch = text.get(column);
      if (sketch == null) {
        skipped++;
      } else {
        sketch.readBytes(parts, kll);
      }
    }
    return skipped;
  }

  private void reset() {
    rows = 0;
    numeric.replaceAll((column, sketch) -> new NumericSketch(config.quantileK()));
    text.replaceAll((column, sketch) -> newTextSketch());
  }

  private TextSketch newTextSketch() {
    return new TextSketch(config.categoryVocabulary(), config.quantileK());
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("block length " + length + " exceeds the remaining bytes");
    }
    byte[] block = new byte[length];
    in.readFully(block);
    return block;
  }
}
