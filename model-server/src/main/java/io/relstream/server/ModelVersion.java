package io.relstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A model version as announced on the model-version topic.
 *
 * @param version the version number, equal to the record's key
 * @param step the training step whose weights the version contains
 * @param createdAtMillis when the job wrote it, epoch milliseconds
 * @param location where the weights and the manifest are stored
 * @param manifest the manifest JSON: encoder sizes, tokenizer version and columns
 */
record ModelVersion(long version, long step, long createdAtMillis, String location, JsonNode manifest) {

  ModelVersion {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(manifest, "manifest");
  }

  /**
   * Reads a version from its record, or throws {@link IllegalArgumentException} naming the field that
   * is missing or has the wrong type.
   */
  static ModelVersion fromJson(long keyVersion, JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the value is no JSON object");
    }
    long version = requireLong(json, "version");
    if (version != keyVersion) {
      throw new IllegalArgumentException("field version " + version + " differs from the key " + keyVersion);
    }
    JsonNode location = json.path("location");
    if (!location.isTextual()) {
      throw new IllegalArgumentException("field location is missing or not a string");
    }
    JsonNode manifest = json.path("manifest");
    if (manifest.isMissingNode() || manifest.isNull()) {
      throw new IllegalArgumentException("field manifest is missing");
    }
    return new ModelVersion(version, requireLong(json, "step"), requireLong(json, "createdAtMillis"),
        location.asText(), manifest);
  }

  private static long requireLong(JsonNode json, String field) {
    JsonNode value = json.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("field " + field + " is missing or not an integer");
    }
    return value.asLong();
  }
}
