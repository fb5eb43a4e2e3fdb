package io.relstream.training;

import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.modelstore.ModelManifest;
import io.relstream.modelstore.ModelMetrics;
import io.relstream.modelstore.ModelVersionInfo;
import io.relstream.modelstore.ModelVersionWriter;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the training operator writes a model version and writes it. A version is due after
 * {@code intervalSteps} steps, or after {@code interval} when at least one step happened since the
 * last version. Version numbers continue after the highest directory in the model directory, so a
 * restored job never rewrites a version that the failed run wrote after its last checkpoint. Not
 * thread-safe: the training operator owns it.
 */
final class ModelVersioning {
  private static final Logger LOG = LoggerFactory.getLogger(ModelVersioning.class);

  private final ModelVersionSettings settings;
  private final DatabaseSchema schema;
  private final TokenizerConfig tokenizerConfig;
  private final EncoderConfig encoderConfig;
  private ModelVersionWriter writer;
  private long lastVersion;
  private long lastVersionStep;
  private long lastVersionMillis;
  private long failures;

  ModelVersioning(ModelVersionSettings settings, DatabaseSchema schema, TokenizerConfig tokenizerConfig,
      EncoderConfig encoderConfig) {
    this.settings = settings;
    this.schema = schema;
    this.tokenizerConfig = tokenizerConfig;
    this.encoderConfig = encoderConfig;
  }

  /**
   * Opens the model directory and continues from the restored last version.
   *
   * @param restoredVersion the last version written before the checkpoint, 0 for none
   * @param restoredVersionStep the step of that version, or the restored step when there is none
   */
  void open(long restoredVersion, long restoredVersionStep, long nowMillis) throws IOException {
    lastVersion = restoredVersion;
    lastVersionStep = restoredVersionStep;
    lastVersionMillis = nowMillis;
    if (!settings.enabled()) {
      return;
    }
    long highest;
    try {
      writer = new ModelVersionWriter(new FlinkModelStore(settings.directory()), settings.retained());
      highest = writer.highestVersion();
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("Cannot open the model directory " + settings.directory()
          + " (option model.directory): " + e.getMessage(), e);
    }
    if (highest > lastVersion) {
      LOG.info("Model directory {} contains versions up to {}; the next version is {}", settings.directory(),
          highest, highest + 1);
    }
    lastVersion = Math.max(lastVersion, highest);
  }

  /** Returns whether a version is due at this step and time. */
  boolean isDue(long step, long nowMillis) {
    if (writer == null || step <= lastVersionStep) {
      return false;
    }
    return step - lastVersionStep >= settings.intervalSteps()
        || nowMillis - lastVersionMillis >= settings.interval().toMillis();
  }

  /**
   * Writes a version of the model when one is due. A failed write is logged and counted, and the
   * next attempt waits for the next interval, so that a broken model directory does not stop
   * training.
   */
  Optional<ModelVersionInfo> writeIfDue(RelationalEncoderModel model, TokenizerVersion tokenizer,
      ModelMetrics metrics, long nowMillis) {
    long step = model.step();
    if (!isDue(step, nowMillis)) {
      return Optional.empty();
    }
    long version = lastVersion + 1;
    lastVersionStep = step;
    lastVersionMillis = nowMillis;
    try {
      version = Math.max(version, writer.highestVersion() + 1);
      ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, version, step, nowMillis,
          encoderConfig, schema, tokenizerConfig, tokenizer, metrics);
      ModelVersionInfo info = writer.write(manifest, model.saveParameters());
      lastVersion = version;
      LOG.info("Wrote model version {} at step {} to {}", version, step, info.location());
      return Optional.of(info);
    } catch (IOException | RuntimeException e) {
      failures++;
      lastVersion = version;
      LOG.warn("Failed to write model version {} at step {} to {} ({} failures so far); training goes on",
          version, step, settings.directory(), failures, e);
      return Optional.empty();
    }
  }

  long lastVersion() {
    return lastVersion;
  }

  long lastVersionStep() {
    return lastVersionStep;
  }

  /** Returns when the last version was written, or when the operator opened if none was. */
  long lastVersionMillis() {
    return lastVersionMillis;
  }

  long failures() {
    return failures;
  }
}
