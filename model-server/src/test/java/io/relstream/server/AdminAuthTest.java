package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAuthTest {
  private static final String TOKEN = "0123456789abcdef-token";
  private final AdminAuth auth = new AdminAuth(Optional.of(TOKEN));

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
    AdminAuth disabled = new AdminAuth(Optional.empty());

    assertThatThrownBy(() -> disabled.check("Bearer anything"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> disabled.check("Bearer anything"))
        .hasMessageContaining("no admin token is configured")
        .hasMessageContaining("$" + ServerEnvironment.ADMIN_TOKEN)
        .hasMessageContaining("--admin-token-file")
        .hasMessageNotContaining("anything");
  }
}
