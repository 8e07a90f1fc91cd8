package org.seamcache.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file read as section.key -> values (a key may repeat), enough to check what it says. */
final class UnitFile {
  private final Map<String, List<String>> entries = new LinkedHashMap<>();

  UnitFile(String text) {
    String section = "";
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
      } else if (line.contains("=")) {
        int eq = line.indexOf('=');
        entries.computeIfAbsent(section + "." + line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
      }
    }
  }

  /** The last value of section.key (systemd's rule for single-valued settings), or null. */
  String get(String sectionKey) {
    List<String> v = entries.get(sectionKey);
    return v == null ? null : v.get(v.size() - 1);
  }
}
