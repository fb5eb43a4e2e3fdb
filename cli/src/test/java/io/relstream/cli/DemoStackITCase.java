package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryOptions;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.embedded.ModelServerProcess;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamOptions;
import io.relstream.synthetic.RetailChangeStream;
import io.relstream.synthetic.RetailEntities.Order;
import io.relstream.synthetic.RetailGenerator;
import io.relstream.synthetic.RetailOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's stack on a small synthetic database: the job trains on the snapshot and on live
 * changes and writes model versions, and the model server, in its child JVM, switches to each new
 * version, predicts masked cells with it and serves for each entity the latest embedding that the
 * job published to Kafka.
 */
class DemoStackITCase {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(DemoStackITCase.class);
  private static final int SNAPSHOT_ORDERS = 1_500;
  private static final RetailOptions OPTIONS = RetailOptions.defaults()
      .withCustomers(300).withMerchants(20).withProducts(50).withOrders(SNAPSHOT_ORDERS).withChangesPerSecond(10);
  private static final int HELD_OUT_ORDERS = 200;
  private static final int VERSION_INTERVAL_STEPS = 20;
  private static final long MIN_TRAINED_STEPS = 200;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  /** How soon after its announcement a model version must serve. */
  private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(10);
  private static final Order SOME_ORDER = new Order(1, 1, 1, 1, Instant.parse("2025-06-01T10:00:00Z"), 10.0);

  @TempDir Path work;

  @Test
  void serverServesJobEmbeddingsAndPredictions() throws Exception {
    RetailGenerator generator = new RetailGenerator(OPTIONS);
    try (EmbeddedStack stack = EmbeddedStack.startSynthetic(work, generator, "public");
        ModelServerProcess server = stack.startModelServer(0)) {
      adminCallsNameDemoToRestart(server);
      Map<String, String> options = stack.demoDefaults();
      options.put(RelstreamOptions.VERSION_INTERVAL_STEPS.key(), Integer.toString(VERSION_INTERVAL_STEPS));
      // Live changes come at 10 per second, so a shorter wait gives more, smaller training steps.
      options.put(RelstreamOptions.BATCH_TIMEOUT.key(), "250 ms");
      Configuration configuration = Configuration.fromMap(options);
      PostgresSourceSettings source = PostgresSourceSettings.from(configuration, stack.postgres().password());
      JobSettings settings = JobSettings.from(configuration);
      DiscoveryResult discovery = JobLauncher.prepare(source, DiscoveryOptions.allTables("public"), settings);
      JobClient client = JobLauncher.start(JobLauncher.environment(settings), source, discovery, settings);
      try (LatestRecords latest = new LatestRecords(settings.publish().bootstrapServers(), settings.publish().embeddingsTopic());
          LatestRecords announced = new LatestRecords(settings.publish().bootstrapServers(),
              settings.publish().modelVersionsTopic());
          Connection database = stack.postgres().connect(EmbeddedStack.DATABASE)) {
        // The live changes keep the job training, so that new model versions keep coming.
        try (RetailChangeStream stream = RetailChangeStream.start(generator, stack.postgres().connect(EmbeddedStack.DATABASE), "public")) {
          await("an embedding of an order inserted live").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
              .until(() -> latest.liveOrderKey(SNAPSHOT_ORDERS) != null);
          newVersionIsServedQuickly(server, announced);
          await("a served model version trained for " + MIN_TRAINED_STEPS + " steps").atMost(TIMEOUT)
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> models(server).at("/serving/step").asLong() >= MIN_TRAINED_STEPS);
          predictsMaskedCellsOfHeldOutOrders(server, generator, database);
          assertThat(stream.failure()).isNull();
        }
        // With the change stream stopped, no new embeddings come, so Kafka's latest records stay put.
        String liveOrder = latest.liveOrderKey(SNAPSHOT_ORDERS);
        List<String> entities = List.of(liveOrder, "customers/1", "merchants/1", "products/1", "orders/1");
        await("the server to serve Kafka's latest record of " + entities).atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> {
              for (String entity : entities) {
                String expected = latest.value(entity);
                assertThat(expected).as("latest Kafka record of %s", entity).isNotNull();
                assertThat(fetch(server, entity)).as(entity).isEqualTo(MAPPER.readTree(expected));
              }
            });
      } finally {
        client.cancel().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Waits for the job to announce a version that the server has not seen yet, then expects the
   * server to serve it, and a prediction to name it, within a few seconds of the announcement.
   */
  private static void newVersionIsServedQuickly(ModelServerProcess server, LatestRecords announced) throws Exception {
    long before = Math.max(announced.highestVersion(), models(server).at("/serving/version").asLong(0));
    await("a model version after " + before).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> announced.highestVersion() > before);
    long version = announced.highestVersion();
    await("the server to serve model version " + version).atMost(SWITCH_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> models(server).at("/serving/version").asLong() >= version);
    JsonNode prediction = predict(server, orderRequest(SOME_ORDER, List.of("amount"), List.of()));
    assertThat(prediction.get("version").asLong()).isGreaterThanOrEqualTo(version);
  }

