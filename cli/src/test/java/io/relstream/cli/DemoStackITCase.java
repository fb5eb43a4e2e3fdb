package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryOptions;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.embedded.ModelServerProcess;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.synthetic.RetailChangeStream;
import io.relstream.synthetic.RetailGenerator;
import io.relstream.synthetic.RetailOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

/**
 * The demo's stack on a small synthetic database: the job trains on the snapshot and on live
 * changes, and the model server, in its child JVM, serves for each entity the latest embedding that
 * the job published to Kafka.
 */
class DemoStackITCase {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int SNAPSHOT_ORDERS = 1_500;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @TempDir Path work;

  @Test
  void serverServesLatestJobEmbeddings() throws Exception {
    RetailGenerator generator = new RetailGenerator(RetailOptions.defaults()
        .withCustomers(300).withMerchants(20).withProducts(50).withOrders(SNAPSHOT_ORDERS).withChangesPerSecond(10));
    try (EmbeddedStack stack = EmbeddedStack.startSynthetic(work, generator, "public");
        ModelServerProcess server = stack.startModelServer(0)) {
      Configuration configuration = Configuration.fromMap(stack.jobDefaults());
      PostgresSourceSettings source = PostgresSourceSettings.from(configuration, stack.postgres().password());
      JobSettings settings = JobSettings.from(configuration);
      DiscoveryResult discovery = JobLauncher.prepare(source, DiscoveryOptions.allTables("public"), settings);
      JobClient client = JobLauncher.start(JobLauncher.environment(settings), source, discovery, settings);
      try (LatestRecords latest = new LatestRecords(settings.publish().bootstrapServers(), settings.publish().embeddingsTopic())) {
        try (RetailChangeStream stream = RetailChangeStream.start(generator, stack.postgres().connect(EmbeddedStack.DATABASE), "public")) {
          await("an embedding of an order inserted live").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
              .until(() -> latest.liveOrderKey(SNAPSHOT_ORDERS) != null);
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
