package org.seamcache.cli.logging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict parser for one JSON object whose values are strings, numbers, booleans or null (what a
 * log line holds): anything else, or anything after the closing brace, is an error. Numbers come
 * back as Long or Double. Not thread-safe.
 */
final class FlatJson {
  private final String s;
  private int i;

  private FlatJson(String s) {
    this.s = s;
  }

  static Map<String, Object> parse(String line) {
    FlatJson p = new FlatJson(line);
    Map<String, Object> out = p.object();
    p.blanks();
    if (p.i != line.length()) {
      throw p.error("text after the object");
    }
    return out;
  }

  private Map<String, Object> object() {
    Map<String, Object> out = new LinkedHashMap<>();
    blanks();
    expect('{');
    blanks();
    if (peek() == '}') {
      i++;
      return out;
    }
    while (true) {
      blanks();
      String key = string();
      blanks();
      expect(':');
      blanks();
      if (out.put(key, value()) != null) {
        throw error("duplicate key " + key);
      }
      blanks();
      char c = next();
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        throw error("expected , or }");
      }
    }
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (s.startsWith(word, i)) {
        i += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String n = s.substring(start, i);
    if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      throw error("not a JSON value");
    }
    return n.matches("-?[0-9]+") ? (Object) Long.valueOf(n) : (Object) Double.valueOf(n);
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private void blanks() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + i + " in: " + s);
  }
}
