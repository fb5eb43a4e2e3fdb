package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAuthTest {
  private static final String TOKEN = "0123456789abcdef-token";
  private final AdminAuth auth = new AdminAuth(Optional.of(TOKEN), Optional.empty());

  @Test
  void rightTokenPasses() {
    assertThatCode(() -> auth.check("Bearer " + TOKEN)).doesNotThrowAnyException();
  }

  @Test
  void wrongOrMissingTokenUnauthorized() {
    assertThatThrownBy(() -> auth.check("Bearer " + TOKEN + "x"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessage("Invalid admin token");
    assertThatThrownBy(() -> auth.check(null)).hasMessageStartingWith("Missing admin token");
    assertThatThrownBy(() -> auth.check(TOKEN)).hasMessageStartingWith("Missing admin token");
  }

  @Test
  void noConfiguredTokenForbidsAdminCalls() {
    AdminAuth disabled = new AdminAuth(Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> disabled.check("Bearer anything"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> disabled.check("Bearer anything"))
        .hasMessageContaining("no admin token is configured")
        .hasMessageContaining("Restart the server with $" + ServerEnvironment.ADMIN_TOKEN)
        .hasMessageContaining("at least " + ServerConfig.MIN_TOKEN_LENGTH + " characters")
        .hasMessageContaining("--admin-token-file")
        .hasMessageNotContaining("anything");
  }

  @Test
  void forbiddenHintNamesParentCommand() {
    AdminAuth disabled = new AdminAuth(Optional.empty(), Optional.of("relstream demo"));

    assertThatThrownBy(() -> disabled.check(null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> disabled.check(null))
        .hasMessageContaining("no admin token is configured")
        .hasMessageContaining("started by relstream demo")
        .hasMessageContaining("stop relstream demo and start it again with $" + ServerEnvironment.ADMIN_TOKEN + " exported")
        .hasMessageContaining("at least " + ServerConfig.MIN_TOKEN_LENGTH + " characters")
        .hasMessageNotContaining("Restart the server")
        .hasMessageNotContaining("--admin-token-file");
  }
}
