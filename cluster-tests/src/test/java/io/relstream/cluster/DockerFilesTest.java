package io.relstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.job.EntryPointOptions;
import io.relstream.job.EntryPointSettings;
import io.relstream.job.JobArguments;
import io.relstream.job.RelstreamJobMain;
import io.relstream.job.RelstreamOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks that docker/ agrees with itself, with deploy/ and with the code: ports, environment
 * variables, the paths that the job reads and the artifacts that the job image copies. Docker does
 * not run here, so nothing builds or starts the images.
 */
class DockerFilesTest {
  private static final String VERSION = System.getProperty("relstream.project.version", "0.1.0-SNAPSHOT");

  private static Map<String, Object> services;
  private static Map<String, String> jobOptions;

  @TempDir
  Path work;

  @BeforeAll
  static void parse() throws Exception {
    Map<String, Object> compose = new Yaml().load(ProjectFiles.text("docker/compose.yaml"));
    services = map(compose.get("services"));
    jobOptions = JobArguments.merge(new Configuration(),
        new String[] {"--" + EntryPointOptions.OPTIONS_FILE.key(), ProjectFiles.path("docker/job-options.yaml").toString()})
        .toMap();
  }

  @Test
  void composeHasEveryService() {
    assertThat(services).containsOnlyKeys("postgres", "kafka", "jobmanager", "taskmanager", "model-server");
  }

  @Test
  void postgresDecodesLogically() {
    assertThat(list(service("postgres").get("command"))).contains("wal_level=logical");
  }

  @Test
  void kafkaRunsKraftOnBootstrapAddress() {
    Map<String, Object> environment = map(service("kafka").get("environment"));

    assertThat(environment.get("KAFKA_PROCESS_ROLES").toString()).contains("broker").contains("controller");
    assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS").toString())
        .isEqualTo("PLAINTEXT://" + jobOptions.get(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key()));
  }

  @Test
  void jobOptionsNameComposeServices() {
    String bootstrapHost = jobOptions.get(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key()).split(":")[0];

    assertThat(services).containsKey(jobOptions.get("source.hostname"));
    assertThat(services).containsKey(bootstrapHost);
    assertThat(publishedContainerPorts("postgres")).contains(jobOptions.get("source.port"));
  }

  @Test
  void passwordFileIsComposeSecret() {
    Path passwordFile = Path.of(jobOptions.get(EntryPointOptions.DB_PASSWORD_FILE.key()));

    assertThat(passwordFile.getParent()).hasToString("/run/secrets");
    assertThat(list(service("jobmanager").get("secrets"))).contains(passwordFile.getFileName().toString());
    assertThat(map(service("postgres").get("environment"))).containsEntry("POSTGRES_PASSWORD_FILE", passwordFile.toString());
  }

  @Test
  void jobOptionsPassStartupValidation() throws Exception {
    Path password = Files.writeString(work.resolve("db-password"), "secret\n");
    String[] args = {
        "--" + EntryPointOptions.OPTIONS_FILE.key(), ProjectFiles.path("docker/job-options.yaml").toString(),
        "--" + EntryPointOptions.DB_PASSWORD_FILE.key(), password.toString()};

    EntryPointSettings settings = EntryPointSettings.from(JobArguments.merge(new Configuration(), args), Map.of());

    assertThat(settings.source().hostname()).isEqualTo("postgres");
    assertThat(settings.source().password()).isEqualTo("secret");
  }

  @Test
  void flinkServicesShareJobImageAndSettings() {
    for (String name : List.of("jobmanager", "taskmanager")) {
      Map<String, String> properties = flinkProperties(name);
      assertThat(service(name).get("image")).as(name).isEqualTo(DeploymentContract.JOB_IMAGE);
      assertThat(properties).as(name)
          .containsEntry("classloader.parent-first-patterns.additional", DeploymentContract.DJL_PARENT_FIRST)
          .containsEntry("state.backend.type", "rocksdb")
          .containsEntry("jobmanager.rpc.address", "jobmanager");
    }
  }

  @Test
  void jobManagerRunsEntryPointWithMountedOptions() {
    String optionsFile = flinkProperties("jobmanager").get(EntryPointOptions.OPTIONS_FILE.key());

    assertThat(list(service("jobmanager").get("command"))).contains(RelstreamJobMain.class.getName());
    assertThat(list(service("jobmanager").get("volumes"))).contains("./job-options.yaml:" + optionsFile + ":ro");
  }

  @Test
  void jobDockerfileCopiesJobJarAndDjl() throws Exception {
    String dockerfile = ProjectFiles.text("docker/job.Dockerfile");
    List<String> froms = matches(dockerfile, "(?m)^FROM (\\S+)");

    assertThat(froms.get(froms.size() - 1)).isEqualTo(DeploymentContract.FLINK_BASE_IMAGE);
    assertThat(dockerfile).contains("COPY --from=build /src/flink-jobs/target/relstream-flink-jobs-" + VERSION
        + "-job.jar " + DeploymentContract.JOB_JAR_IN_IMAGE);
    assertThat(dockerfile).contains("COPY --from=build /build/djl-lib/ /opt/flink/lib/");
    assertThat(matches(dockerfile, "-DincludeGroupIds=(\\S+)")).containsExactly(djlGroupIds());
  }

