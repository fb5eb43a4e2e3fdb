package io.relstream.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the job's topics before it starts: the embeddings topic compacted, the others deleted by age. */
public final class KafkaTopics {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

  private KafkaTopics() {}

  /** Creates the topics that do not exist yet, with one partition each and replication factor 1 by default. */
  public static void ensure(PublishSettings settings, int partitions, short replication)
      throws InterruptedException, ExecutionException, TimeoutException {
    Properties properties = new Properties();
    properties.putAll(settings.producerOverrides());
    properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    try (Admin admin = Admin.create(properties)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      addIfMissing(missing, existing, new NewTopic(settings.embeddingsTopic(), partitions, replication)
          .configs(Map.of("cleanup.policy", "compact")));
      addIfMissing(missing, existing, new NewTopic(settings.progressTopic(), 1, replication));
      addIfMissing(missing, existing, new NewTopic(settings.deadLetterTopic(), 1, replication));
      addIfMissing(missing, existing, new NewTopic(settings.modelVersionsTopic(), 1, replication));
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
      }
    }
  }

  private static void addIfMissing(List<NewTopic> missing, Set<String> existing, NewTopic topic) {
    if (!existing.contains(topic.name())) {
      missing.add(topic);
    }
  }
}
