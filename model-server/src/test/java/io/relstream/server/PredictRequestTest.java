package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relstream.schema.DatabaseSchema;
import org.junit.jupiter.api.Test;

class PredictRequestTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DatabaseSchema SCHEMA = PredictionFixtures.schema();

  private static PredictRequest read(String json) throws Exception {
    return PredictRequest.read(MAPPER.readTree(json.replace('\'', '"')), SCHEMA);
  }

  private static void assertRejected(String json, String message) {
    assertRejected(json, 400, message);
  }

  private static void assertRejected(String json, int status, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(status))
        .hasMessageContaining(message);
  }

  @Test
  void nullAbsentAndMaskedContentCellsArePredicted() throws Exception {
    PredictRequest request = read("{'table': 'orders', 'row': {'order_id': 7, 'customer_id': 3,"
        + " 'ordered_at': '2025-03-01T12:00:00', 'amount': 12.5, 'quantity': 2, 'status': null, 'paid': true},"
        + " 'masked': ['amount']}");

    assertThat(request.predicted()).containsExactly("amount", "status", "note");
    assertThat(request.values()).containsExactly(7L, 3L, 1_740_830_400_000L, 12.5, 2L, null, true, null);
    assertThat(request.topK()).isEqualTo(PredictBody.DEFAULT_TOP_K);
  }

  @Test
  void timestampsAcceptIsoFormsAndEpochMillis() throws Exception {
    for (String value : new String[] {"'2025-03-01'", "'2025-03-01T00:00:00Z'", "'2025-03-01 00:00:00'",
        "'2025-03-01T01:00:00+01:00'", "1740787200000"}) {
      PredictRequest request = read("{'table': 'orders', 'row': {'ordered_at': " + value + "}}");
      assertThat(request.values()[2]).as(value).isEqualTo(1_740_787_200_000L);
    }
  }

  @Test
  void parentsFollowForeignKeys() throws Exception {
    PredictRequest request = read("{'table': 'orders', 'row': {'amount': 3},"
        + " 'parents': [{'table': 'customers', 'row': {'customer_id': 3, 'segment': 'premium'}}], 'topK': 2}");

    assertThat(request.parents()).singleElement().satisfies(parent -> {
      assertThat(parent.table().name()).isEqualTo("customers");
      assertThat(parent.values()).containsExactly(3L, "premium");
    });
    assertThat(request.values()[3]).isEqualTo(3.0);
    assertThat(request.topK()).isEqualTo(2);
  }

  @Test
  void unknownTablesAreNotFound() {
    assertRejected("{'table': 'invoices', 'row': {}}", 404, "Unknown table 'invoices'");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 'invoices', 'row': {}}]}", 404,
        "Unknown table 'invoices' in field 'parents[0].table'");
  }

  @Test
  void missingRowIsNamed() {
    assertRejected("{'table': 'orders'}", "Invalid body: field 'row' is missing");
  }

  @Test
  void rejectsUnknownNames() {
    assertRejected("{'table': 'orders', 'row': {'total': 1}}", "Unknown column 'total' of table orders");
    assertRejected("{'table': 'orders', 'row': {}, 'masked': ['total']}", "Unknown column 'total'");
    assertRejected("{'table': 'orders', 'row': {}, 'mask': []}", "Unknown field 'mask'");
    assertRejected("{'table': 'customers', 'row': {}, 'parents': [{'table': 'orders', 'row': {}}]}",
        "Invalid parent table orders in field 'parents[0].table': table customers has no foreign key to it");
  }

  @Test
  void entryErrorsNameTheirIndex() {
    String goodParent = "{'table': 'customers', 'row': {'segment': 'budget'}}";

    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + goodParent + ", {'table': 'invoices', 'row': {}}]}",
        404, "Unknown table 'invoices' in field 'parents[1].table'");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [" + goodParent + ", " + goodParent + "]}",
        "Too many parents of table customers in field 'parents[1].table'");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 'customers', 'row': {'total': 1}}]}",
        "Unknown column 'total' of table customers in field 'parents[0].row'");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 'customers', 'row': {'segment': 1}}]}",
        "column customers.segment in field 'parents[0].row' (varchar)");
    assertRejected("{'table': 'orders', 'row': {}, 'masked': ['amount', 'total']}",
        "Unknown column 'total' of table orders in field 'masked[1]'");
    assertRejected("{'table': 'orders', 'row': {}, 'masked': ['amount', 'order_id']}",
        "Column orders.order_id in field 'masked[1]' is a key column");
    assertRejected("{'table': 'orders', 'row': {'total': 1}}", "Unknown column 'total' of table orders in field 'row'");
  }

  @Test
  void rejectsValuesOfWrongType() {
    assertRejected("{'table': 'orders', 'row': {'amount': 'twelve'}}",
        "Wrong type of value for column orders.amount (float8): expected a number, got string \"twelve\"");
    assertRejected("{'table': 'orders', 'row': {'quantity': 2.5}}", "orders.quantity (int4): expected an integer");
    assertRejected("{'table': 'orders', 'row': {'status': 3}}", "orders.status (varchar): expected a string");
    assertRejected("{'table': 'orders', 'row': {'paid': 'yes'}}", "orders.paid (boolean): expected true or false");
    assertRejected("{'table': 'orders', 'row': {'ordered_at': 'yesterday'}}", "orders.ordered_at (timestamp)");
    assertRejected("{'table': 'orders', 'row': {'order_id': true}}", "orders.order_id (key)");
    assertRejected("{'table': 'orders', 'row': {}, 'parents': [{'table': 'customers', 'row': {'segment': 1}}]}",
        "customers.segment");
  }

  @Test
  void rejectsMalformedShapes() {
    assertRejected("{'table': 'orders', 'row': [1, 2]}", "field 'row' must be a JSON object");
    assertRejected("{'table': 7, 'row': {}}", "field 'table' must be a table name");
    assertRejected("{'table': 'orders', 'row': {}, 'masked': 'amount'}", "field 'masked' must be an array");
    assertRejected("{'table': 'orders', 'row': {}, 'masked': ['order_id']}", "is a key column");
    assertRejected("{'table': 'orders', 'row': {}, 'topK': 0}", "field 'topK' must be an integer from 1 to 100");
  }

  @Test
  void defaultsWithoutOptionalFields() throws Exception {
    JsonNode body = MAPPER.readTree("{\"table\": \"customers\", \"row\": {\"customer_id\": 1, \"segment\": \"budget\"}}");

    PredictRequest request = PredictRequest.read(body, SCHEMA);

    assertThat(request.predicted()).isEmpty();
    assertThat(request.parents()).isEmpty();
  }
}
