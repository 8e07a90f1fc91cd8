package org.seamcache.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** One {@code seamcache} command run in this JVM: its exit code and what it wrote to out and err. */
record CliRun(int exit, String out, String err) {

  static CliRun of(String... args) {
    return of(System.getenv(), args);
  }

  /** With {@code env} as the environment serve reads its settings from. */
  static CliRun of(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SeamcacheCommand.newCommandLine(env);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
