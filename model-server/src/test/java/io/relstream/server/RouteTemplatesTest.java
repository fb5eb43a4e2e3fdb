package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.config.RouterConfig;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
  private final RouteTemplates templates = templates();

  private static RouteTemplates templates() {
    RouteTemplates templates = new RouteTemplates(new RouterConfig());
    templates.add("/v1/embeddings/{table}/<key>");
    templates.add("/v1/predict");
    templates.add("/v1/models");
    return templates;
  }

  @Test
  void pathsGetTheirTemplate() {
    assertThat(templates.label("/v1/predict")).isEqualTo("/v1/predict");
    assertThat(templates.label("/v1/models")).isEqualTo("/v1/models");
    assertThat(templates.label("/v1/embeddings/orders/17")).isEqualTo("/v1/embeddings/{table}/{key}");
  }

  @Test
  void keyWithSlashMatchesItsTemplate() {
    assertThat(templates.label("/v1/embeddings/results/2024/7")).isEqualTo("/v1/embeddings/{table}/{key}");
  }

  @Test
  void unknownPathsAreUnmatched() {
    assertThat(templates.label("/v1/nothing")).isEqualTo(RouteTemplates.UNMATCHED);
    assertThat(templates.label("/v1/embeddings/orders")).isEqualTo(RouteTemplates.UNMATCHED);
    assertThat(templates.label("/")).isEqualTo(RouteTemplates.UNMATCHED);
  }

  @Test
  void templateAddedTwiceIsKeptOnce() {
    templates.add("/v1/models");

    assertThat(templates.label("/v1/models")).isEqualTo("/v1/models");
  }
}
