package io.relstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/relstream}. */
@Command(
    name = "relstream",
    mixinStandardHelpOptions = true,
    version = "relstream 0.1.0-SNAPSHOT",
    description = "Continual pre-training of a relational encoder on a live PostgreSQL database.",
    subcommands = {LoadCommand.class, RunCommand.class, DemoCommand.class, BenchmarkCommand.class, OptionsCommand.class})
public final class RelstreamCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line with a handler that prints user errors as one line, without a stack trace. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new RelstreamCli());
    commandLine.setExecutionExceptionHandler(RelstreamCli::handle);
    return commandLine;
  }

  private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof UserInputException || e instanceof IllegalArgumentException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    throw new IllegalStateException("relstream " + commandLine.getCommandName() + " failed", e);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
