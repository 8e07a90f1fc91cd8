package org.seamcache.proxy.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests (the Prometheus Java
 * client writes this format but has no parser). It rejects what a Prometheus server would, and a
 * little more: metric and label names outside their charsets, bad label quoting or escapes,
 * values that are not numbers, a second TYPE or HELP for a family, a TYPE after the family's
 * samples, samples of one family not together, a sample name that does not belong to its typed
 * family, and the same series twice.
 */
public final class PrometheusText {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its TYPE, HELP and samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  public Map<String, Family> families() {
    return families;
  }

  /** The family of that name, or of whose samples it is the name (a counter declared without {@code _total}). */
  public Optional<Family> family(String name) {
    return Optional.ofNullable(families.get(name));
  }

  /** Every sample named {@code name}, whichever family it belongs to. */
  public List<Sample> samples(String name) {
    List<Sample> out = new ArrayList<>();
    for (Family f : families.values()) {
      for (Sample s : f.samples()) {
        if (s.name().equals(name)) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The one sample named {@code name} with exactly these labels. */
  public Optional<Sample> sample(String name, Map<String, String> labels) {
    return samples(name).stream().filter(s -> s.labels().equals(labels)).findFirst();
  }

  public static PrometheusText parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition does not end with a line feed");
    }
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    Set<String> closed = new HashSet<>(); // families whose samples are over (another family's began)
    Set<String> series = new HashSet<>();
    String current = null;
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      String where = "line " + lineNo + " '" + line + "': ";
      if (line.startsWith("#")) {
        String[] parts = line.split(" ", 4);
        if (parts.length >= 3 && (parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
          String name = parts[2];
          requireName(name, where);
          if (samples.containsKey(name) || closed.contains(name)) {
            throw new IllegalArgumentException(where + parts[1] + " after the family's samples");
          }
          if (parts[1].equals("TYPE")) {
            if (parts.length != 4 || !TYPES.contains(parts[3])) {
              throw new IllegalArgumentException(where + "unknown type");
            }
            if (types.putIfAbsent(name, parts[3]) != null) {
              throw new IllegalArgumentException(where + "a second TYPE for " + name);
            }
          } else if (helps.putIfAbsent(name, parts.length == 4 ? unescapeHelp(parts[3], where) : "") != null) {
            throw new IllegalArgumentException(where + "a second HELP for " + name);
          }
        }
        continue; // other comments are allowed
      }
      Sample s = sample(line, where);
      String family = familyOf(s.name(), types);
      if (!family.equals(current)) {
        if (closed.contains(family)) {
          throw new IllegalArgumentException(where + "samples of " + family + " are not together");
        }
        if (current != null) {
          closed.add(current);
        }
        current = family;
      }
      if (!series.add(s.name() + new TreeMap<>(s.labels()))) {
        throw new IllegalArgumentException(where + "the same series twice");
      }
      samples.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
    }
    Map<String, Family> families = new LinkedHashMap<>();
    for (String name : types.keySet()) {
      families.put(name, new Family(name, types.get(name), helps.get(name), List.copyOf(samples.getOrDefault(name, List.of()))));
    }
    for (String name : samples.keySet()) {
      families.putIfAbsent(name, new Family(name, "untyped", helps.get(name), List.copyOf(samples.get(name))));
    }
    return new PrometheusText(families);
  }

  /** The typed family a sample belongs to: its own name, or its name less a suffix its type allows. */
  private static String familyOf(String sample, Map<String, String> types) {
    if (types.containsKey(sample)) {
      return sample; // a gauge, a counter declared with its _total, a summary's quantiles
    }
    for (String suffix : List.of("_total", "_created", "_sum", "_count", "_bucket")) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        String t = types.get(base);
        boolean allowed = t != null && switch (suffix) {
          case "_total", "_created" -> t.equals("counter");
          case "_sum", "_count" -> t.equals("histogram") || t.equals("summary");
          default -> t.equals("histogram");
        };
        if (allowed) {
          return base;
        }
      }
    }
    return sample; // untyped
  }

  private static Sample sample(String line, String where) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireName(name, where);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (true) {
        if (i < line.length() && line.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw new IllegalArgumentException(where + "a label without '='");
        }
        String label = line.substring(i, eq);
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
          throw new IllegalArgumentException(where + "bad label name '" + label + "'");
        }
        if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException(where + "an unquoted label value");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; ; j++) {
          if (j >= line.length()) {
            throw new IllegalArgumentException(where + "an unterminated label value");
          }
          char c = line.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            char e = j + 1 < line.length() ? line.charAt(++j) : ' ';
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException(where + "a bad escape in a label value");
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(label, value.toString()) != null) {
          throw new IllegalArgumentException(where + "label " + label + " twice");
        }
        i = j + 1;
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        } else if (i >= line.length() || line.charAt(i) != '}') {
          throw new IllegalArgumentException(where + "labels not separated by ','");
        }
      }
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException(where + "no value");
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length > 2) {
      throw new IllegalArgumentException(where + "more than a value and a timestamp");
    }
    double value = number(rest[0], where);
    if (rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
      throw new IllegalArgumentException(where + "a timestamp that is not an integer");
    }
    return new Sample(name, Map.copyOf(labels), value);
  }

  private static double number(String v, String where) {
    switch (v) {
      case "NaN" -> {
        return Double.NaN;
      }
      case "+Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        if (!v.matches("[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?")) {
          throw new IllegalArgumentException(where + "'" + v + "' is not a number");
        }
        return Double.parseDouble(v);
      }
    }
  }

  private static String unescapeHelp(String help, String where) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      if (c == '\\') {
        char e = i + 1 < help.length() ? help.charAt(++i) : ' ';
        switch (e) {
          case '\\' -> b.append('\\');
          case 'n' -> b.append('\n');
          default -> throw new IllegalArgumentException(where + "a bad escape in HELP");
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static void requireName(String name, String where) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(where + "bad metric name '" + name + "'");
    }
  }
}
