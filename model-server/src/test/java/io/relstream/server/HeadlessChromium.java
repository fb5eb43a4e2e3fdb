package io.relstream.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs Debian's chromium headless to load a page and return its DOM after the scripts ran. */
final class HeadlessChromium {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  private HeadlessChromium() {}

  /** Returns the browser on the PATH, or empty when none is installed. */
  static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : NAMES) {
      for (String directory : path.split(File.pathSeparator)) {
        Path candidate = Path.of(directory, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Loads {@code url} with a fresh profile in {@code workDirectory}, lets its scripts run for up to
   * {@code budgetMillis} of virtual time, and returns the DOM as HTML.
   */
  static String dumpDom(Path browser, String url, Path workDirectory, long budgetMillis)
      throws IOException, InterruptedException {
    Path profile = Files.createDirectories(workDirectory.resolve("chromium-profile"));
    Path output = workDirectory.resolve("dom.html");
    Path errors = workDirectory.resolve("chromium.err");
    Process process = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMillis, "--dump-dom", url)
        .redirectOutput(output.toFile())
        .redirectError(errors.toFile())
        .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("chromium did not exit within 90 s; its errors: " + Files.readString(errors));
    }
    if (process.exitValue() != 0) {
      throw new IOException("chromium exited with " + process.exitValue() + "; its errors: " + Files.readString(errors));
    }
    return Files.readString(output, StandardCharsets.UTF_8);
  }
}
