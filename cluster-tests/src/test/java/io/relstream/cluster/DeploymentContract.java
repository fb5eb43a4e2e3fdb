package io.relstream.cluster;

import java.util.List;

/**
 * The names that the Kubernetes files in deploy/, the container files in docker/ and the code must
 * agree on. The tests of both folders read them from here, so a change is made in one place.
 */
final class DeploymentContract {
  static final String JOB_IMAGE = "relstream/flink-job:0.1.0";
  static final String FLINK_BASE_IMAGE = "flink:1.20.3-scala_2.12-java17";
  /** Where the job image keeps the job jar; the FlinkDeployment's jarURI points here. */
  static final String JOB_JAR_IN_IMAGE = "/opt/flink/usrlib/relstream-job.jar";
  static final String DJL_PARENT_FIRST = "ai.djl.";
  /**
   * The class from which Flink CDC 3.5 logs Debezium's whole configuration, the database password
   * included, at INFO. Every log configuration of the deployment raises its level to WARN.
   */
  static final String CDC_CONFIG_LOGGER =
      "org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext";

  static final String MODEL_SERVER_IMAGE = "relstream/model-server:0.1.0";
  // NOTE: assumed values of the model server, which is not written yet: port 8080 by default and
  // these environment variables. Check them against model-server's configuration when it exists.
  static final int MODEL_SERVER_PORT = 8080;
  static final String MODEL_SERVER_BOOTSTRAP_ENV = "RELSTREAM_KAFKA_BOOTSTRAP_SERVERS";
  static final String MODEL_SERVER_TOPIC_ENV = "RELSTREAM_EMBEDDINGS_TOPIC";
  static final List<String> MODEL_SERVER_ENV = List.of(MODEL_SERVER_BOOTSTRAP_ENV, MODEL_SERVER_TOPIC_ENV);

  private DeploymentContract() {}
}
