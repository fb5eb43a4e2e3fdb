package io.relstream.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader of every partition of a topic, on its own thread, that hands each poll's records to
 * {@link #handle}. A topic that does not exist yet is waited for. Reading stops for good when a
 * subclass method throws, and {@link #isRunning} then returns false. Records that a subclass leaves
 * out go to {@link #skip}, which counts them and logs them under the subclass's logger.
 */
abstract class TopicFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final String name;
  private final SkipLog skips;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile boolean failed;
  /** Records polled so far. Only the follower's thread reads and writes it. */
  private long polled;

  /**
   * @param name what the server reads the topic for, such as {@code embeddings}. It names the
   *     Kafka client {@code relstream-model-server-NAME} and the thread {@code NAME-follower}.
   * @param log the subclass's logger, for the skipped records
   */
  TopicFollower(String bootstrapServers, String topic, String name, Logger log) {
    this.topic = topic;
    this.name = name;
    this.skips = new SkipLog(log);
    this.consumer = KafkaReaders.consumer(bootstrapServers, "relstream-model-server-" + name);
    this.thread = new Thread(this::run, name + "-follower");
    this.thread.setDaemon(true);
  }

  /** Sets the position of each assigned partition before the first poll. */
  abstract void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) throws Exception;

  /** Handles the records of one poll, which may be none. */
  abstract void handle(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records)
      throws Exception;

  /** Counts and logs a record that the subclass left out, with the reason. */
  final void skip(ConsumerRecord<?, ?> record, String reason) {
    skips.skip(topic, record.partition(), record.offset(), reason);
  }

  final String topic() {
    return topic;
  }

  final void start() {
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = KafkaReaders.awaitPartitions(consumer, topic, running::get);
      if (partitions.isEmpty()) {
        return;
      }
      // NOTE: the partitions are listed once at start, so partitions added to the topic later are read
      // only after a restart.
      consumer.assign(partitions);
      seek(consumer, partitions);
      LOG.info("Following topic {} ({} partitions) for {}", topic, partitions.size(), name);
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        polled += records.count();
        handle(consumer, records);
      }
    } catch (WakeupException e) {
      // close() woke the consumer up to stop it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failed = true;
      LOG.error("Following topic {} for {} stopped after {} records", topic, name, polled, e);
    } finally {
      consumer.close();
    }
  }

  final long skipped() {
    return skips.count();
  }

  final boolean isRunning() {
    return thread.isAlive() && !failed;
  }

  @Override
  public final void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
  }
}