  /**
   * Predicts orders that the generator makes after the snapshot's, which the job never saw, with
   * their customer, merchant and product rows from the database as parents, and expects the mean
   * absolute error on the amount to stay below that of the snapshot's median amount.
   */
  private static void predictsMaskedCellsOfHeldOutOrders(ModelServerProcess server, RetailGenerator generator,
      Connection database) throws Exception {
    List<Order> heldOut = new ArrayList<>();
    new RetailGenerator(OPTIONS.withOrders(SNAPSHOT_ORDERS + HELD_OUT_ORDERS)).orders().forEach(order -> {
      if (order.id() > SNAPSHOT_ORDERS) {
        heldOut.add(order);
      }
    });
    List<Double> snapshotAmounts = new ArrayList<>();
    generator.orders().forEach(order -> snapshotAmounts.add(order.amount()));
    double median = median(snapshotAmounts);

    JsonNode both = predict(server, orderRequest(heldOut.get(0), List.of("ordered_at", "amount"), parents(database, heldOut.get(0))));
    assertThat(both.get("predictions")).extracting(cell -> cell.get("column").asText())
        .containsExactly("ordered_at", "amount");
    assertThat(both.get("predictions")).allSatisfy(cell -> assertThat(cell.get("value").isNull()).isFalse());

    double modelError = 0;
    double regressionError = 0;
    double medianError = 0;
    JsonNode response = null;
    for (Order order : heldOut) {
      response = predict(server, orderRequest(order, List.of("amount"), parents(database, order)));
      modelError += Math.abs(response.at("/predictions/0/value").asDouble() - order.amount());
      regressionError += Math.abs(response.at("/predictions/0/estimate").asDouble() - order.amount());
      medianError += Math.abs(median - order.amount());
    }
    modelError /= heldOut.size();
    regressionError /= heldOut.size();
    medianError /= heldOut.size();
    String errors = String.format(Locale.ROOT, "model version %d (step %d, tokenizer version %d), %d held-out orders:"
        + " value %.2f, regression estimate %.2f, snapshot median %.2f: %.2f", response.get("version").asLong(),
        response.get("step").asLong(), response.get("tokenizerVersion").asLong(), heldOut.size(), modelError,
        regressionError, median, medianError);
    LOG.info("Mean absolute errors on amounts of {}", errors);
    assertThat(modelError).as("mean absolute errors of %s", errors).isFinite();
    assertThat(regressionError).as("mean absolute errors of %s", errors).isFinite();
    // NOTE: the margin varies between runs. In seven runs it was 0.51 to 0.93 of the median's error,
    // and the 0.93 came when the job built a new tokenizer version about 40 steps before step 200.
    assertThat(modelError).as("mean absolute errors of %s", errors).isLessThan(medianError);
  }

  private static ObjectNode orderRequest(Order order, List<String> masked, List<ObjectNode> parents) {
    ObjectNode request = MAPPER.createObjectNode();
    request.put("table", "orders");
    ObjectNode row = request.putObject("row");
    row.put("order_id", order.id());
    row.put("customer_id", order.customerId());
    row.put("merchant_id", order.merchantId());
    row.put("product_id", order.productId());
    row.put("ordered_at", order.orderedAt().toString());
    row.put("amount", order.amount());
    masked.forEach(request.putArray("masked")::add);
    parents.forEach(request.putArray("parents")::add);
    return request;
  }

