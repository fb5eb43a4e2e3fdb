package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void renderFillsBarByPercent() {
    assertThat(ProgressBar.render("rows", 0, 200, 0)).isEqualTo("    [" + " ".repeat(30) + "]   0% 0 of 200 rows");
    assertThat(ProgressBar.render("rows", 100, 200, 50))
        .isEqualTo("    [" + "#".repeat(15) + " ".repeat(15) + "]  50% 100 of 200 rows");
    assertThat(ProgressBar.render("rows", 12_000, 12_000, 100)).isEqualTo("    [" + "#".repeat(30) + "] 100% 12,000 of 12,000 rows");
  }
}