  @Test
  void jobImageHidesCdcConfiguration() throws Exception {
    String dockerfile = ProjectFiles.text("docker/job.Dockerfile");

    assertThat(dockerfile).contains("logger.cdcconfig.level = WARN").contains(DeploymentContract.CDC_CONFIG_LOGGER);
    assertThat(dockerfile).contains("/opt/flink/conf/log4j-console.properties");
  }

  @Test
  void jobJarLeavesOutWhatLibHolds() throws Exception {
    String shadeConfiguration = ProjectFiles.text("flink-jobs/pom.xml");

    for (String groupId : djlGroupIds().split(",")) {
      assertThat(shadeConfiguration).as(groupId).contains("<exclude>" + groupId + ":*</exclude>");
    }
  }

  @Test
  void modelServerMatchesContract() throws Exception {
    Map<String, Object> modelServer = service("model-server");
    Map<String, Object> environment = map(modelServer.get("environment"));

    assertThat(modelServer.get("image")).isEqualTo(DeploymentContract.MODEL_SERVER_IMAGE);
    assertThat(publishedContainerPorts("model-server")).containsExactly(Integer.toString(DeploymentContract.MODEL_SERVER_PORT));
    assertThat(environment).containsOnlyKeys(DeploymentContract.MODEL_SERVER_ENV);
    assertThat(environment)
        .containsEntry(DeploymentContract.MODEL_SERVER_BOOTSTRAP_ENV, jobOptions.get(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key()))
        .containsEntry(DeploymentContract.MODEL_SERVER_TOPIC_ENV, jobOptions.get(RelstreamOptions.EMBEDDINGS_TOPIC.key()))
        .containsEntry(DeploymentContract.MODEL_SERVER_VERSIONS_TOPIC_ENV,
            jobOptions.get(RelstreamOptions.MODEL_VERSIONS_TOPIC.key()))
        .containsEntry(DeploymentContract.MODEL_SERVER_HOST_ENV, DeploymentContract.MODEL_SERVER_CONTAINER_HOST);
    assertThat(ProjectFiles.text("docker/model-server.Dockerfile")).contains("EXPOSE " + DeploymentContract.MODEL_SERVER_PORT);
  }

  @Test
  void modelServerMountsStoreAndModelDirectory() {
    List<String> volumes = list(service("model-server").get("volumes"));
    String dataDir = map(service("model-server").get("environment")).get(DeploymentContract.MODEL_SERVER_DATA_DIR_ENV)
        .toString();

    assertThat(jobOptions.get(RelstreamOptions.MODEL_DIRECTORY.key())).isEqualTo(DeploymentContract.MODEL_DIRECTORY);
    assertThat(list(service("taskmanager").get("volumes"))).contains("flink-data:" + DeploymentContract.SHARED_VOLUME_PATH);
    assertThat(volumes).contains("flink-data:" + DeploymentContract.SHARED_VOLUME_PATH + ":ro");
    assertThat(volumes).anySatisfy(volume -> assertThat(volume).endsWith(":" + dataDir));
  }

  @Test
  void modelServerImageRunsJarWithLibraries() throws Exception {
    String dockerfile = ProjectFiles.text("docker/model-server.Dockerfile");
    String jar = "relstream-model-server-" + VERSION + ".jar";

    assertThat(dockerfile).contains("COPY --from=build /src/model-server/target/lib/ /app/lib/");
    assertThat(dockerfile).contains("COPY --from=build /src/model-server/target/" + jar + " /app/" + jar);
    assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/" + jar + "\"]");
  }

  /** Returns the group ids of the artifacts that go to Flink's lib/, from the flink-cluster module. */
  private static String djlGroupIds() throws Exception {
    List<String> values = matches(ProjectFiles.text("flink-cluster/pom.xml"), "<djl.lib.group-ids>([^<]+)</djl.lib.group-ids>");
    assertThat(values).hasSize(1);
    return values.get(0);
  }

  private static Map<String, String> flinkProperties(String service) {
    String text = map(service(service).get("environment")).get("FLINK_PROPERTIES").toString();
    return Arrays.stream(text.split("\n"))
        .filter(line -> line.contains(": "))
        .collect(java.util.stream.Collectors.toMap(
            line -> line.substring(0, line.indexOf(": ")).strip(), line -> line.substring(line.indexOf(": ") + 2).strip()));
  }

  /** Returns the container ports of a service's {@code HOST:PORT:CONTAINER_PORT} mappings. */
  private static List<String> publishedContainerPorts(String service) {
    return list(service(service).get("ports")).stream().map(port -> port.substring(port.lastIndexOf(':') + 1)).toList();
  }

  private static List<String> matches(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    List<String> found = new java.util.ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static Map<String, Object> service(String name) {
    assertThat(services).containsKey(name);
    return map(services.get(name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Object value) {
    return ((List<Object>) value).stream().map(Object::toString).toList();
  }
}
