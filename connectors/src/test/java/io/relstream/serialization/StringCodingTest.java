package io.relstream.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/** The string coding against Flink's {@code StringValue}, whose byte format it must keep. */
class StringCodingTest {

  @Test
  void bytesMatchStringValue() throws IOException {
    for (String text : samples()) {
      assertThat(encode(text)).as("bytes of %s", describe(text)).isEqualTo(encodeWithStringValue(text));
    }
  }

  @Test
  void readsStringValueBytes() throws IOException {
    for (String text : samples()) {
      DataInputDeserializer in = new DataInputDeserializer(encodeWithStringValue(text));
      assertThat(StringCoding.read(in)).as("read of %s", describe(text)).isEqualTo(text);
      assertThat(in.available()).as("bytes left after %s", describe(text)).isZero();
    }
  }

  @Test
  void stringsInSequenceRoundTrip() throws IOException {
    List<String> texts = samples();
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (String text : texts) {
      StringCoding.write(text, out);
    }
    out.writeInt(42);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (String text : texts) {
      assertThat(StringCoding.read(in)).as("read of %s", describe(text)).isEqualTo(text);
    }
    assertThat(in.readInt()).as("the value after the strings").isEqualTo(42);
  }

  private static List<String> samples() {
    List<String> texts = new ArrayList<>(List.of("", "a", "drivers/1", "Räikkönen", "Pérez 🏎", "\u0000\u007f\u0080",
        "\uffff\ud800", "a\ud800", "?\udc00?", "x".repeat(127), "y".repeat(128), "z".repeat(20_000), "é".repeat(9_000)));
    texts.add(null);
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      char[] chars = new char[random.nextInt(300)];
      for (int j = 0; j < chars.length; j++) {
        // Mostly ASCII, with some two- and three-byte chars at any position.
        chars[j] = (char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x80));
      }
      texts.add(new String(chars));
    }
    return texts;
  }

  private static byte[] encode(String text) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    StringCoding.write(text, out);
    return out.getCopyOfBuffer();
  }

  private static byte[] encodeWithStringValue(String text) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    StringValue.writeString(text, out);
    return out.getCopyOfBuffer();
  }

  private static String describe(String text) {
    return text == null ? "null" : "a string of " + text.length() + " chars";
  }
}
