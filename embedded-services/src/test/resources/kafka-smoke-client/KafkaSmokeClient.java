import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates a topic, lists the topics, produces one record and consumes it, with the Kafka 4 client
 * from the broker's class path. KafkaBrokerProcessITCase runs this file with Java's single-file
 * source launcher in a child JVM, because the test's own JVM has no Kafka client library.
 *
 * <p>Arguments: bootstrap servers, topic, record value. Lines on stdout: "TOPICS: name,...",
 * "PRODUCED: offset" and "CONSUMED: value". Exits with code 1 when no record arrives within 30 s.
 */
public final class KafkaSmokeClient {

  public static void main(String[] args) throws Exception {
    String bootstrapServers = args[0];
    String topic = args[1];
    String value = args[2];

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      Set<String> topics = admin.listTopics().names().get();
      System.out.println("TOPICS: " + String.join(",", topics));
    }

    Map<String, Object> producerConfig = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
      long offset = producer.send(new ProducerRecord<>(topic, "key", value)).get().offset();
      System.out.println("PRODUCED: " + offset);
    }

    Map<String, Object> consumerConfig = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "kafka-smoke-client",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          System.out.println("CONSUMED: " + record.value());
          return;
        }
      }
    }
    System.out.println("No record arrived on topic " + topic + " within 30 s");
    System.exit(1);
  }
}
