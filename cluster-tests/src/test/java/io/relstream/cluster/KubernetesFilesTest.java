package io.relstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.relstream.job.EntryPointOptions;
import io.relstream.job.EntryPointSettings;
import io.relstream.job.JobArguments;
import io.relstream.job.RelstreamJobMain;
import io.relstream.job.RelstreamOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parses deploy/ with the Flink Kubernetes Operator's and fabric8's model classes and checks that
 * the files agree with each other and with the job's options.
 */
class KubernetesFilesTest {
  private static FlinkDeploymentSpec flink;
  private static ConfigMap jobOptions;
  private static Secret secrets;

  @TempDir
  Path work;

  @BeforeAll
  static void parse() throws Exception {
    flink = ProjectFiles.kubernetes("deploy/flink-deployment.yaml", FlinkDeployment.class).getSpec();
    jobOptions = ProjectFiles.kubernetes("deploy/job-options.yaml", ConfigMap.class);
    secrets = ProjectFiles.kubernetes("deploy/secrets.example.yaml", Secret.class);
  }

  @Test
  void flinkDeploymentRunsJobJar() {
    assertThat(flink.getImage()).isEqualTo(DeploymentContract.JOB_IMAGE);
    assertThat(flink.getFlinkVersion()).isEqualTo(FlinkVersion.v1_20);
    assertThat(flink.getJob().getJarURI()).isEqualTo("local://" + DeploymentContract.JOB_JAR_IN_IMAGE);
    assertThat(flink.getJob().getEntryClass()).isEqualTo(RelstreamJobMain.class.getName());
    assertThat(flink.getJob().getParallelism()).isPositive();
  }

  @Test
  void flinkConfigurationLoadsDjlParentFirst() {
    assertThat(flink.getFlinkConfiguration())
        .containsEntry("classloader.parent-first-patterns.additional", DeploymentContract.DJL_PARENT_FIRST)
        .containsEntry("state.backend.type", "rocksdb")
        .containsEntry("state.backend.incremental", "true")
        .containsEntry("state.backend.rocksdb.memory.partitioned-index-filters", "true");
  }

  @Test
  void logConfigurationHidesCdcConfiguration() {
    assertThat(flink.getLogConfiguration().get("log4j-console.properties"))
        .contains("logger.cdcconfig.name = " + DeploymentContract.CDC_CONFIG_LOGGER)
        .contains("logger.cdcconfig.level = WARN");
  }

