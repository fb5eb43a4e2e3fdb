package io.relstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The dashboard: a self-contained HTML page (no scripts from other hosts) that polls
 * {@code /v1/dashboard/data} and plots the loss and masked accuracy per training step, the masked
 * accuracy per column, and the freshness of the stored embeddings per second.
 */
final class Dashboard {
  private static final byte[] PAGE = readPage();

  private Dashboard() {}

  static byte[] page() {
    return PAGE;
  }

  /** Returns the series as JSON; a NaN accuracy becomes null, because JSON has no NaN. */
  static ObjectNode data(ObjectMapper mapper, DashboardSeries series) {
    ObjectNode json = mapper.createObjectNode();
    ArrayNode steps = json.putArray("steps");
    for (DashboardSeries.Step step : series.steps()) {
      ObjectNode point = steps.addObject();
      point.put("step", step.step());
      putFinite(point, "loss", step.loss());
      putFinite(point, "maskedAccuracy", step.maskedAccuracy());
      point.put("emitTimeMillis", step.emitTimeMillis());
    }
    ArrayNode columns = json.putArray("columnAccuracy");
    series.columnAccuracy().forEach((column, points) -> {
      ObjectNode entry = columns.addObject();
      entry.put("column", column);
      ArrayNode pairs = entry.putArray("points");
      for (double[] point : points) {
        pairs.addArray().add((long) point[0]).add(point[1]);
      }
    });
    ArrayNode freshness = json.putArray("freshness");
    for (DashboardSeries.Freshness second : series.freshness()) {
      ObjectNode point = freshness.addObject();
      point.put("timeMillis", second.secondMillis());
      point.put("count", second.count());
      point.put("meanLagMillis", second.meanLagMillis());
      point.put("maxLagMillis", second.maxLagMillis());
    }
    return json;
  }

  private static void putFinite(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static byte[] readPage() {
    try (InputStream page = Dashboard.class.getResourceAsStream("dashboard.html")) {
      if (page == null) {
        throw new IllegalStateException("The resource io/relstream/server/dashboard.html is missing from the jar");
      }
      return page.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Reading the dashboard page failed", e);
    }
  }
}
