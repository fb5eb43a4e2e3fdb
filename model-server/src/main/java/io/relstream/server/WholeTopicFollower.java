package io.relstream.server;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;

/**
 * A follower that reads a topic from its start on every server start and hands each record to
 * {@link #accept}, for the small topics whose whole content the server keeps in memory (model
 * versions, training progress).
 */
abstract class WholeTopicFollower extends TopicFollower {

  WholeTopicFollower(String bootstrapServers, String topic, String name, Logger log) {
    super(bootstrapServers, topic, name, log);
  }

  /** Applies one record. A bad record goes to {@link #skip}, because a throw stops the reading. */
  abstract void accept(ConsumerRecord<byte[], byte[]> record);

  @Override
  final void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    consumer.seekToBeginning(partitions);
  }

  @Override
  final void handle(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      accept(record);
    }
  }
}
