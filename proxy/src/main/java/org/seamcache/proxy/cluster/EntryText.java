package org.seamcache.proxy.cluster;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The text of a registry entry: {@code key=value} lines (java.util.Properties escaping), readable
 * with {@code zkCli.sh get}. Stateless.
 */
final class EntryText {
  private EntryText() {}

  static byte[] encode(Map<String, String> fields) {
    StringWriter w = new StringWriter();
    for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
      Properties one = new Properties();
      one.setProperty(e.getKey(), e.getValue());
      try {
        StringWriter line = new StringWriter();
        one.store(line, null);
        // store() writes a date comment first: keep only the entry itself, so equal fields give equal bytes
        line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> w.append(l).append('\n'));
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return w.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, String> decode(byte[] data) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable registry entry: " + e.getMessage());
    }
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  static String required(Map<String, String> fields, String name) {
    String v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException("registry entry without '" + name + "'");
    }
    return v;
  }
}
