package org.seamcache.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.seamcache.cli.SeamcacheCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes seamcache(1) in troff from the Picocli model at build time, so the man page lists exactly
 * the commands and options the jar accepts. Usage: {@code ManPage OUT.1 VERSION}; also writes OUT.1.gz
 * (Debian installs man pages compressed).
 */
public final class ManPage {

  private final StringBuilder out = new StringBuilder();

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ManPage OUT.1 VERSION");
      System.exit(2);
    }
    String page = new ManPage().render(SeamcacheCommand.newCommandLine(), args[1]);
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, page, StandardCharsets.UTF_8);
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(Path.of(args[0] + ".gz")))) {
      gz.write(page.getBytes(StandardCharsets.UTF_8));
    }
  }

  String render(CommandLine root, String version) {
    CommandSpec spec = root.getCommandSpec();
    line(".TH SEAMCACHE 1 \"\" \"seamcache " + escape(version) + "\" \"User Commands\"");
    line(".SH NAME");
    line("seamcache \\- " + escape(String.join(" ", spec.usageMessage().description())));
    line(".SH SYNOPSIS");
    line(".B seamcache");
    line("[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]");
    line(".SH OPTIONS");
    options(spec);
    line(".SH COMMANDS");
    root.getSubcommands().values().stream().distinct().forEach(sub -> command(sub, "seamcache"));
    hostSections();
    exitCodes(".SH \"EXIT STATUS\"", spec);
    return out.toString();
  }

  private void command(CommandLine cl, String parentName) {
    CommandSpec spec = cl.getCommandSpec();
    if (spec.usageMessage().hidden()) {
      return;
    }
    String name = parentName + " " + spec.name();
    line(".SS \"" + escape(name) + "\"");
    // Picocli's own synopsis, unwrapped: one source of truth for what the command accepts.
    String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)).synopsis(0).strip().replaceAll("\\s+", " ");
    line(".nh");
    line(".B " + escape(synopsis));
    line(".hy");
    line(".PP");
    for (String d : spec.usageMessage().description()) {
      text(d);
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        line(".TP");
        line("\\fI" + escape(p.paramLabel()) + "\\fR");
        text(String.join(" ", p.description()));
      }
    }
    options(spec);
    exitCodes(".PP\nExit codes:", spec);
    cl.getSubcommands().values().stream().distinct().forEach(sub -> command(sub, name));
  }

  private void options(CommandSpec spec) {
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      StringBuilder head = new StringBuilder();
      for (String n : o.names()) {
        head.append(head.length() == 0 ? "" : ", ").append("\\fB").append(escape(n)).append("\\fR");
      }
      if (o.arity().max() > 0) {
        head.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      line(".TP");
      line(head.toString());
      // description() has ${DEFAULT-VALUE} and friends already interpolated.
      text(String.join(" ", o.description()));
    }
  }

  private void exitCodes(String heading, CommandSpec spec) {
    var codes = spec.usageMessage().exitCodeList();
    if (codes.isEmpty()) {
      return;
    }
    line(heading);
    codes.forEach(
        (code, meaning) -> {
          line(".TP");
          line(escape(code.strip()));
          line(escape(meaning.strip()));
        });
  }

  /** What the Picocli model cannot say: where an installed seamcache keeps its files. */
  private void hostSections() {
    line(".SH ENVIRONMENT");
    for (List<String> e :
        List.of(
            List.of("JAVA_HOME", "Java runtime to use (17 or later); otherwise java on PATH, then /usr/lib/jvm/*."),
            List.of("SEAMCACHE_DATA_DIR", "Data directory of the commands that read recordings (ls, inspect, ...) when --data-dir is not given."),
            List.of("SEAMCACHE_OPTS", "Extra JVM flags for one run, e.g. -Xmx2g."),
            List.of("SEAMCACHE_JVM_OPTIONS", "A jvm.options file to use instead of the installed one."))) {
      line(".TP");
      line("\\fB" + escape(e.get(0)) + "\\fR");
      line(escape(e.get(1)));
    }
    line(".SH FILES");
    for (List<String> f :
        List.of(
            List.of("/etc/seamcache/seamcache.conf", "Settings of seamcache serve, each documented in the file (the .deb's service reads it)."),
            List.of("/etc/seamcache/jvm.options", "JVM flags the launcher passes, one per line."),
            List.of("/var/lib/seamcache", "Recordings of the service (its systemd state directory); kept when the package is removed."),
            List.of("/lib/systemd/system/seamcache.service", "The systemd unit: systemctl enable --now seamcache."))) {
      line(".TP");
      line("\\fI" + escape(f.get(0)) + "\\fR");
      line(escape(f.get(1)));
    }
    line(".SH \"SEE ALSO\"");
    line("\\fBsystemctl\\fR(1), \\fBjournalctl\\fR(1)");
  }

  /** troff: backslashes, hyphens (so that options copy and paste), and lines starting with . or '. */
  static String escape(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }

  /** Picocli help text is a format string: %n breaks the line, %% is a percent sign. */
  private void text(String s) {
    for (String l : s.replace("%%", "%").split("%n")) {
      if (!l.isBlank()) {
        line(escape(l.strip()));
      }
    }
  }

  private void line(String s) {
    out.append(s).append('\n');
  }
}
