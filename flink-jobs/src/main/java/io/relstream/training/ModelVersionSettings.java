package io.relstream.training;

import java.io.Serializable;
import java.time.Duration;

/**
 * When and where the training operator writes model versions.
 *
 * @param directory the model directory URI on any Flink file system, or null to write no versions
 * @param intervalSteps training steps after which a version is due
 * @param interval time after which a version is due, when a step happened since the last one
 * @param retained newest versions kept
 */
public record ModelVersionSettings(String directory, long intervalSteps, Duration interval, int retained)
    implements Serializable {

  /** Returns settings that write no versions. */
  public static ModelVersionSettings disabled() {
    return new ModelVersionSettings(null, 1000, Duration.ofMinutes(10), 5);
  }

  public boolean enabled() {
    return directory != null;
  }
}
