package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandHelpTest {

  @Test
  void demoHelpKeepsOptionExampleWhole() {
    assertThat(helpLines("demo")).anyMatch(line -> line.contains("-Dbatch.size=128"));
  }

  @Test
  void runHelpKeepsOptionExampleWhole() {
    assertThat(helpLines("run")).anyMatch(line -> line.contains("-Dbatch.size=128"));
  }

  @Test
  void demoHelpNamesOptionParameter() {
    assertThat(helpLines("demo")).anyMatch(line -> line.contains("-D, --set=KEY=VALUE"));
  }

  private static java.util.List<String> helpLines(String command) {
    CommandLine commandLine = RelstreamCli.commandLine().getSubcommands().get(command);
    return Arrays.asList(commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R"));
  }
}
