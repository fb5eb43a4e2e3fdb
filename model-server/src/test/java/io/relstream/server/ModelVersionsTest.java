package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ModelVersionsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void highestVersionIsCurrent() {
    ModelVersions versions = new ModelVersions();
    versions.put(version(2));
    versions.put(version(10));
    versions.put(version(3));

    assertThat(versions.current()).hasValueSatisfying(current -> assertThat(current.version()).isEqualTo(10));
    assertThat(versions.all()).extracting(ModelVersion::version).containsExactly(2L, 3L, 10L);
  }

  @Test
  void pinnedVersionWinsWhileKnown() {
    ModelVersions versions = new ModelVersions();
    versions.put(version(1));
    versions.put(version(2));
    versions.pin(1L);

    assertThat(versions.current().orElseThrow().version()).isEqualTo(1);
    versions.remove(1);
    assertThat(versions.current().orElseThrow().version()).isEqualTo(2);
    versions.put(version(1));
    assertThat(versions.current().orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void emptyHasNoCurrent() {
    assertThat(new ModelVersions().current()).isEmpty();
  }

  @Test
  void fromJsonReadsFields() throws Exception {
    ModelVersion version = ModelVersion.fromJson(7, MAPPER.readTree(
        "{\"version\":7,\"step\":70,\"createdAtMillis\":5,\"location\":\"file:///m/7\",\"manifest\":{\"dim\":64}}"));

    assertThat(version.step()).isEqualTo(70);
    assertThat(version.createdAtMillis()).isEqualTo(5);
    assertThat(version.location()).isEqualTo("file:///m/7");
    assertThat(version.manifest().get("dim").asInt()).isEqualTo(64);
  }

  @Test
  void fromJsonNamesBadField() throws Exception {
    assertThatThrownBy(() -> ModelVersion.fromJson(7, MAPPER.readTree("{\"version\":8}")))
        .hasMessage("field version 8 differs from the key 7");
    assertThatThrownBy(() -> ModelVersion.fromJson(7, MAPPER.readTree(
        "{\"version\":7,\"step\":\"x\",\"createdAtMillis\":5,\"location\":\"l\",\"manifest\":{}}")))
        .hasMessage("field step is missing or not an integer");
    assertThatThrownBy(() -> ModelVersion.fromJson(7, MAPPER.readTree(
        "{\"version\":7,\"step\":1,\"createdAtMillis\":5,\"location\":\"l\"}")))
        .hasMessage("field manifest is missing");
    assertThatThrownBy(() -> ModelVersion.fromJson(7, MAPPER.readTree("[7]"))).hasMessage("the value is no JSON object");
  }

  private static ModelVersion version(long number) {
    return new ModelVersion(number, number * 10, 0, "file:///models/" + number, MAPPER.createObjectNode());
  }
}
