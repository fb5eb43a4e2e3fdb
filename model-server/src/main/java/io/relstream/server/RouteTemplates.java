package io.relstream.server;

import io.javalin.config.RouterConfig;
import io.javalin.router.matcher.PathParser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's route templates, which label a request in the metrics by the template its path
 * matches. Javalin names the matched endpoint only when the method matches too, so a request with
 * the wrong method on a known path (405) would otherwise have no template.
 */
final class RouteTemplates {
  /** The label of a request whose path matches no route. */
  static final String UNMATCHED = "unmatched";

  private final RouterConfig router;
  private final Map<String, PathParser> parsers = new LinkedHashMap<>();

  /** Creates an empty set that matches paths as {@code router} does (trailing slashes, case). */
  RouteTemplates(RouterConfig router) {
    this.router = router;
  }

  /** Adds a Javalin path template. A template added again, for another method, is kept once. */
  void add(String template) {
    parsers.computeIfAbsent(template, path -> new PathParser(path, router));
  }

  /**
   * Returns the first added template that matches {@code path}, written as {@link RouteLabels#display}
   * writes it, or {@link #UNMATCHED}.
   */
  String label(String path) {
    for (Map.Entry<String, PathParser> entry : parsers.entrySet()) {
      if (entry.getValue().matches(path)) {
        return RouteLabels.display(entry.getKey());
      }
    }
    return UNMATCHED;
  }
}
