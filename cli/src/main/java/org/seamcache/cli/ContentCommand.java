package org.seamcache.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.seamcache.storage.ContentBusyException;
import org.seamcache.storage.DataDirectory;
import org.seamcache.storage.StorageException;
import org.seamcache.storage.UnknownContentException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that read a data directory directly (safe while a proxy runs): opens it,
 * resolves content ids (a unique prefix is enough) and maps storage errors to exit codes.
 * One instance per invocation, confined to the calling thread.
 */
abstract class ContentCommand implements Callable<Integer> {

  static {
    QuietChronicle.apply();
  }

  @Mixin DataDirOption dataDirOption;

  @Spec CommandSpec spec;

  /** Thrown to end the command with a message on stderr and an exit code. */
  static final class Exit extends RuntimeException {
    final int code;

    Exit(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  @Override
  public final Integer call() {
    try {
      return run(DataDirectory.open(dataDirOption.dataDir));
    } catch (Exit e) {
      err().println("seamcache " + spec.name() + ": " + e.getMessage());
      return e.code;
    } catch (UnknownContentException e) {
      err().println("seamcache " + spec.name() + ": " + e.getMessage());
      return ExitCodes.UNKNOWN_ID;
    } catch (ContentBusyException e) {
      err().println("seamcache " + spec.name() + ": " + e.getMessage());
      return ExitCodes.BUSY;
    } catch (StorageException | java.io.UncheckedIOException e) {
      err().println("seamcache " + spec.name() + ": " + e.getMessage());
      return ExitCodes.FAILURE;
    } catch (RuntimeException | InternalError e) {
      // Chronicle's own exceptions (a queue header it cannot parse, a mapping fault) end up here.
      err().println("seamcache " + spec.name() + ": unexpected error reading " + dataDirOption.dataDir + ": " + e);
      return ExitCodes.FAILURE;
    } finally {
      out().flush();
      err().flush();
    }
  }

  abstract int run(DataDirectory data) throws StorageException;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The full id for {@code idOrPrefix}: an exact id, or a prefix only one content has. */
  static String resolveId(DataDirectory data, String idOrPrefix) {
    List<String> ids = data.ids();
    if (ids.contains(idOrPrefix)) {
      return idOrPrefix;
    }
    List<String> matches = idOrPrefix.isEmpty() ? List.of() : ids.stream().filter(id -> id.startsWith(idOrPrefix)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new Exit(ExitCodes.UNKNOWN_ID, "no content with id '" + idOrPrefix + "' in " + data.root()
          + " (seamcache ls lists them)");
    }
    throw new Exit(ExitCodes.UNKNOWN_ID, "id prefix '" + idOrPrefix + "' matches " + matches.size()
        + " contents: " + String.join(", ", matches));
  }
}
