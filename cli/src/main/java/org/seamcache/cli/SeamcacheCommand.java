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
      ConfigCommand.class,
      LsCommand.class,
      InspectCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      PurgeCommand.class,
      SeamCommand.class,
      PrefetchCommand.class,
      DemoCommand.class,
      TokenCommand.class,
      org.seamcache.cli.bench.BenchCommand.class,
      org.seamcache.cli.bench.BenchRelayCommand.class,
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
    return newCommandLine(System.getenv());
  }

  /** As {@link #newCommandLine()}, with {@code env} as the environment {@code serve} reads settings from. */
  public static CommandLine newCommandLine(java.util.Map<String, String> env) {
    CommandLine cl = new CommandLine(new SeamcacheCommand());
    CommandLine serve = cl.getSubcommands().get("serve");
    serve.setDefaultValueProvider(new ServeDefaults(env));
    CommandLine.IParameterExceptionHandler usual = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine where = ex.getCommandLine();
      if (where.getCommandSpec().defaultValueProvider() instanceof ServeDefaults defaults) {
        // serve's settings: one line naming the setting, the value and what is allowed (no usage dump)
        String from = ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? defaults.supplied(o.longestName()) : null;
        where.getErr().println("seamcache serve: " + (from == null ? "" : from + ": ") + ex.getMessage());
        return ExitCodes.USAGE;
      }
      return usual.handleParseException(ex, args);
    });
    return cl;
  }
}
