package org.seamcache.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code seamcache} command: the root that holds every subcommand. */
@Command(
    name = "seamcache",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Caching RTSP/RTP proxy: relays, records, seams and serves streams.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ServeCommand.class,
      LsCommand.class,
      InspectCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      PurgeCommand.class,
      SeamCommand.class,
      PrefetchCommand.class,
      org.seamcache.cli.bench.BenchCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:failure (the message says why)", "2:usage error"})
public final class SeamcacheCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The command line with every subcommand, as tests and main use it. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new SeamcacheCommand());
  }
}
