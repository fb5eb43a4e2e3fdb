package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MalformedJsonMessageTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void truncatedBodyNamesPlaceAndReason() {
    String message = ModelServer.malformedJson(parseError("{\"table\": \"orders\",\n \"row\": {"));

    assertThat(message).startsWith("Malformed JSON body at line 2, column ");
    assertThat(message).contains("Unexpected end-of-input");
    assertThat(message).doesNotContain("start marker");
    assertThat(message).doesNotContain("Source");
  }

  @Test
  void badTokenKeepsParserReason() {
    String message = ModelServer.malformedJson(parseError("{\"table\": orders}"));

    assertThat(message).isEqualTo("Malformed JSON body at line 1, column 17: Unrecognized token 'orders': was"
        + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
  }

  private static JsonProcessingException parseError(String body) {
    return catchThrowableOfType(() -> MAPPER.readTree(body), JsonProcessingException.class);
  }
}
