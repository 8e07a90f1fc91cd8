package org.seamcache.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option every content command shares with {@code serve}. */
final class DataDirOption {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:SEAMCACHE_DATA_DIR:-./data}",
      description = "Data directory of the recordings (default: $SEAMCACHE_DATA_DIR or ./data).")
  Path dataDir;
}
