package io.relstream.cluster;

import io.relstream.server.ServerConfig;
import io.relstream.server.ServerEnvironment;
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
  static final int MODEL_SERVER_PORT = ServerConfig.DEFAULT_PORT;
  static final String MODEL_SERVER_BOOTSTRAP_ENV = ServerEnvironment.KAFKA_BOOTSTRAP_SERVERS;
  static final String MODEL_SERVER_TOPIC_ENV = ServerEnvironment.EMBEDDINGS_TOPIC;
  static final String MODEL_SERVER_VERSIONS_TOPIC_ENV = ServerEnvironment.MODEL_VERSIONS_TOPIC;
  static final String MODEL_SERVER_HOST_ENV = ServerEnvironment.HOST;
  static final String MODEL_SERVER_DATA_DIR_ENV = ServerEnvironment.DATA_DIR;
  /** The variables that a deployment of the model server sets. */
  static final List<String> MODEL_SERVER_ENV = List.of(MODEL_SERVER_BOOTSTRAP_ENV, MODEL_SERVER_TOPIC_ENV,
      MODEL_SERVER_VERSIONS_TOPIC_ENV, MODEL_SERVER_HOST_ENV, MODEL_SERVER_DATA_DIR_ENV);
  /** A container is reached from outside only when the server binds every interface. */
  static final String MODEL_SERVER_CONTAINER_HOST = "0.0.0.0";
  /** Where the job image writes model versions and the model server reads them, on the shared volume. */
  static final String MODEL_DIRECTORY = "file:///flink-data/models";
  static final String SHARED_VOLUME_PATH = "/flink-data";

  private DeploymentContract() {}
}