  /** Returns the order's customer, merchant and product rows as the database has them now. */
  private static List<ObjectNode> parents(Connection database, Order order) throws SQLException {
    return List.of(row(database, "customers", "customer_id", order.customerId()),
        row(database, "merchants", "merchant_id", order.merchantId()),
        row(database, "products", "product_id", order.productId()));
  }

  private static ObjectNode row(Connection database, String table, String keyColumn, long key) throws SQLException {
    ObjectNode parent = MAPPER.createObjectNode();
    parent.put("table", table);
    ObjectNode row = parent.putObject("row");
    try (PreparedStatement query = database.prepareStatement("SELECT * FROM " + table + " WHERE " + keyColumn + " = ?")) {
      query.setLong(1, key);
      try (ResultSet result = query.executeQuery()) {
        assertThat(result.next()).as("%s %s", table, key).isTrue();
        ResultSetMetaData columns = result.getMetaData();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          Object value = result.getObject(i);
          String name = columns.getColumnName(i);
          if (value instanceof Timestamp timestamp) {
            // The job reads a timestamp without time zone as UTC, and so does the server.
            row.put(name, timestamp.toLocalDateTime().toString());
          } else {
            row.set(name, MAPPER.valueToTree(value));
          }
        }
      }
    }
    return parent;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** Expects the 403 of an admin call to name the demo as the command to restart, when no token is set here. */
  private static void adminCallsNameDemoToRestart(ModelServerProcess server) throws Exception {
    if (System.getenv("RELSTREAM_ADMIN_TOKEN") != null) {
      LOG.info("RELSTREAM_ADMIN_TOKEN is set, so the server accepts admin calls; skipping the check of its 403");
      return;
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.address() + "/v1/admin/models/unpin"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(MAPPER.readTree(response.body()).get("message").asText())
        .contains("This server was started by relstream demo, so stop relstream demo and start it again");
  }

  private static JsonNode models(ModelServerProcess server) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.address() + "/v1/models")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return MAPPER.readTree(response.body());
  }

  private static JsonNode predict(ModelServerProcess server, ObjectNode request) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.address() + "/v1/predict"))
            .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(request))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
    return MAPPER.readTree(response.body());
  }

  private static JsonNode fetch(ModelServerProcess server, String entity) throws Exception {
    int slash = entity.indexOf('/');
    URI uri = URI.create(server.address() + "/v1/embeddings/" + entity.substring(0, slash) + "/"
        + URLEncoder.encode(entity.substring(slash + 1), StandardCharsets.UTF_8));
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    return MAPPER.readTree(response.body());
  }

  /** Keeps the latest value per key of a topic, read from its start on a background thread. */
  private static final class LatestRecords implements AutoCloseable {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    LatestRecords(String bootstrapServers, String topic) {
      Properties properties = new Properties();
      properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      properties.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "demo-stack-test-" + System.nanoTime());
      properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      thread = new Thread(() -> consume(properties, topic), "latest-records");
      thread.setDaemon(true);
      thread.start();
    }

    private void consume(Properties properties, String topic) {
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of(topic));
        while (running.get()) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.value() == null) {
              values.remove(record.key());
            } else {
              values.put(record.key(), record.value());
            }
          }
        }
      }
    }

    String value(String entity) {
      return values.get(entity);
    }

    /** Returns the highest key of a topic keyed by version numbers, or 0 while it has none. */
    long highestVersion() {
      return values.keySet().stream().mapToLong(Long::parseLong).max().orElse(0);
    }

    /** Returns the key of an order inserted after the snapshot, or null while none has an embedding. */
    String liveOrderKey(int snapshotOrders) {
      return values.keySet().stream()
          .filter(key -> key.startsWith("orders/") && Long.parseLong(key.substring("orders/".length())) > snapshotOrders)
          .findFirst().orElse(null);
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(5_000);
    }
  }
}
