package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.ValueIds;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CellDecoderTest {
  private static final TokenizerConfig CONFIG = PredictionFixtures.TOKENIZER;
  private static final TableSchema ORDERS = PredictionFixtures.schema().table("orders");
  private final CellDecoder decoder = new CellDecoder(CONFIG, PredictionFixtures.version());

  @Test
  void numericCellDecodesEstimateAndBins() {
    float[] logits = new float[CONFIG.vocabularySize()];
    logits[CONFIG.firstBinId() + 2] = 5f;
    logits[CONFIG.firstBinId() + 3] = 5f;
    // Ids outside the column's candidates do not count, however high.
    logits[CONFIG.firstSlotId()] = 50f;

    ObjectNode cell = decoder.decode("orders.amount", ORDERS.column("amount"), logits, 1.5f, 2);

    assertThat(cell.get("kind").asText()).isEqualTo("NUMERIC");
    assertThat(cell.get("estimate").asDouble()).isCloseTo(35.0, Offset.offset(1e-9));
    // Bins 2 and 3 share almost all mass, so the median lies near the top of bin 2, (20, 40].
    assertThat(cell.get("value").asDouble()).isCloseTo(39.86, Offset.offset(0.01));
    JsonNode classes = cell.get("classes");
    assertThat(classes).hasSize(2);
    assertThat(classes.get(0).get("probability").asDouble() + classes.get(1).get("probability").asDouble())
        .isGreaterThan(0.9);
    JsonNode third = classes.get(0).get("bin").asInt() == 2 ? classes.get(0) : classes.get(1);
    JsonNode last = classes.get(0).get("bin").asInt() == 3 ? classes.get(0) : classes.get(1);
    assertThat(third.get("from").asDouble()).isEqualTo(20.0);
    assertThat(third.get("to").asDouble()).isEqualTo(40.0);
    assertThat(last.get("from").asDouble()).isEqualTo(40.0);
    assertThat(last.get("to").isNull()).isTrue();
  }

  @Test
  void valueIsMedianOfBinDistribution() {
    float[] logits = new float[CONFIG.vocabularySize()];
    logits[CONFIG.firstBinId() + 1] = 40f;
    float[] lowest = new float[CONFIG.vocabularySize()];
    lowest[CONFIG.firstBinId()] = 40f;
    float[] highest = new float[CONFIG.vocabularySize()];
    highest[CONFIG.firstBinId() + 3] = 40f;

    // All mass in bin 1, (10, 20], puts the median in its middle.
    assertThat(decoder.decode("orders.amount", ORDERS.column("amount"), logits, 0f, 1).get("value").asDouble())
        .isCloseTo(15.0, Offset.offset(1e-6));
    // The open-ended first and last bins give their finite edge.
    assertThat(decoder.decode("orders.amount", ORDERS.column("amount"), lowest, 0f, 1).get("value").asDouble())
        .isCloseTo(10.0, Offset.offset(1e-6));
    assertThat(decoder.decode("orders.amount", ORDERS.column("amount"), highest, 0f, 1).get("value").asDouble())
        .isCloseTo(40.0, Offset.offset(1e-6));
  }

  @Test
  void estimateIsClippedToTrainedRange() {
    ObjectNode cell = decoder.decode("orders.amount", ORDERS.column("amount"), new float[CONFIG.vocabularySize()],
        100f, 1);

    assertThat(cell.get("estimate").asDouble()).isCloseTo(20 + 5 * 10, Offset.offset(1e-9));
  }

  @Test
  void probabilitiesSumToOneOverColumnCandidates() {
    ObjectNode cell = decoder.decode("orders.status", ORDERS.column("status"), new float[CONFIG.vocabularySize()],
        0f, 100);

    // new, shipped, OTHER, EMPTY and NULL (nullable); the free slot is no candidate.
    assertThat(cell.get("classes")).hasSize(5);
    double sum = 0;
    for (JsonNode entry : cell.get("classes")) {
      sum += entry.get("probability").asDouble();
    }
    assertThat(sum).isCloseTo(1.0, Offset.offset(1e-9));
  }

  @Test
  void categoricalCellDecodesVocabularyAndSpecialValues() {
    float[] logits = new float[CONFIG.vocabularySize()];
    logits[CONFIG.firstSlotId() + 2] = 4f;
    logits[ValueIds.NULL] = 3f;

    ObjectNode cell = decoder.decode("orders.status", ORDERS.column("status"), logits, 0f, 2);

    assertThat(cell.get("value").asText()).isEqualTo("shipped");
    assertThat(cell.get("classes").get(0).get("value").asText()).isEqualTo("shipped");
    assertThat(cell.get("classes").get(1).get("special").asText()).isEqualTo("NULL");
    assertThat(cell.get("classes").get(1).get("value").isNull()).isTrue();
    assertThat(cell.has("estimate")).isFalse();
  }

  @Test
  void booleanColumnDecodesToJsonBooleansWithoutNull() {
    float[] logits = new float[CONFIG.vocabularySize()];
    logits[CONFIG.firstSlotId() + 1] = 2f;

    ObjectNode cell = decoder.decode("orders.paid", ORDERS.column("paid"), logits, 0f, 10);

    assertThat(cell.get("value").isBoolean()).isTrue();
    assertThat(cell.get("value").asBoolean()).isFalse();
    // true, false and OTHER: the column is not nullable and booleans have no empty value.
    assertThat(cell.get("classes")).hasSize(3);
  }

  @Test
  void timestampEstimateAndBinsAreIsoText() {
    ObjectNode cell = decoder.decode("orders.ordered_at", ORDERS.column("ordered_at"),
        new float[CONFIG.vocabularySize()], 0f, 4);

    // The regression output 0 is the column's median, 1.1e12 ms.
    assertThat(cell.get("estimate").isTextual()).as("estimate %s", cell.get("estimate")).isTrue();
    assertThat(cell.get("estimate").asText()).isEqualTo("2004-11-09T11:33:20Z");
    assertThat(cell.get("value").asText()).isEqualTo("2004-11-09T11:33:20Z");
    assertThat(cell.get("classes").get(0).get("to").asText()).endsWith("Z");
  }

  @Test
  void columnWithoutStatisticsHasNoEstimate() {
    ObjectNode cell = decoder.decode("orders.quantity", ORDERS.column("quantity"), new float[CONFIG.vocabularySize()],
        1f, 3);

    assertThat(cell.get("value").isNull()).isTrue();
    assertThat(cell.get("estimate").isNull()).isTrue();
    assertThat(cell.get("classes").get(0).get("from").isNull()).isTrue();
  }

  @Test
  void longTextIsNotDecoded() {
    assertThatThrownBy(() -> decoder.decode("orders.note", ORDERS.column("note"), new float[CONFIG.vocabularySize()],
        0f, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orders.note");
  }
}
