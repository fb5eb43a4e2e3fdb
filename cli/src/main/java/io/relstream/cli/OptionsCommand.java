package io.relstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code relstream options}: prints the configuration table that README.md carries. */
@Command(
    name = "options",
    mixinStandardHelpOptions = true,
    description = "Print every job option with its default and description, as the Markdown table in the README.")
final class OptionsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println(OptionsReference.markedTable());
    return 0;
  }
}
