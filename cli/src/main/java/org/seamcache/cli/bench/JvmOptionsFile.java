package org.seamcache.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code jvm.options} file by the launcher's rules ({@code packaging/src/dist/bin/seamcache}):
 * one flag a line, {@code #} comments and blank lines skipped, {@code N-:flag} from Java N on,
 * {@code N-M:flag} for Java N to M, {@code N:flag} for Java N only. Stateless.
 */
final class JvmOptionsFile {
  private JvmOptionsFile() {}

  static List<String> read(Path file, int javaMajor) throws IOException {
    return parse(Files.readAllLines(file), javaMajor);
  }

  static List<String> parse(List<String> lines, int javaMajor) {
    List<String> flags = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (Character.isDigit(line.charAt(0)) && colon > 0) {
        String range = line.substring(0, colon);
        String[] ends = range.split("-", -1);
        int lo = Integer.parseInt(ends[0]);
        Integer hi = ends.length == 1 ? Integer.valueOf(lo) : ends[1].isEmpty() ? null : Integer.valueOf(ends[1]);
        if (javaMajor < lo || (hi != null && javaMajor > hi)) {
          continue;
        }
        line = line.substring(colon + 1);
      }
      flags.add(line);
    }
    return flags;
  }
}
