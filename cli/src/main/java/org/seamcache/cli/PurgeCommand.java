package org.seamcache.cli;

import java.util.ArrayList;
import java.util.List;
import org.seamcache.storage.ContentBusyException;
import org.seamcache.storage.DataDirectory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seamcache purge ID|--all}: deletes contents whole. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    header = "Deletes one content, or all of them, whole (never one being recorded).",
    description =
        "Deletes one content, or all of them, whole. A content a live proxy is recording is never "
            + "deleted (exit code 4); with --all those are skipped and listed.",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.L0, ExitCodes.L1, ExitCodes.L2, ExitCodes.L3, ExitCodes.L4})
final class PurgeCommand extends ContentCommand {

  static final class Target {
    @Parameters(paramLabel = "ID", description = "Content id (a unique prefix is enough).")
    String id;

    @Option(names = "--all", required = true, description = "Purge every content that is not being recorded.")
    boolean all;
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Override
  int run(DataDirectory data) {
    if (!target.all) {
      String full = resolveId(data, target.id);
      data.purge(full);
      out().println("purged " + full);
      return ExitCodes.OK;
    }
    List<String> busy = new ArrayList<>();
    for (String id : data.ids()) {
      try {
        data.purge(id);
        out().println("purged " + id);
      } catch (ContentBusyException e) {
        busy.add(id);
        err().println("seamcache purge: skipped " + id + ": " + e.getMessage());
      }
    }
    return busy.isEmpty() ? ExitCodes.OK : ExitCodes.BUSY;
  }
}
