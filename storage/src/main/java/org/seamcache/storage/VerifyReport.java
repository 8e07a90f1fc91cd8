package org.seamcache.storage;

import java.util.List;

/**
 * Outcome of checking every excerpt of a recording. Immutable.
 *
 * @param id content id
 * @param state the content's state when checked
 * @param excerpts excerpts read
 * @param corruptExcerpts excerpts that failed length/checksum/kind checks
 * @param problems what is wrong, first found first (empty if sound)
 * @param repaired derived files (seamed indexes) found missing, damaged or stale and rebuilt from the
 *     queue; they do not make the recording unsound
 */
public record VerifyReport(
    String id, ContentState state, long excerpts, long corruptExcerpts, List<String> problems, List<String> repaired) {

  public VerifyReport {
    problems = List.copyOf(problems);
    repaired = List.copyOf(repaired);
  }

  public boolean sound() {
    return problems.isEmpty();
  }
}
