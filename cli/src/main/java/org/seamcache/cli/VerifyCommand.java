package org.seamcache.cli;

import org.seamcache.storage.DataDirectory;
import org.seamcache.storage.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seamcache verify ID}: checks every excerpt of a recording. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Checks every excerpt of a recording (length, checksum, order); exit 0 only if sound.",
    description =
        "Reads every excerpt of a recording and checks its length, CRC32C checksum, kind, track "
            + "and arrival order per leg, and that the totals match the state stored when the recording "
            + "ended. Damage found in a finished recording is recorded, so ls and the proxy never take "
            + "it for complete. Each track's seamed index is checked too (every block's CRC32C, built "
            + "over this recording); a missing, damaged or stale one is rebuilt from the recording and "
            + "listed as repaired (it does not make the recording unsound).",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:the recording is sound", "1:unsound (the problems are listed), or failure", ExitCodes.L2,
        ExitCodes.L3})
final class VerifyCommand extends ContentCommand {

  @Parameters(paramLabel = "ID", description = "Content id (a unique prefix is enough).")
  String id;

  @Option(names = "--json", description = "Print one JSON object: id, state, sound, excerpts, corruptExcerpts, problems, repaired.")
  boolean json;

  @picocli.CommandLine.Mixin ProgressOption progressOption;

  @Override
  int run(DataDirectory data) {
    String full = resolveId(data, id);
    VerifyReport report;
    try (ProgressLine progress = new ProgressLine(err(), "verify " + full, progressOption.enabled())) {
      long total = data.catalog().get(full).map(org.seamcache.storage.ContentInfo::excerpts).orElse(0L);
      report = data.verify(full, n -> progress.update(n, total, "excerpts"));
    }
    if (json) {
      JsonWriter w = new JsonWriter().beginObject()
          .field("id", report.id())
          .field("state", report.state().label())
          .field("sound", report.sound())
          .field("excerpts", report.excerpts())
          .field("corruptExcerpts", report.corruptExcerpts())
          .name("problems").beginArray();
      report.problems().forEach(w::value);
      w.endArray().name("repaired").beginArray();
      report.repaired().forEach(w::value);
      out().println(w.endArray().endObject());
    } else if (report.sound()) {
      out().printf("%s: sound, %d excerpts checked (%s)%n", report.id(), report.excerpts(), report.state().label());
    } else {
      out().printf("%s: UNSOUND, %d excerpts read, %d corrupt%n", report.id(), report.excerpts(),
          report.corruptExcerpts());
      report.problems().forEach(p -> out().println("  " + p));
    }
    if (!json) {
      report.repaired().forEach(r -> out().println("  seamed index " + r + "; written anew"));
    }
    return report.sound() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
