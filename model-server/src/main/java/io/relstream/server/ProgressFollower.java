package io.relstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the training progress topic from its start into {@link DashboardSeries}. A record is the
 * job's JSON with {@code step}, {@code loss}, {@code maskedAccuracy}, {@code emitTimeMillis} and
 * {@code columnAccuracy}. The accuracy of a batch without class targets arrives as the string "NaN" and is kept as NaN.
 */
final class ProgressFollower extends WholeTopicFollower {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressFollower.class);

  private final DashboardSeries series;
  private final ObjectMapper mapper = new ObjectMapper();

  ProgressFollower(DashboardSeries series, String bootstrapServers, String topic) {
    super(bootstrapServers, topic, "training-progress", LOG);
    this.series = series;
  }

  @Override
  void accept(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      skip(record, "the value is null");
      return;
    }
    try {
      JsonNode json = mapper.readTree(record.value());
      JsonNode step = json == null ? null : json.get("step");
      JsonNode loss = json == null ? null : json.get("loss");
      if (step == null || !step.canConvertToLong() || loss == null || !loss.isNumber()) {
        skip(record, "the value has no integer step and numeric loss");
        return;
      }
      JsonNode accuracy = json.path("maskedAccuracy");
      double maskedAccuracy = accuracy.isNumber() ? accuracy.asDouble() : Double.NaN;
      series.addStep(new DashboardSeries.Step(step.asLong(), loss.asDouble(), maskedAccuracy,
          json.path("emitTimeMillis").asLong(-1), columnHits(json.path("columnAccuracy"))));
    } catch (IOException e) {
      skip(record, "the value is not valid JSON: " + e.getMessage());
    }
  }

  /**
   * Reads {@code {"table.column": {"correct": c, "targets": t}}}. Entries without two integers, or
   * with {@code c} outside 0 to {@code t}, are left out. Records of jobs without the field give none.
   */
  static Map<String, DashboardSeries.ColumnHits> columnHits(JsonNode columns) {
    Map<String, DashboardSeries.ColumnHits> hits = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = columns.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode correct = field.getValue().path("correct");
      JsonNode targets = field.getValue().path("targets");
      if (correct.isInt() && targets.isInt() && correct.asInt() >= 0 && correct.asInt() <= targets.asInt()) {
        hits.put(field.getKey(), new DashboardSeries.ColumnHits(correct.asInt(), targets.asInt()));
      }
    }
    return hits;
  }
}
