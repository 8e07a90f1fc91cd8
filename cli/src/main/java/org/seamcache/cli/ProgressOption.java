package org.seamcache.cli;

import picocli.CommandLine.Option;

/**
 * The hidden {@code --progress}/{@code --no-progress} switch of long commands: progress shows when
 * stderr is a terminal unless forced either way (scripts, tests, {@code script(1)} captures).
 */
final class ProgressOption {

  @Option(names = "--progress", negatable = true, hidden = true,
      description = "Show (or with --no-progress hide) the progress line; default: only when stderr is a terminal.")
  Boolean forced;

  boolean enabled() {
    return forced != null ? forced : StderrTerminal.isTerminal();
  }
}
