package org.seamcache.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seamcache config check FILE} and {@code seamcache config show [serve options]}: serve's settings without starting it. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Checks a config file, or shows the settings serve would run with and where each came from.",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check or show");
  }

  /** serve's command line on its own, reading {@code env}; parses {@code args} and checks every setting. */
  static ServeCommand parsedServe(Map<String, String> env, List<String> args, PrintWriter err, String who) {
    ServeCommand serve = new ServeCommand();
    CommandLine cl = new CommandLine(serve);
    ServeDefaults defaults = new ServeDefaults(env);
    cl.setDefaultValueProvider(defaults);
    try {
      cl.parseArgs(args.toArray(String[]::new));
      serve.proxyConfig();
      return serve;
    } catch (CommandLine.ParameterException e) {
      String from = e.getArgSpec() instanceof OptionSpec o ? defaults.supplied(o.longestName()) : null;
      err.println(who + ": " + (from == null ? "" : from + ": ") + e.getMessage());
    } catch (ServeCommand.ConfigProblem p) {
      err.println(who + ": " + p.getMessage());
    }
    return null;
  }

  static Map<String, String> envOf(CommandSpec spec) {
    CommandLine serve = spec.root().commandLine().getSubcommands().get("serve");
    return serve != null && serve.getCommandSpec().defaultValueProvider() instanceof ServeDefaults d ? d.env() : System.getenv();
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Reads FILE as serve would (the environment aside) and exits 0 if every key is known and every value usable, else 2 with one line naming the key.",
      exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {"0:the file is usable", ExitCodes.L2})
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The config file, e.g. /etc/seamcache/seamcache.conf.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ServeCommand serve = parsedServe(Map.of(), List.of("--config", file.toString()), spec.commandLine().getErr(), "seamcache config check");
      if (serve == null) {
        return ExitCodes.USAGE;
      }
      spec.commandLine().getOut().println(file + ": ok");
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, customSynopsis = "seamcache config show [SERVE-OPTION...]",
      description = "Prints every setting serve would run with, given the same options (e.g. --config FILE), the environment and the defaults, and where each came from.",
      exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {ExitCodes.L0, ExitCodes.L2})
  static final class Show implements Callable<Integer> {
    /** serve's options, e.g. --config /etc/seamcache/seamcache.conf --rtsp-port 554 (taken as they are). */
    @CommandLine.Unmatched List<String> serveArgs = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ServeCommand serve = parsedServe(envOf(spec), serveArgs, spec.commandLine().getErr(), "seamcache config show");
      if (serve == null) {
        return ExitCodes.USAGE;
      }
      PrintWriter out = spec.commandLine().getOut();
      for (OptionSpec o : serve.spec.options()) {
        String name = o.longestName();
        if (name.equals("--help") || name.equals("--version")) {
          continue;
        }
        if (name.equals("--route")) {
          continue; // below, one line per route
        }
        Object value = name.equals("--viewer-user") ? serve.viewerUsers.stream().map(u -> u.replaceAll(":[^,]*", ":***")).toList() : o.getValue();
        out.println(ServeDefaults.fileKey(name) + "=" + shown(value) + "    # " + serve.origin(name));
      }
      serve.routesWithOrigin().forEach((route, origin) -> out.println("route." + route + "    # " + origin));
      serve.channelsWithOrigin().forEach((channel, origin) -> out.println("channel." + channel + "    # " + origin));
      serve.routeSettingsWithOrigin().forEach((setting, origin) -> out.println("route." + setting + "    # " + origin));
      serve.channelSettingsWithOrigin().forEach((setting, origin) -> out.println("channel." + setting + "    # " + origin));
      return ExitCodes.OK;
    }

    private static String shown(Object v) {
      if (v == null) {
        return "";
      }
      if (v instanceof Collection<?> c) {
        return String.join(",", c.stream().map(String::valueOf).toList());
      }
      return String.valueOf(v);
    }
  }
}
