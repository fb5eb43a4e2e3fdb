package io.relstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The calls of Flink's REST API that the cluster test makes, with java.net.http. */
final class FlinkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FlinkRestClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A TaskManager as {@code /taskmanagers} lists it. */
  record TaskManager(String id, int slots, int freeSlots) {}

  /** Returns the registered TaskManagers. */
  List<TaskManager> taskManagers() throws IOException {
    List<TaskManager> result = new ArrayList<>();
    for (JsonNode node : get("/taskmanagers").path("taskmanagers")) {
      result.add(new TaskManager(node.path("id").asText(), node.path("slotsNumber").asInt(), node.path("freeSlots").asInt()));
    }
    return result;
  }

  /** Uploads a job jar through {@code /jars/upload} and returns its jar id. */
  String uploadJar(Path jar) throws IOException {
    String boundary = "relstream-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
    String filename = send(request).path("filename").asText();
    return filename.substring(filename.lastIndexOf('/') + 1);
  }

  /**
   * Runs the jar's main class through {@code /jars/{id}/run} with the program arguments, from a
   * savepoint when {@code savepointPath} is not null, and returns the job id.
   */
  String runJar(String jarId, List<String> programArgs, String savepointPath) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("programArgsList", programArgs);
    if (savepointPath != null) {
      body.put("savepointPath", savepointPath);
      body.put("allowNonRestoredState", false);
    }
    return post("/jars/" + jarId + "/run", body).path("jobid").asText();
  }

  /** Returns the job's details: its state, and its vertices with their states. */
  JsonNode job(String jobId) throws IOException {
    return get("/jobs/" + jobId);
  }

  /** Returns whether the job and each of its vertices are RUNNING. */
  boolean isFullyRunning(String jobId) throws IOException {
    JsonNode job = job(jobId);
    if (!job.path("state").asText().equals("RUNNING") || job.path("vertices").isEmpty()) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      if (!vertex.path("status").asText().equals("RUNNING")) {
        return false;
      }
    }
    return true;
  }

  /** Returns the job's checkpoint counts: completed, failed, restored and so on. */
  JsonNode checkpointCounts(String jobId) throws IOException {
    return get("/jobs/" + jobId + "/checkpoints").path("counts");
  }

  /** Triggers a savepoint into {@code targetDirectory} and returns the trigger id. */
  String triggerSavepoint(String jobId, String targetDirectory) throws IOException {
    Map<String, Object> body = Map.of("target-directory", targetDirectory, "cancel-job", false);
    return post("/jobs/" + jobId + "/savepoints", body).path("request-id").asText();
  }

  /** Returns the savepoint's location once it completed, or null while it is in progress. */
  String savepointLocation(String jobId, String triggerId) throws IOException {
    JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId);
    if (!status.path("status").path("id").asText().equals("COMPLETED")) {
      return null;
    }
    JsonNode operation = status.path("operation");
    if (operation.has("failure-cause")) {
      throw new IOException("Savepoint of job " + jobId + " failed: " + operation.path("failure-cause"));
    }
    return operation.path("location").asText();
  }

  /** Cancels the job. */
  void cancel(String jobId) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
        .timeout(REQUEST_TIMEOUT)
        .method("PATCH", BodyPublishers.noBody())
        .build();
    send(request);
  }

  private JsonNode get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT).GET().build());
  }

  private JsonNode post(String path, Object body) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    return send(request);
  }

  private JsonNode send(HttpRequest request) throws IOException {
    try {
      var response = http.send(request, BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IOException(request.method() + " " + request.uri() + " failed with HTTP " + response.statusCode()
            + ": " + response.body());
      }
      return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted during " + request.method() + " " + request.uri(), e);
    }
  }
}