  @Test
  void stateDirectoriesLieOnClaimedVolume() throws Exception {
    String mountPath = mountPath("flink-data");
    Volume volume = volume("flink-data");
    PersistentVolumeClaim claim = ProjectFiles.kubernetes("deploy/flink-data-pvc.yaml", PersistentVolumeClaim.class);

    assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName());
    assertThat(claim.getSpec().getAccessModes()).contains("ReadWriteMany");
    for (String key : List.of("state.checkpoints.dir", "state.savepoints.dir", "high-availability.storageDir")) {
      assertThat(flink.getFlinkConfiguration().get(key)).as(key).startsWith("file://" + mountPath + "/");
    }
  }

  @Test
  void optionsFileComesFromConfigMap() {
    Path optionsFile = Path.of(flink.getFlinkConfiguration().get(EntryPointOptions.OPTIONS_FILE.key()));
    Volume volume = volume("job-options");

    assertThat(optionsFile.getParent().toString()).isEqualTo(mountPath("job-options"));
    assertThat(volume.getConfigMap().getName()).isEqualTo(jobOptions.getMetadata().getName());
    assertThat(jobOptions.getData()).containsKey(optionsFile.getFileName().toString());
  }

  @Test
  void passwordFileComesFromSecret() throws Exception {
    Path passwordFile = Path.of(optionsOfConfigMap().get(EntryPointOptions.DB_PASSWORD_FILE.key()));
    Volume volume = volume("secrets");

    assertThat(passwordFile.getParent().toString()).isEqualTo(mountPath("secrets"));
    assertThat(volume.getSecret().getSecretName()).isEqualTo(secrets.getMetadata().getName());
    assertThat(secrets.getStringData()).containsKey(passwordFile.getFileName().toString());
  }

  @Test
  void jobOptionsPassStartupValidation() throws Exception {
    Path options = Files.writeString(work.resolve("job-options.yaml"), configMapOptionsText());
    Path password = Files.writeString(work.resolve("db-password"), "secret\n");
    Configuration cluster = Configuration.fromMap(flink.getFlinkConfiguration());
    cluster.setString(EntryPointOptions.OPTIONS_FILE.key(), options.toString());
    String[] args = {"--" + EntryPointOptions.DB_PASSWORD_FILE.key(), password.toString()};

    EntryPointSettings settings = EntryPointSettings.from(JobArguments.merge(cluster, args), Map.of());

    assertThat(settings.source().database()).isNotBlank();
    assertThat(settings.job().publish().bootstrapServers()).isNotBlank();
    assertThat(settings.source().password()).isEqualTo("secret");
  }

  @Test
  void modelServerDeploymentMatchesContract() throws Exception {
    Deployment deployment = ProjectFiles.kubernetes("deploy/model-server.yaml", Deployment.class);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getImage()).isEqualTo(DeploymentContract.MODEL_SERVER_IMAGE);
    assertThat(container.getPorts()).singleElement()
        .satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(DeploymentContract.MODEL_SERVER_PORT))
        .satisfies(port -> assertThat(port.getName()).isEqualTo("http"));
    assertThat(container.getEnv()).extracting(EnvVar::getName)
        .containsExactlyInAnyOrderElementsOf(DeploymentContract.MODEL_SERVER_ENV);
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
  }

  @Test
  void modelServerConfigAgreesWithJob() throws Exception {
    Deployment deployment = ProjectFiles.kubernetes("deploy/model-server.yaml", Deployment.class);
    ConfigMap config = ProjectFiles.kubernetes("deploy/model-server-config.yaml", ConfigMap.class);
    Map<String, String> job = optionsOfConfigMap();

    for (EnvVar env : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      var reference = env.getValueFrom().getConfigMapKeyRef();
      assertThat(reference.getName()).as(env.getName()).isEqualTo(config.getMetadata().getName());
      assertThat(config.getData()).as(env.getName()).containsKey(reference.getKey());
    }
    assertThat(serverEnv(deployment, config, DeploymentContract.MODEL_SERVER_BOOTSTRAP_ENV))
        .isEqualTo(job.get(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key()));
    assertThat(serverEnv(deployment, config, DeploymentContract.MODEL_SERVER_TOPIC_ENV))
        .isEqualTo(job.getOrDefault(RelstreamOptions.EMBEDDINGS_TOPIC.key(), RelstreamOptions.EMBEDDINGS_TOPIC.defaultValue()));
    assertThat(serverEnv(deployment, config, DeploymentContract.MODEL_SERVER_VERSIONS_TOPIC_ENV))
        .isEqualTo(job.getOrDefault(RelstreamOptions.MODEL_VERSIONS_TOPIC.key(),
            RelstreamOptions.MODEL_VERSIONS_TOPIC.defaultValue()));
    assertThat(serverEnv(deployment, config, DeploymentContract.MODEL_SERVER_HOST_ENV))
        .isEqualTo(DeploymentContract.MODEL_SERVER_CONTAINER_HOST);
  }

  @Test
  void modelServerStoreAndModelsAreMounted() throws Exception {
    Deployment deployment = ProjectFiles.kubernetes("deploy/model-server.yaml", Deployment.class);
    ConfigMap config = ProjectFiles.kubernetes("deploy/model-server-config.yaml", ConfigMap.class);
    PodSpec server = deployment.getSpec().getTemplate().getSpec();
    String dataDir = serverEnv(deployment, config, DeploymentContract.MODEL_SERVER_DATA_DIR_ENV);

    assertThat(server.getContainers().get(0).getVolumeMounts()).extracting(VolumeMount::getMountPath)
        .contains(dataDir, DeploymentContract.SHARED_VOLUME_PATH);
    // The announcements name files under the job's model directory, so the server mounts the
    // job's claim at the same path.
    assertThat(optionsOfConfigMap().get(RelstreamOptions.MODEL_DIRECTORY.key()))
        .isEqualTo(DeploymentContract.MODEL_DIRECTORY)
        .startsWith("file://" + DeploymentContract.SHARED_VOLUME_PATH + "/");
    assertThat(mountPath("flink-data")).isEqualTo(DeploymentContract.SHARED_VOLUME_PATH);
    VolumeMount models = server.getContainers().get(0).getVolumeMounts().stream()
        .filter(mount -> mount.getMountPath().equals(DeploymentContract.SHARED_VOLUME_PATH)).findFirst().orElseThrow();
    Volume claim = server.getVolumes().stream().filter(volume -> volume.getName().equals(models.getName()))
        .findFirst().orElseThrow();
    assertThat(models.getReadOnly()).isTrue();
    assertThat(claim.getPersistentVolumeClaim().getClaimName())
        .isEqualTo(volume("flink-data").getPersistentVolumeClaim().getClaimName());
  }

  /** Returns the ConfigMap value that the model server's variable {@code name} takes. */
  private static String serverEnv(Deployment deployment, ConfigMap config, String name) {
    EnvVar env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(candidate -> candidate.getName().equals(name)).findFirst().orElseThrow();
    return config.getData().get(env.getValueFrom().getConfigMapKeyRef().getKey());
  }

  @Test
  void modelServerServiceTargetsPort() throws Exception {
    Service service = ProjectFiles.kubernetes("deploy/model-server-service.yaml", Service.class);
    Deployment deployment = ProjectFiles.kubernetes("deploy/model-server.yaml", Deployment.class);
    ServicePort port = service.getSpec().getPorts().get(0);

    assertThat(port.getPort()).isEqualTo(DeploymentContract.MODEL_SERVER_PORT);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
  }

  private static Map<String, String> optionsOfConfigMap() throws Exception {
    Path file = Files.createTempFile("job-options", ".yaml");
    try {
      Files.writeString(file, configMapOptionsText());
      return JobArguments.merge(new Configuration(),
          new String[] {"--" + EntryPointOptions.OPTIONS_FILE.key(), file.toString()}).toMap();
    } finally {
      Files.delete(file);
    }
  }

  private static String configMapOptionsText() {
    return jobOptions.getData().values().iterator().next();
  }

  private static PodSpec podSpec() {
    return flink.getPodTemplate().getSpec();
  }

  private static Volume volume(String name) {
    return podSpec().getVolumes().stream().filter(volume -> volume.getName().equals(name)).findFirst().orElseThrow();
  }

  private static String mountPath(String volume) {
    return podSpec().getContainers().get(0).getVolumeMounts().stream()
        .filter(mount -> mount.getName().equals(volume))
        .map(VolumeMount::getMountPath)
        .findFirst()
        .orElseThrow();
  }
}
