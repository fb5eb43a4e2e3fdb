package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Checks of a predict body's JSON shape, which need no model version and so no schema. */
class PredictBodyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static PredictBody read(String json) throws Exception {
    return PredictBody.read(MAPPER.readTree(json.replace('\'', '"')));
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }

  @Test
  void validBodyKeepsNamesAndDefaults() throws Exception {
    PredictBody body = read("{'table': 'orders', 'row': {'amount': null, 'status': 'paid'}}");

    assertThat(body.table()).isEqualTo("orders");
    assertThat(body.row().size()).isEqualTo(2);
    assertThat(body.masked()).isEmpty();
    assertThat(body.parents()).isEmpty();
    assertThat(body.topK()).isEqualTo(PredictBody.DEFAULT_TOP_K);
  }

  @Test
  void optionalFieldsAreRead() throws Exception {
    PredictBody body = read("{'table': 'orders', 'row': {}, 'masked': ['amount', 'status'],"
        + " 'parents': [{'table': 'customers', 'row': {'segment': 'premium'}}], 'topK': 3}");

    assertThat(body.masked()).containsExactly("amount", "status");
    assertThat(body.parents()).singleElement().satisfies(parent -> {
      assertThat(parent.table()).isEqualTo("customers");
      assertThat(parent.row().get("segment").asText()).isEqualTo("premium");
    });
    assertThat(body.topK()).isEqualTo(3);
  }

  @Test
  void missingFieldsAreNamed() {
    assertRejected("{'row': {}}", "field 'table' is missing");
    assertRejected("{'table': 'orders'}", "field 'row' is missing");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'row': {}}]}", "field 'parents[0].table' is missing");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 'customers'}]}",
        "field 'parents[0].row' is missing");
  }

  @Test
  void wrongJsonTypesAreRejected() {
    assertRejected("{'table': 7, 'row': {}}", "field 'table' must be a table name, got 7");
    assertRejected("{'table': 'orders', 'row': [1, 2]}", "field 'row' must be a JSON object of column values, got array");
    assertRejected("{'table': 'orders', 'row': {'amount': [1]}}",
        "column 'amount' in field 'row' must have a number, string, boolean or null value, got array");
    assertRejected("{'table': 'orders', 'row': {'amount': {'value': 1}}}", "got object");
    assertRejected("{'table': 'orders', 'row': {}, 'masked': 'amount'}", "field 'masked' must be an array");
    assertRejected("{'table': 'orders', 'row': {}, 'masked': [1]}", "field 'masked[0]' must be a column name, got 1");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': {}}", "field 'parents' must be an array");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [3]}",
        "field 'parents[0]' must be a {\"table\", \"row\"} object, got 3");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 'customers', 'row': 'x'}]}",
        "field 'parents[0].row' must be a JSON object");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 'customers', 'row': {'segment': [1]}}]}",
        "column 'segment' in field 'parents[0].row'");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 7, 'row': {}}]}",
        "field 'parents[0].table' must be a table name, got 7");
    assertRejected("{'table': 'orders', 'row': {}, 'topK': 'five'}", "field 'topK' must be an integer from 1 to 100");
    assertRejected("{'table': 'orders', 'row': {}, 'topK': 101}", "got 101");
  }

  @Test
  void unknownFieldsAreRejected() {
    assertRejected("{'table': 'orders', 'row': {}, 'mask': []}", "Unknown field 'mask' in the request");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 'customers', 'row': {}, 'key': 1}]}",
        "Unknown field 'key' in 'parents[0]'");
  }

  @Test
  void entryErrorsNameTheirIndex() {
    String twoGoodParents = "{'table': 'customers', 'row': {}}, {'table': 'regions', 'row': {}}, ";

    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + twoGoodParents + "{'row': {}}]}",
        "field 'parents[2].table' is missing");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + twoGoodParents + "{'table': ['x'], 'row': {}}]}",
        "field 'parents[2].table' must be a table name");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + twoGoodParents + "{'table': 'customers'}]}",
        "field 'parents[2].row' is missing");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + twoGoodParents + "{'table': 'customers', 'row': 1}]}",
        "field 'parents[2].row' must be a JSON object");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + twoGoodParents
        + "{'table': 'customers', 'row': {'segment': {}}}]}", "column 'segment' in field 'parents[2].row'");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + twoGoodParents + "null]}",
        "field 'parents[2]' must be a {\"table\", \"row\"} object, got null");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + twoGoodParents
        + "{'table': 'customers', 'row': {}, 'id': 1}]}", "Unknown field 'id' in 'parents[2]'");
    assertRejected("{'table': 'orders', 'row': {}, 'masked': ['amount', 'status', true]}",
        "field 'masked[2]' must be a column name, got true");
  }
}
