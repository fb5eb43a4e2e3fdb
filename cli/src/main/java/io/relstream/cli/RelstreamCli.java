package io.relstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/relstream}. */
@Command(
    name = "relstream",
    mixinStandardHelpOptions = true,
    version = "relstream 0.1.0-SNAPSHOT",
    description = "Continual pre-training of a relational encoder on a live PostgreSQL database.",
    subcommands = {LoadCommand.class, RunCommand.class, DemoCommand.class, BenchmarkCommand.class})
public final class RelstreamCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RelstreamCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
