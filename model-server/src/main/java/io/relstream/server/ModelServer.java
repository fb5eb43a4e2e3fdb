package io.relstream.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model server: an HTTP API over the embeddings that {@link EmbeddingMaterializer} copies from
 * Kafka into RocksDB, and over the model versions that {@link ModelVersionFollower} reads. Every
 * error is a JSON body with the status and a message that names the problem.
 *
 * <p>Endpoints: {@code GET /v1/embeddings/{table}/{key}}, {@code POST /v1/predict}, {@code GET /v1/models},
 * {@code POST /v1/admin/models/pin} and {@code /unpin} (bearer token), {@code GET /health},
 * {@code GET /metrics} (Prometheus text format), and {@code GET /dashboard} with its data at
 * {@code GET /v1/dashboard/data}. Each GET endpoint also responds to HEAD with the status and
 * headers of GET. A 404 response lists the endpoints, and a known path requested with another
 * method gets 405 with an {@code Allow} header.
 */
public final class ModelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
  /** Maximum length of an entity key in a request path, in characters. */
  static final int MAX_KEY_LENGTH = 1_024;
  private static final String JSON = "application/json";

  private final ServerConfig config;
  private final EmbeddingStore store;
  private final ModelVersions versions = new ModelVersions();
  private final EmbeddingMaterializer materializer;
  private final ModelVersionFollower follower;
  private final ModelLoader loader;
  private final DashboardSeries series = new DashboardSeries();
  private final ProgressFollower progress;
  private final AdminAuth adminAuth;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ObjectMapper mapper = new ObjectMapper();
  /** The routes as {@code METHOD /path}, in registration order. */
  private final List<String> endpoints = new ArrayList<>();
  /** Set in {@link #configure}, so that it matches paths with the server's router settings. */
  private RouteTemplates routeTemplates;
  private final Javalin app;

  private ModelServer(ServerConfig config, EmbeddingStore store) throws RocksDBException {
    this.config = config;
    this.store = store;
    this.materializer = new EmbeddingMaterializer(store, series, config.bootstrapServers(), config.embeddingsTopic());
    this.loader = new ModelLoader(versions, VersionFiles::load);
    this.follower = new ModelVersionFollower(versions, config.bootstrapServers(), config.modelVersionsTopic(),
        loader::versionsChanged);
    this.progress = new ProgressFollower(series, config.bootstrapServers(), config.progressTopic());
    this.adminAuth = new AdminAuth(config.adminToken(), config.parentCommand());
    store.pinnedVersion().ifPresent(versions::pin);
    ServerMetrics.register(registry, materializer, follower, versions, store);
    ServerMetrics.registerLoader(registry, loader);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    this.app = Javalin.create(this::configure);
  }

  /** Opens the store, starts the Kafka readers and the HTTP server, and returns once it accepts requests. */
  public static ModelServer start(ServerConfig config) throws IOException {
    EmbeddingStore store = EmbeddingStore.open(config.dataDirectory());
    ModelServer server;
    try {
      server = new ModelServer(config, store);
    } catch (RocksDBException | RuntimeException e) {
      store.close();
      throw new IOException("Starting the model server failed: " + e.getMessage(), e);
    }
    server.materializer.start();
    server.follower.start();
    server.progress.start();
    server.app.start();
    LOG.info("Model server listening on {} with {}", server.address(), config);
    return server;
  }

  private void configure(JavalinConfig javalin) {
    javalin.jetty.host = config.host();
    javalin.jetty.port = config.port();
    javalin.startup.showJavalinBanner = false;
    // A known path with another method gets 405 and an Allow header instead of 404.
    javalin.http.prefer405over404 = true;
    javalin.requestLogger.http(this::recordRequest);
    routeTemplates = new RouteTemplates(javalin.router);
    // <key> also matches slashes, so that a key whose text contains one is served.
    route(javalin, HandlerType.GET, "/v1/embeddings/{table}/<key>", this::getEmbedding);
    route(javalin, HandlerType.POST, "/v1/predict", this::predict);
    route(javalin, HandlerType.GET, "/v1/models", ctx -> json(ctx, 200, modelsJson()));
    route(javalin, HandlerType.POST, "/v1/admin/models/pin", this::pin);
    route(javalin, HandlerType.POST, "/v1/admin/models/unpin", this::unpin);
    route(javalin, HandlerType.GET, "/health", this::health);
    route(javalin, HandlerType.GET, "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    route(javalin, HandlerType.GET, "/dashboard",
        ctx -> ctx.contentType("text/html; charset=utf-8").result(Dashboard.page()));
    route(javalin, HandlerType.GET, "/v1/dashboard/data", ctx -> json(ctx, 200, Dashboard.data(mapper, series)));
    javalin.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    javalin.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), describe(e, ctx)));
    javalin.routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "Internal error: " + e.getClass().getSimpleName());
    });
  }

  /**
   * Registers a route and adds it to the endpoint list that a 404 response names. A GET route also
   * gets a HEAD route with the same handler, so that HEAD returns the status and headers of GET
   * (Jetty sends no body for HEAD). Without it, Javalin 7.2.3 responds to HEAD on a GET route
   * itself, with 200 and no handler run, so a missing entity would look present.
   */
  private void route(JavalinConfig javalin, HandlerType method, String path, Handler handler) {
    javalin.routes.addEndpoint(new Endpoint(method, path, handler));
    if (method == HandlerType.GET) {
      javalin.routes.addEndpoint(new Endpoint(HandlerType.HEAD, path, handler));
    }
    endpoints.add(method + " " + RouteLabels.display(path));
    routeTemplates.add(path);
  }

  /** Returns the base URL of the server, {@code http://host:port}. */
  public String address() {
    return "http://" + config.host() + ":" + app.port();
  }

  public int port() {
    return app.port();
  }

  private void getEmbedding(Context ctx) throws RocksDBException {
    String table = ctx.pathParam("table");
    String key = ctx.pathParam("key");
    if (key.length() > MAX_KEY_LENGTH) {
      throw ApiException.badRequest("Invalid key of " + key.length() + " characters: keys have at most " + MAX_KEY_LENGTH);
    }
    byte[] embedding = store.get(table, key);
    if (embedding != null) {
      ctx.status(200).contentType(JSON).result(embedding);
      return;
    }
    if (!store.knowsTable(table)) {
      // A table the job has not reached yet looks the same as a misspelled one, so the message names both.
      throw ApiException.notFound("Unknown table '" + table + "': no embedding of it has arrived from the"
          + " embeddings topic yet. Check the name, or retry once the job has embedded its rows. Tables with"
          + " embeddings so far: " + store.tables());
    }
    throw ApiException.notFound("Key not found: table '" + table + "' has no embedding for key '" + key + "'");
  }

  /**
   * Predicts the masked and null cells of a row. The body's JSON shape is checked before a model
   * version is needed, so a malformed request gets 400 rather than 503 while none is loaded. The
   * request takes the served version once and keeps it until it returns, so a version switch
   * meanwhile neither drops nor mixes it.
   */
  private void predict(Context ctx) {
    PredictBody body = PredictBody.read(readBody(ctx));
    ServedModel served = loader.acquire().orElseThrow(() -> new ApiException(503, noModelMessage()));
    try {
      PredictRequest request = PredictRequest.read(body, served.loaded().manifest().schema());
      ObjectNode response;
      synchronized (served.lock()) {
        response = Predictor.predict(served, request, System.currentTimeMillis());
      }
      json(ctx, 200, response);
    } finally {
      served.release();
    }
  }

  private String noModelMessage() {
    if (versions.size() == 0) {
      return "No model version loaded yet: topic " + config.modelVersionsTopic() + " has announced none";
    }
    return "No model version loaded yet: " + versions.size() + " announced, "
        + loader.lastFailure().map(failure -> "the last load failed (" + failure + ")").orElse("the first is loading");
  }

  private void pin(Context ctx) throws RocksDBException {
    adminAuth.check(ctx.header("Authorization"));
    JsonNode body = readBody(ctx);
    JsonNode version = body.path("version");
    if (!version.isIntegralNumber() || !version.canConvertToLong()) {
      throw ApiException.badRequest("Invalid body: field 'version' must be an integer, got " + version);
    }
    long number = version.asLong();
    if (versions.get(number).isEmpty()) {
      throw ApiException.notFound("Unknown model version " + number + "; known versions: "
          + versions.all().stream().map(ModelVersion::version).toList());
    }
    store.pinVersion(number);
    versions.pin(number);
    loader.versionsChanged();
    LOG.info("Pinned model version {}", number);
    json(ctx, 200, modelsJson());
  }

  private void unpin(Context ctx) throws RocksDBException {
    adminAuth.check(ctx.header("Authorization"));
    store.unpinVersion();
    versions.pin(null);
    loader.versionsChanged();
    LOG.info("Unpinned the model version; the highest version is current");
    json(ctx, 200, modelsJson());
  }

  private JsonNode readBody(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw ApiException.badRequest("Missing JSON body");
    }
    try {
      JsonNode json = mapper.readTree(body);
      if (json == null || !json.isObject()) {
        throw ApiException.badRequest("Invalid body: expected a JSON object");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(malformedJson(e));
    } catch (IOException e) {
      throw ApiException.badRequest("Unreadable body: " + e.getMessage());
    }
  }

  /**
   * Returns the parser's error with its line and column. The parser's source description and
   * start-marker details are cut because they describe the parser, not the request.
   */
  static String malformedJson(JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    int detail = reason.indexOf(" (start marker at");
    reason = detail < 0 ? reason : reason.substring(0, detail);
    int lineBreak = reason.indexOf('\n');
    reason = lineBreak < 0 ? reason : reason.substring(0, lineBreak);
    if (e.getLocation() == null) {
      return "Malformed JSON body: " + reason;
    }
    return "Malformed JSON body at line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ": " + reason;
  }

  private ObjectNode modelsJson() {
    ObjectNode json = mapper.createObjectNode();
    json.set("current", versions.current().map(this::versionJson).orElse(null));
    versions.pinned().ifPresentOrElse(pinned -> json.put("pinned", pinned), () -> json.putNull("pinned"));
    ArrayNode all = json.putArray("versions");
    versions.all().forEach(version -> all.add(versionJson(version)));
    json.set("serving", loader.peek().map(this::servingJson).orElse(null));
    json.put("loads", loader.loads());
    json.put("loadFailures", loader.failures());
    return json;
  }

  private ObjectNode servingJson(ServedModel served) {
    ObjectNode json = mapper.createObjectNode();
    json.put("version", served.version());
    json.put("step", served.announcement().step());
    json.put("loadedAtMillis", served.loadedAtMillis());
    return json;
  }

  private ObjectNode versionJson(ModelVersion version) {
    ObjectNode json = mapper.createObjectNode();
    json.put("version", version.version());
    json.put("step", version.step());
    json.put("createdAtMillis", version.createdAtMillis());
    json.put("location", version.location());
    json.set("manifest", version.manifest());
    return json;
  }

  private void health(Context ctx) {
    boolean up = materializer.isRunning() && follower.isRunning() && progress.isRunning();
    ObjectNode json = mapper.createObjectNode();
    json.put("status", up ? "UP" : "DOWN");
    ObjectNode embeddings = json.putObject("embeddings");
    embeddings.put("topic", config.embeddingsTopic());
    embeddings.put("reading", materializer.isRunning());
    embeddings.put("lag", materializer.lag());
    // UP means that both readers run. Caught up means that the store has read up to the log's end.
    embeddings.put("caughtUp", materializer.lag() == 0);
    embeddings.put("applied", materializer.applied());
    embeddings.put("deleted", materializer.deleted());
    embeddings.put("skipped", materializer.skipped());
    ObjectNode models = json.putObject("modelVersions");
    models.put("topic", config.modelVersionsTopic());
    models.put("reading", follower.isRunning());
    models.put("known", versions.size());
    models.put("skipped", follower.skipped());
    loader.peek().ifPresentOrElse(served -> models.put("serving", served.version()), () -> models.putNull("serving"));
    models.put("loadFailures", loader.failures());
    ObjectNode training = json.putObject("trainingProgress");
    training.put("topic", config.progressTopic());
    training.put("reading", progress.isRunning());
    training.put("skipped", progress.skipped());
    json(ctx, up ? 200 : 503, json);
  }

  private void recordRequest(Context ctx, Float millis) {
    // The route template, not the path, keeps the tag's values few. A request with the wrong method
    // matched no endpoint, so its template comes from its path alone.
    List<Endpoint> matched = ctx.endpoints().list();
    String route = matched.isEmpty() ? routeTemplates.label(ctx.path())
        : RouteLabels.display(matched.get(matched.size() - 1).path);
    Timer.builder("relstream.server.requests")
        .description("HTTP requests by method, route template and status")
        .tag("method", ctx.method().name())
        .tag("route", route)
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(registry)
        .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
  }

  private String describe(HttpResponseException e, Context ctx) {
    if (e.getStatus() == HttpStatus.NOT_FOUND.getCode()) {
      return "No endpoint " + ctx.method() + " " + ctx.path() + "; the endpoints are " + String.join(", ", endpoints)
          + ", and each GET endpoint also accepts HEAD";
    }
    if (e.getStatus() == HttpStatus.METHOD_NOT_ALLOWED.getCode()) {
      // Javalin puts the path's methods, comma-separated, into the exception's only detail.
      String allowed = String.join(", ", e.getDetails().values());
      ctx.header("Allow", allowed);
      return "Method " + ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allowed;
    }
    return e.getMessage();
  }

  private void error(Context ctx, int status, String message) {
    ObjectNode json = mapper.createObjectNode();
    json.put("status", status);
    json.put("error", HttpStatus.forStatus(status).getMessage());
    json.put("message", message);
    json(ctx, status, json);
  }

  private void json(Context ctx, int status, JsonNode json) {
    try {
      ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Writing a JSON response failed", e);
    }
  }

  /** Stops the HTTP server, then the Kafka readers, then closes the store. */
  @Override
  public void close() throws InterruptedException {
    app.stop();
    materializer.close();
    follower.close();
    loader.close();
    progress.close();
    store.close();
    registry.close();
    LOG.info("Model server stopped");
  }
}
