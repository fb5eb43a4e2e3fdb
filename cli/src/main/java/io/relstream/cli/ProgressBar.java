package io.relstream.cli;

/**
 * A one-line progress bar on standard output. On a terminal it redraws the line in place. When the
 * output goes to a file or a pipe, it prints a line at every tenth instead, so that logs stay short.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final String label;
  private final boolean terminal = System.console() != null;
  private int shownPercent = -1;

  ProgressBar(String label) {
    this.label = label;
  }

  void update(long done, long total) {
    int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    int step = terminal ? 1 : 10;
    if (percent / step == shownPercent / step) {
      return;
    }
    shownPercent = percent;
    String line = render(label, done, total, percent);
    if (terminal) {
      System.out.print("\r" + line);
      System.out.flush();
    } else {
      System.out.println(line);
    }
  }

  /** Ends the redrawn line, so that the next output starts on a line of its own. */
  void finish() {
    if (terminal && shownPercent >= 0) {
      System.out.println();
    }
  }

  static String render(String label, long done, long total, int percent) {
    int filled = percent * WIDTH / 100;
    return String.format("    [%s%s] %3d%% %,d of %,d %s", "#".repeat(filled), " ".repeat(WIDTH - filled), percent,
        done, total, label);
  }
}
