package io.relstream.cli;

/** Progress lines for the person at the terminal, apart from the log. */
final class Console {

  private Console() {}

  static void step(String message) {
    System.out.println("==> " + message);
  }
}
