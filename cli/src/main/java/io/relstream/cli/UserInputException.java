package io.relstream.cli;

/** An error in what the user gave on the command line, printed as one line without a stack trace. */
final class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserInputException(String message) {
    super(message);
  }
}
