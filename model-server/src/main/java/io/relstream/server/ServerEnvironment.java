package io.relstream.server;

/**
 * The environment variables that give the model server's options their defaults, so that a
 * container is configured without arguments. A command-line option overrides its variable. The
 * class has constants only, so that deployment tests can read them without the server's libraries.
 */
public final class ServerEnvironment {
  public static final String HOST = "RELSTREAM_SERVER_HOST";
  public static final String PORT = "RELSTREAM_SERVER_PORT";
  public static final String KAFKA_BOOTSTRAP_SERVERS = "RELSTREAM_KAFKA_BOOTSTRAP_SERVERS";
  public static final String EMBEDDINGS_TOPIC = "RELSTREAM_EMBEDDINGS_TOPIC";
  public static final String MODEL_VERSIONS_TOPIC = "RELSTREAM_MODEL_VERSIONS_TOPIC";
  public static final String PROGRESS_TOPIC = "RELSTREAM_PROGRESS_TOPIC";
  public static final String DATA_DIR = "RELSTREAM_DATA_DIR";
  public static final String ADMIN_TOKEN = "RELSTREAM_ADMIN_TOKEN";

  private ServerEnvironment() {}
}
