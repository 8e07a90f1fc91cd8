package org.seamcache.proxy.e2e;

import java.util.List;

/**
 * What one gst-launch decode produced.
 *
 * @param run the gst-launch process and its output
 * @param framesDecoded decoded video frames that reached the sink
 * @param reachedEos true if the pipeline ended by EOS (not by error or timeout)
 * @param errorLines {@code ERROR:} / {@code WARNING:} lines gst-launch printed
 */
public record GstDecode(CommandResult run, long framesDecoded, boolean reachedEos, List<String> errorLines) {
  public GstDecode {
    errorLines = List.copyOf(errorLines);
  }

  /** Exit 0, EOS reached, no error lines. */
  public boolean succeeded() {
    return run.succeeded() && reachedEos && errorLines.isEmpty();
  }

  public String describe() {
    return "frames=" + framesDecoded + " eos=" + reachedEos + " errors=" + errorLines + "\n" + run.describe();
  }

  static GstDecode parse(CommandResult run) {
    String all = run.stdout() + "\n" + run.stderr();
    long frames = run.stdout().lines().filter(l -> l.contains("GstFakeSink:sink: last-message = chain")).count();
    boolean eos = all.contains("Got EOS from element");
    List<String> errors = all.lines().filter(l -> l.startsWith("ERROR:") || l.startsWith("WARNING:")).toList();
    return new GstDecode(run, frames, eos, errors);
  }
}
