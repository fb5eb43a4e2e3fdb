package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relstream.embedded.KafkaBrokerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model server against a real Kafka broker: every test has its own topics and store. */
class ModelServerITCase {
  private static final String TOKEN = "test-admin-token-0123456789";
  private static final String JSON = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final AtomicInteger TOPIC_COUNTER = new AtomicInteger();

  private static KafkaBrokerProcess broker;
  private static KafkaProducer<byte[], byte[]> producer;
  private static Admin admin;
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dataDirectory;
  private String embeddingsTopic;
  private String versionsTopic;
  private String progressTopic;
  private ModelServer server;

  @BeforeAll
  static void startBroker() throws IOException {
    broker = KafkaBrokerProcess.start();
    Properties properties = new Properties();
    properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    Properties adminProperties = new Properties();
    adminProperties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    admin = Admin.create(adminProperties);
  }

  @AfterAll
  static void stopBroker() throws IOException {
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void createTopics() throws Exception {
    int id = TOPIC_COUNTER.incrementAndGet();
    embeddingsTopic = "embeddings-" + id;
    versionsTopic = "model-versions-" + id;
    progressTopic = "training-progress-" + id;
    admin.createTopics(List.of(
        new NewTopic(embeddingsTopic, 2, (short) 1).configs(Map.of("cleanup.policy", "compact")),
        new NewTopic(versionsTopic, 1, (short) 1),
        new NewTopic(progressTopic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    server = startServer();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void embeddingEqualsLatestRecord() throws Exception {
    send(embeddingsTopic, "orders/17", embedding("orders", "17", 1, 0.1f));
    send(embeddingsTopic, "orders/17", embedding("orders", "17", 2, 0.2f));
    String latest = embedding("orders", "17", 3, 0.3f);
    send(embeddingsTopic, "orders/17", latest);
    send(embeddingsTopic, "customers/a/b", embedding("customers", "a/b", 3, 0.5f));

    awaitUntil(() -> MAPPER.readTree(latest).equals(json(get("/v1/embeddings/orders/17"))));
    HttpResponse<String> response = get("/v1/embeddings/orders/17");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    awaitUntil(() -> get("/v1/embeddings/customers/a/b").statusCode() == 200);
    assertThat(json(get("/v1/embeddings/customers/a/b")).get("key").asText()).isEqualTo("a/b");
  }

  @Test
  void tombstoneGivesNotFound() throws Exception {
    send(embeddingsTopic, "orders/5", embedding("orders", "5", 1, 0.1f));
    awaitUntil(() -> get("/v1/embeddings/orders/5").statusCode() == 200);

    send(embeddingsTopic, "orders/5", null);

    awaitUntil(() -> get("/v1/embeddings/orders/5").statusCode() == 404);
    JsonNode error = json(get("/v1/embeddings/orders/5"));
    assertThat(error.get("status").asInt()).isEqualTo(404);
    assertThat(error.get("message").asText()).isEqualTo("Key not found: table 'orders' has no embedding for key '5'");
    JsonNode unknownTable = json(get("/v1/embeddings/nosuchtable/5"));
    assertThat(unknownTable.get("message").asText()).startsWith("Unknown table 'nosuchtable'")
        .contains("no embedding of it has arrived").contains("so far: [orders]");
  }

  @Test
  void restartKeepsDataAndCatchesUp() throws Exception {
    String kept = embedding("customers", "1", 1, 0.1f);
    send(embeddingsTopic, "customers/1", kept);
    send(embeddingsTopic, "customers/2", embedding("customers", "2", 1, 0.2f));
    awaitUntil(() -> get("/v1/embeddings/customers/2").statusCode() == 200);
    server.close();
    server = null;

    String changed = embedding("customers", "2", 2, 0.9f);
    send(embeddingsTopic, "customers/2", changed);
    send(embeddingsTopic, "customers/3", embedding("customers", "3", 2, 0.3f));
    producer.flush();
    server = startServer();

    assertThat(json(get("/v1/embeddings/customers/1"))).isEqualTo(MAPPER.readTree(kept));
    awaitUntil(() -> MAPPER.readTree(changed).equals(json(get("/v1/embeddings/customers/2"))));
    awaitUntil(() -> get("/v1/embeddings/customers/3").statusCode() == 200);
    JsonNode health = json(get("/health"));
    // The restarted server resumed after the stored offsets, so it read only the two new records.
    assertThat(health.at("/embeddings/applied").asLong()).isEqualTo(2);
    awaitUntil(() -> json(get("/health")).at("/embeddings/lag").asLong() == 0);
  }

  @Test
  void malformedRequestsGetClientErrors() throws Exception {
    send(embeddingsTopic, "orders/1", embedding("orders", "1", 1, 0.1f));
    send(embeddingsTopic, "orders/2", "{not json");
    send(embeddingsTopic, "no-slash-key", embedding("orders", "3", 1, 0.1f));
    awaitUntil(() -> json(get("/health")).at("/embeddings/skipped").asLong() == 2);

    assertError(post("/v1/admin/models/pin", "{\"version\": ", TOKEN), 400, "Malformed JSON body");
    assertError(post("/v1/admin/models/pin", "{\"version\": \"one\"}", TOKEN), 400, "field 'version' must be an integer");
    assertError(post("/v1/admin/models/pin", "[1]", TOKEN), 400, "expected a JSON object");
    assertError(post("/v1/admin/models/pin", "", TOKEN), 400, "Missing JSON body");
    assertError(post("/v1/admin/models/pin", "{\"version\": 99}", TOKEN), 404, "Unknown model version 99");
    assertError(post("/v1/admin/models/pin", "{\"version\": 1}", null), 401, "Missing admin token");
    assertError(post("/v1/admin/models/pin", "{\"version\": 1}", "wrong-token-but-long-enough"), 401, "Invalid admin token");
    assertError(get("/v1/embeddings/orders/" + "k".repeat(2_000)), 400, "Invalid key of 2000 characters");
    assertError(get("/v1/nothing"), 404, "No endpoint GET /v1/nothing");
    assertError(get("/v1/embeddings/orders/2"), 404, "Key not found");

    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/v1/embeddings/orders/1").statusCode()).isEqualTo(200);
  }

  @Test
  void wrongMethodGetsMethodNotAllowed() throws Exception {
    HttpResponse<String> deleteModels = request("DELETE", "/v1/models");
    assertError(deleteModels, 405, "Method DELETE is not allowed on /v1/models; allowed: GET, HEAD");
    assertThat(deleteModels.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(json(deleteModels).get("error").asText()).isEqualTo("Method Not Allowed");

    HttpResponse<String> getPredict = get("/v1/predict");
    assertError(getPredict, 405, "allowed: POST");
    assertThat(getPredict.headers().firstValue("Allow")).hasValue("POST");
    assertError(request("PUT", "/v1/embeddings/orders/1"), 405, "allowed: GET, HEAD");
    HttpResponse<String> headPredict = request("HEAD", "/v1/predict");
    assertThat(headPredict.statusCode()).isEqualTo(405);
    assertThat(headPredict.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void headMatchesGetWithoutBody() throws Exception {
    send(embeddingsTopic, "orders/1", embedding("orders", "1", 1, 0.1f));
    awaitUntil(() -> get("/v1/embeddings/orders/1").statusCode() == 200);

    HttpResponse<String> found = request("HEAD", "/v1/embeddings/orders/1");
    HttpResponse<String> missingKey = request("HEAD", "/v1/embeddings/orders/404");
    HttpResponse<String> unknownTable = request("HEAD", "/v1/embeddings/nosuchtable/1");

    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(JSON));
    assertThat(found.body()).isEmpty();
    assertThat(found.headers().firstValue("Content-Length"))
        .isEqualTo(get("/v1/embeddings/orders/1").headers().firstValue("Content-Length"));
    assertThat(missingKey.statusCode()).isEqualTo(404);
    assertThat(missingKey.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(JSON));
    assertThat(missingKey.body()).isEmpty();
    assertThat(missingKey.headers().firstValue("Content-Length"))
        .isEqualTo(get("/v1/embeddings/orders/404").headers().firstValue("Content-Length"));
    String raw = rawHead("/v1/embeddings/orders/404");
    assertThat(raw).startsWith("HTTP/1.1 404 ");
    // The response ends with the blank line after the headers, so no body follows.
    assertThat(raw).endsWith("\r\n\r\n");
    assertThat(unknownTable.statusCode()).isEqualTo(404);
    assertThat(request("HEAD", "/v1/models").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("method=\"HEAD\",route=\"/v1/embeddings/{table}/{key}\",status=\"404\"");
  }

  @Test
  void notFoundListsEveryEndpoint() throws Exception {
    HttpResponse<String> response = get("/v1/nothing");

    assertError(response, 404, "No endpoint GET /v1/nothing");
    assertThat(json(response).get("message").asText()).contains(
        "GET /v1/embeddings/{table}/{key}", "POST /v1/predict", "GET /v1/models", "POST /v1/admin/models/pin",
        "POST /v1/admin/models/unpin", "GET /health", "GET /metrics", "GET /dashboard", "GET /v1/dashboard/data",
        "each GET endpoint also accepts HEAD");
  }

  @Test
  void metricsRouteLabelsUseBraceParameters() throws Exception {
    send(embeddingsTopic, "orders/1", embedding("orders", "1", 1, 0.1f));
    awaitUntil(() -> get("/v1/embeddings/orders/1").statusCode() == 200);
    get("/v1/nothing");
    request("DELETE", "/v1/models");
    request("PUT", "/v1/embeddings/orders/1");

    String metrics = get("/metrics").body();

    assertThat(metrics).contains("route=\"/v1/embeddings/{table}/{key}\"");
    assertThat(metrics).contains("method=\"GET\",route=\"unmatched\",status=\"404\"");
    assertThat(metrics).contains("method=\"DELETE\",route=\"/v1/models\",status=\"405\"");
    assertThat(metrics).contains("method=\"PUT\",route=\"/v1/embeddings/{table}/{key}\",status=\"405\"");
    assertThat(metrics).doesNotContain("route=\"unmatched\",status=\"405\"");
    assertThat(metrics).doesNotContain("<key>");
  }

  @Test
  void adminCallsDisabledWithoutToken() throws Exception {
    server.close();
    server = ModelServer.start(config(Optional.empty()));

    assertError(post("/v1/admin/models/unpin", "", TOKEN), 403, "Admin calls are disabled");
  }

  @Test
  void predictWithoutLoadedVersionIsUnavailable() throws Exception {
    String row = "{\"table\": \"orders\", \"row\": {}}";
    assertError(post("/v1/predict", row, null), 503, "topic " + versionsTopic + " has announced none");
    assertError(post("/v1/predict", "{\"table\": ", null), 400, "Malformed JSON body");

    // The announced location contains no files, so the load fails, is counted, and no version is served.
    send(versionsTopic, "1", version(1, 100));
    awaitUntil(() -> json(get("/v1/models")).get("loadFailures").asLong() == 1);

    assertError(post("/v1/predict", row, null), 503, "the last load failed (version 1: ");
    assertThat(json(get("/v1/models")).get("serving").isNull()).isTrue();
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void invalidPredictBodyIsBadRequestWithoutModel() throws Exception {
    assertError(post("/v1/predict", "{\"table\": ", null), 400, "Malformed JSON body");
    assertError(post("/v1/predict", "[1]", null), 400, "expected a JSON object");
    assertError(post("/v1/predict", "{\"row\": {}}", null), 400, "field 'table' is missing");
    assertError(post("/v1/predict", "{\"table\": \"orders\"}", null), 400, "field 'row' is missing");
    assertError(post("/v1/predict", "{\"table\": 7, \"row\": {}}", null), 400, "field 'table' must be a table name");
    assertError(post("/v1/predict", "{\"table\": \"orders\", \"row\": {\"amount\": [1]}}", null), 400,
        "column 'amount' in field 'row' must have a number, string, boolean or null value");
    assertError(post("/v1/predict", "{\"table\": \"orders\", \"row\": {}, \"topK\": 0}", null), 400,
        "field 'topK' must be an integer from 1 to 100");

    // A body of the right shape needs a model version, so it still gets 503.
    assertError(post("/v1/predict", "{\"table\": \"orders\", \"row\": {}}", null), 503, "No model version loaded yet");
  }

  @Test
  void versionListFollowsTopic() throws Exception {
    send(versionsTopic, "1", version(1, 100));
    send(versionsTopic, "2", version(2, 200));
    awaitUntil(() -> json(get("/v1/models")).at("/current/version").asLong() == 2);
    assertThat(json(get("/v1/models")).get("versions")).hasSize(2);

    send(versionsTopic, "3", version(3, 300));
    awaitUntil(() -> json(get("/v1/models")).at("/current/version").asLong() == 3);
    JsonNode current = json(get("/v1/models")).get("current");
    assertThat(current.get("step").asLong()).isEqualTo(300);
    assertThat(current.get("location").asText()).isEqualTo("file:///models/3");
    assertThat(current.at("/manifest/layers").asInt()).isEqualTo(2);

    send(versionsTopic, "3", null);
    send(versionsTopic, "4", "{\"version\": 5}");
    awaitUntil(() -> json(get("/v1/models")).at("/current/version").asLong() == 2);
    awaitUntil(() -> json(get("/health")).at("/modelVersions/skipped").asLong() == 1);

    JsonNode pinned = json(post("/v1/admin/models/pin", "{\"version\": 1}", TOKEN));
    assertThat(pinned.at("/current/version").asLong()).isEqualTo(1);
    assertThat(pinned.get("pinned").asLong()).isEqualTo(1);
    send(versionsTopic, "6", version(6, 600));
    awaitUntil(() -> json(get("/v1/models")).get("versions").size() == 3);
    assertThat(json(get("/v1/models")).at("/current/version").asLong()).isEqualTo(1);

    JsonNode unpinned = json(post("/v1/admin/models/unpin", "", TOKEN));
    assertThat(unpinned.at("/current/version").asLong()).isEqualTo(6);
    assertThat(unpinned.get("pinned").isNull()).isTrue();
    assertThat(get("/metrics").body()).contains("relstream_server_model_current 6.0");
  }

  @Test
  void dashboardPlotsWithData() throws Exception {
    Optional<Path> browser = HeadlessChromium.find();
    assumeTrue(browser.isPresent(), "chromium is not installed (.ci/run installs Debian's package); skipping the dashboard test");
    for (int step = 1; step <= 20; step++) {
      // Every step has orders.amount targets, and every other step orders.status targets too.
      String columns = "\"orders.amount\":{\"correct\":" + (step % 3) + ",\"targets\":3}"
          + (step % 2 == 0 ? ",\"orders.status\":{\"correct\":1,\"targets\":2}" : "");
      send(progressTopic, null, "{\"step\":" + step + ",\"loss\":" + (5.0 / step) + ",\"maskedAccuracy\":"
          + (step == 3 ? "\"NaN\"" : Double.toString(step / 25.0)) + ",\"batchSize\":64,\"maskedTokens\":90,"
          + "\"stepMillis\":40,\"emitTimeMillis\":" + System.currentTimeMillis() + ",\"columnAccuracy\":{"
          + columns + "}}");
    }
    for (int key = 1; key <= 10; key++) {
      send(embeddingsTopic, "orders/" + key, embedding("orders", Integer.toString(key), 20, 0.1f));
    }
    awaitUntil(() -> json(get("/v1/dashboard/data")).get("steps").size() == 20);
    awaitUntil(() -> json(get("/v1/dashboard/data")).get("freshness").size() > 0);
    assertThat(json(get("/v1/dashboard/data")).at("/steps/2/maskedAccuracy").isNull()).isTrue();
    assertThat(json(get("/v1/dashboard/data")).get("columnAccuracy")).extracting(column -> column.get("column").asText())
        .containsExactly("orders.amount", "orders.status");

    String dom = HeadlessChromium.dumpDom(browser.get(), server.address() + "/dashboard", dataDirectory, 10_000);

    assertThat(dom).contains("id=\"loss\" width=\"800\" height=\"220\" data-points=\"20\"");
    assertThat(dom).contains("id=\"accuracy\" width=\"800\" height=\"220\" data-points=\"19\"");
    assertThat(dom).containsPattern("id=\"freshness\" width=\"800\" height=\"220\" data-points=\"[1-9][0-9]*\"");
    // 20 points of orders.amount and 10 of orders.status.
    assertThat(dom).contains("id=\"column-accuracy\" width=\"800\" height=\"220\" data-points=\"30\"");
    assertThat(dom).contains("orders.amount</span>", "orders.status</span>");
    assertThat(dom).contains("step 20, loss 0.250");
  }

  private ModelServer startServer() throws IOException {
    return ModelServer.start(config(Optional.of(TOKEN)));
  }

  private ServerConfig config(Optional<String> token) {
    return new ServerConfig("127.0.0.1", 0, broker.bootstrapServers(), embeddingsTopic, versionsTopic,
        progressTopic, dataDirectory.resolve("store"), token, Optional.empty());
  }

  private static String embedding(String table, String key, long step, float value) {
    return "{\"table\":\"" + table + "\",\"key\":\"" + key + "\",\"vector\":[" + value + "," + (-value)
        + "],\"modelStep\":" + step + ",\"commitTimeMillis\":1000,\"emitTimeMillis\":" + System.currentTimeMillis() + "}";
  }

  private static String version(long version, long step) {
    return "{\"version\":" + version + ",\"step\":" + step + ",\"createdAtMillis\":1700000000000,"
        + "\"location\":\"file:///models/" + version + "\",\"manifest\":{\"layers\":2,\"dim\":64}}";
  }

  private static void send(String topic, String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(server.address() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> request(String method, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(server.address() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a HEAD request over a plain socket and returns every byte of the response, so that a body would show. */
  private String rawHead(String path) throws IOException {
    URI address = URI.create(server.address());
    try (Socket socket = new Socket(address.getHost(), address.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream output = socket.getOutputStream();
      output.write(("HEAD " + path + " HTTP/1.1\r\nHost: " + address.getHost() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      output.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.address() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return MAPPER.readTree(response.body());
  }

  private static void assertError(HttpResponse<String> response, int status, String messagePart) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("message").asText()).contains(messagePart);
  }

  private static void awaitUntil(java.util.concurrent.Callable<Boolean> condition) {
    ConditionFactory await = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
    await.until(condition);
  }
}
