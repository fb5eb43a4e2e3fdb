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

  AdminAuth(Optional<String> token) {
    this.token = token.map(value -> value.getBytes(StandardCharsets.UTF_8));
  }

  /** Throws an {@link ApiException} unless {@code authorization} is {@code Bearer <token>}. */
  void check(String authorization) {
    if (token.isEmpty()) {
      // The message names both ways to set a token, because the demo starts the server with the variable only.
      throw new ApiException(403, "Admin calls are disabled because no admin token is configured: restart the"
          + " server with $" + ServerEnvironment.ADMIN_TOKEN + " set (the model-server command also takes"
          + " --admin-token-file)");
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
