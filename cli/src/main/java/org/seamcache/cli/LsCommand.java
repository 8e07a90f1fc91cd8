package org.seamcache.cli;

import java.util.List;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.DataDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seamcache ls}: one line per content. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    header = "Lists the recorded contents: id, state, duration, size, packets, loss, URL.",
    description =
        "Lists the recorded contents: id, state, duration, size, packets, loss, URL. Reads the "
            + "data directory directly; safe while a proxy runs. A recording whose writer died is shown "
            + "incomplete; damaged files (truncated, missing, index mismatch, or found by verify) are "
            + "flagged and never shown complete.",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.L0, ExitCodes.L1, ExitCodes.L2})
final class LsCommand extends ContentCommand {

  @Option(names = "--json", description = "Print a JSON array of objects (stable keys: id, url, state, packets, bytes, ...).")
  boolean json;

  @Override
  int run(DataDirectory data) {
    List<ContentInfo> contents = data.catalog().list();
    if (json) {
      JsonWriter w = new JsonWriter().beginArray();
      for (ContentInfo c : contents) {
        w.beginObject();
        ContentJson.summary(w, c);
        w.endObject();
      }
      out().println(w.endArray());
      return ExitCodes.OK;
    }
    String format = "%-16s  %-10s  %12s  %10s  %10s  %7s  %s%n";
    out().printf(format, "ID", "STATE", "DURATION", "SIZE", "PACKETS", "LOSS", "URL");
    for (ContentInfo c : contents) {
      String state = c.state().label() + (c.damaged() ? "!" : "");
      out().printf(format, c.id(), state, HumanUnits.duration(c.durationNanos()), HumanUnits.bytes(c.bytes()),
          c.packets(), HumanUnits.percent(c.lossRatio()), c.originUrl());
    }
    for (ContentInfo c : contents) {
      if (c.damaged()) {
        out().println(c.id() + "! damaged: " + c.damage());
      }
    }
    return ExitCodes.OK;
  }
}
