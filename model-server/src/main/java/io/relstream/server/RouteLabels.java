package io.relstream.server;

import java.util.regex.Pattern;

/**
 * Writes route templates in one path-parameter style for responses and metric labels. Javalin
 * spells a parameter that may contain slashes {@code <key>} and one without slashes {@code {key}}.
 * A client sees both as a plain parameter, so both are written {@code {key}}.
 */
final class RouteLabels {
  private static final Pattern SLASH_PARAMETER = Pattern.compile("<([^>/]+)>");

  private RouteLabels() {}

  /** Returns the template with each {@code <name>} written {@code {name}}. */
  static String display(String template) {
    return SLASH_PARAMETER.matcher(template).replaceAll("{$1}");
  }
}
