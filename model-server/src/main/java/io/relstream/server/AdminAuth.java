package io.relstream.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks the bearer token of admin calls against the configured one. The comparison takes the same
 * time for every wrong token of a given length, and the token never appears in a message or a log.
 */
final class AdminAuth {
  private static final String BEARER = "Bearer ";

  private final Optional<byte[]> token;
  private final String disabledMessage;

  /**
   * @param token the token that admin calls must send, or empty to reject every admin call with 403
   * @param parentCommand the command that started this server as its child, which the 403 names as
   *     the command to restart, or empty for a server started on its own
   */
  AdminAuth(Optional<String> token, Optional<String> parentCommand) {
    this.token = token.map(value -> value.getBytes(StandardCharsets.UTF_8));
    this.disabledMessage = disabledMessage(parentCommand);
  }

  private static String disabledMessage(Optional<String> parentCommand) {
    String reason = "Admin calls are disabled because no admin token is configured. ";
    String tokenLength = " (a token of at least " + ServerConfig.MIN_TOKEN_LENGTH + " characters)";
    // A child server takes the token from its parent's environment only, so restarting the child alone cannot help.
    return parentCommand
        .map(command -> reason + "This server was started by " + command + ", so stop " + command
            + " and start it again with $" + ServerEnvironment.ADMIN_TOKEN + " exported" + tokenLength + ".")
        .orElse(reason + "Restart the server with $" + ServerEnvironment.ADMIN_TOKEN + " set" + tokenLength
            + " or with --admin-token-file FILE.");
  }

  /** Throws an {@link ApiException} unless {@code authorization} is {@code Bearer <token>}. */
  void check(String authorization) {
    if (token.isEmpty()) {
      throw new ApiException(403, disabledMessage);
    }
    if (authorization == null || !authorization.startsWith(BEARER)) {
      throw new ApiException(401, "Missing admin token: send the header 'Authorization: Bearer <token>'");
    }
    byte[] given = authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token.get())) {
      throw new ApiException(401, "Invalid admin token");
    }
  }
}
