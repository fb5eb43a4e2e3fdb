package io.relstream.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic from its start on its own thread and hands every record to a handler, for the small
 * topics whose whole content the server keeps in memory (model versions, training progress). A
 * topic that does not exist yet is waited for. The handler must not throw for a bad record.
 */
final class TopicFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile boolean failed;

  TopicFollower(String bootstrapServers, String topic, String name, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    this.topic = topic;
    this.handler = handler;
    this.consumer = KafkaReaders.consumer(bootstrapServers, "relstream-model-server-" + name);
    this.thread = new Thread(this::run, name + "-follower");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = KafkaReaders.awaitPartitions(consumer, topic, running::get);
      if (partitions.isEmpty()) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      LOG.info("Following topic {}", topic);
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          handler.accept(record);
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer up to stop it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failed = true;
      LOG.error("Following topic {} stopped", topic, e);
    } finally {
      consumer.close();
    }
  }

  boolean isRunning() {
    return thread.isAlive() && !failed;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
  }
}
