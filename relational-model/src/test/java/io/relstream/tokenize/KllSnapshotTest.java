package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.schema.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Restores sketches saved in the first snapshot format, whose quantile sketches were KLL sketches. */
class KllSnapshotTest {
  private static final TokenizerConfig CONFIG = TokenizerConfig.defaults();

  @Test
  void kllFormatSnapshotRestores() throws IOException {
    KllDoublesSketch amounts = KllDoublesSketch.newHeapInstance(CONFIG.quantileK());
    for (int amount = 1; amount <= 10_000; amount++) {
      amounts.update(amount);
    }
    ItemsSketch<String> statuses = new ItemsSketch<>(TextSketch.mapSize(CONFIG.categoryVocabulary()));
    HllSketch distinct = new HllSketch(TextSketch.HLL_LG_K);
    KllFloatsSketch lengths = KllFloatsSketch.newHeapInstance(CONFIG.quantileK());
    for (int i = 0; i < 10_000; i++) {
      String status = i % 3 == 0 ? "paid" : "new";
      statuses.update(status);
      distinct.update(status);
      lengths.update(status.length());
    }
    SketchSet sketches = new SketchSet(layouts(), CONFIG);

    sketches.readBytes(kllSnapshot(amounts, statuses, distinct, lengths));

    assertThat(sketches.rows()).isEqualTo(10_000);
    NumericSketch amount = sketches.numeric("orders.amount");
    assertThat(amount.count()).isEqualTo(10_000);
    double[] quantiles = amount.quantiles(new double[] {0, 0.5, 1});
    assertThat(quantiles[0]).isEqualTo(1);
    assertThat(quantiles[1]).isCloseTo(5_000, Offset.offset(300.0));
    assertThat(quantiles[2]).isEqualTo(10_000);
    TextSketch status = sketches.text("orders.status");
    assertThat(status.count()).isEqualTo(10_000);
    assertThat(status.topValues(2, 2)).containsExactly("new", "paid");
    assertThat(status.lengthQuantile(0.9)).isEqualTo(4f);
    assertThat(sketches.numeric("customers.score").isEmpty()).as("column missing from snapshot").isTrue();
    assertThat(sketches.toBytes()[0]).as("format written now").isEqualTo((byte) 3);
  }

  private static List<TableLayout> layouts() {
    List<TableLayout> layouts = new ArrayList<>();
    for (TableSchema table : TokenizerTest.SCHEMA.tables()) {
      layouts.add(TableLayout.of(table, CONFIG));
    }
    return layouts;
  }

  /** Returns the first format: rows, then each numeric and each text column's KLL-based sketches. */
  private static byte[] kllSnapshot(
      KllDoublesSketch amounts,
      ItemsSketch<String> statuses,
      HllSketch distinct,
      KllFloatsSketch lengths)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeLong(10_000);
      out.writeInt(1);
      out.writeUTF("orders.amount");
      writeBlock(out, amounts.toByteArray());
      out.writeInt(1);
      out.writeUTF("orders.status");
      writeBlock(out, statuses.toByteArray(new ArrayOfStringsSerDe()));
      writeBlock(out, distinct.toCompactByteArray());
      writeBlock(out, lengths.toByteArray());
    }
    return bytes.toByteArray();
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }
}
