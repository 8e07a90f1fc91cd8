package org.seamcache.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where {@code serve}'s settings come from when the command line does not give them: the
 * environment ({@code SEAMCACHE_RTSP_PORT} for {@code --rtsp-port}), then the config file
 * ({@code rtsp-port=}), then the option's own default. Picocli asks it only for options not given
 * as flags, so a flag wins even when it equals the default. The file is read once, when first
 * needed, from {@code --config} (or {@code SEAMCACHE_CONFIG}); a key no option has is refused with
 * the nearest known key. Remembers where each value came from, for messages and {@code config show}.
 */
public final class ServeDefaults implements CommandLine.IDefaultValueProvider {
  static final String ENV_PREFIX = "SEAMCACHE_";
  /** File keys whose name differs from their option's. */
  private static final Map<String, String> KEY_FOR_OPTION = Map.of("--record-route", "record-routes");
  /** Options that have no file key: the file itself, and routes (route.NAME=URL, merged by name). */
  private static final Set<String> NOT_IN_FILE = Set.of("--config", "--route", "--help", "--version", "--channel");

  private final Map<String, String> env;
  private Properties file;
  private Path filePath;
  private final Map<String, String> suppliedBy = new LinkedHashMap<>();

  public ServeDefaults() {
    this(System.getenv());
  }

  ServeDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String name = option.longestName();
    if (name.equals("--config")) {
      String v = env.get(ENV_PREFIX + "CONFIG");
      if (v != null) {
        suppliedBy.put(name, "environment " + ENV_PREFIX + "CONFIG=" + v);
      }
      return v;
    }
    if (NOT_IN_FILE.contains(name)) {
      return null;
    }
    String envName = envName(name);
    String v = env.get(envName);
    if (v != null) {
      suppliedBy.put(name, "environment " + envName + "=" + (name.equals("--viewer-user") ? "***" : v));
      return v.trim();
    }
    Properties p = file(option.command());
    String key = fileKey(name);
    v = p == null ? null : p.getProperty(key);
    if (v != null) {
      suppliedBy.put(name, "config " + filePath + ": " + key + "=" + (name.equals("--viewer-user") ? "***" : v.trim())); // no passwords in messages
      return v.trim();
    }
    return null;
  }

  /** The environment variable or config line that gave {@code optionName} its value, or null. */
  String supplied(String optionName) {
    return suppliedBy.get(optionName);
  }

  /** Where the value of {@code optionName} came from, as a message names it ({@code --x 5}, {@code config F: x=5}, ...). */
  String source(CommandSpec spec, String optionName, Object value) {
    OptionSpec o = spec.findOption(optionName);
    if (o != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption(o)) {
      return optionName + " " + value;
    }
    String s = suppliedBy.get(optionName);
    return s != null ? s : optionName + " " + value + " (the default)";
  }

  /** Where the value came from, in a word or two, for {@code config show}. */
  String origin(CommandSpec spec, String optionName) {
    OptionSpec o = spec.findOption(optionName);
    if (o != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption(o)) {
      return "flag " + optionName;
    }
    String s = suppliedBy.get(optionName);
    if (s == null) {
      return "default";
    }
    return s.startsWith("environment ") ? s.substring(0, s.indexOf('=')) : "config " + filePath;
  }

  /**
   * Settings a route may have of its own, {@code route.NAME.KEY=VALUE}: the seaming of its contents,
   * who may watch it, its caching, and (onward streams) {@code loop} and {@code time-shift-seconds}.
   */
  static final Set<String> ROUTE_SETTINGS =
      Set.of("max-legs", "fill-window-ms", "leg-open-loss", "leg-open-intervals", "leg-close-loss", "leg-close-hold-seconds",
          "viewer-allow", "viewer-user", "viewer-token", "cache", "cache-max-age", "report-url", "repair",
          "loop", "time-shift-seconds", "cluster-policy",
          "relay-above", "relay-below");

  /** The route setting a key names ({@code route.cam.max-legs} → [cam, max-legs]), or null for a route URL. */
  static String[] routeSetting(String key) {
    for (String s : ROUTE_SETTINGS) {
      String suffix = "." + s;
      if (key.startsWith("route.") && key.endsWith(suffix) && key.length() > "route.".length() + suffix.length()) {
        return new String[] {key.substring("route.".length(), key.length() - suffix.length()), s};
      }
    }
    return null;
  }

  /** The file's {@code route.NAME.KEY=VALUE} settings, by route then key. */
  Map<String, Map<String, String>> fileRouteSettings() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (file != null) {
      for (String key : new TreeSet<>(file.stringPropertyNames())) {
        String[] rs = routeSetting(key);
        if (rs != null) {
          out.computeIfAbsent(rs[0], r -> new LinkedHashMap<>()).put(rs[1], file.getProperty(key).trim());
        }
      }
    }
    return out;
  }

  /** The file's {@code route.NAME=URL} entries (flags win per name). */
  Map<String, String> fileRoutes() {
    Map<String, String> routes = new LinkedHashMap<>();
    if (file != null) {
      for (String key : new TreeSet<>(file.stringPropertyNames())) {
        if (key.startsWith("route.") && routeSetting(key) == null) {
          routes.put(key.substring("route.".length()), file.getProperty(key).trim());
        }
      }
    }
    return routes;
  }

  /**
   * Settings a time-offset channel may have of its own, {@code channel.NAME.KEY=VALUE}: the offsets
   * it sends as multicast ({@code multicast=OFFSET@GROUP:PORT,...}) and their TTL.
   */
  static final Set<String> CHANNEL_SETTINGS = Set.of("multicast", "multicast-ttl");

  /** The channel setting a key names ({@code channel.film.multicast} → [film, multicast]), or null for a channel itself. */
  static String[] channelSetting(String key) {
    for (String s : CHANNEL_SETTINGS) {
      String suffix = "." + s;
      if (key.startsWith("channel.") && key.endsWith(suffix) && key.length() > "channel.".length() + suffix.length()) {
        return new String[] {key.substring("channel.".length(), key.length() - suffix.length()), s};
      }
    }
    return null;
  }

  /** The file's {@code channel.NAME.KEY=VALUE} settings, by channel then key. */
  Map<String, Map<String, String>> fileChannelSettings() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (file != null) {
      for (String key : new TreeSet<>(file.stringPropertyNames())) {
        String[] cs = channelSetting(key);
        if (cs != null) {
          out.computeIfAbsent(cs[0], c -> new LinkedHashMap<>()).put(cs[1], file.getProperty(key).trim());
        }
      }
    }
    return out;
  }

  /** The file's {@code channel.NAME=URL@OFFSETS} entries (time-offset channels; flags win per name). */
  Map<String, String> fileChannels() {
    Map<String, String> channels = new LinkedHashMap<>();
    if (file != null) {
      for (String key : new TreeSet<>(file.stringPropertyNames())) {
        if (key.startsWith("channel.") && channelSetting(key) == null) {
          channels.put(key.substring("channel.".length()), file.getProperty(key).trim());
        }
      }
    }
    return channels;
  }

  Map<String, String> env() {
    return env;
  }

  Path filePath() {
    return filePath;
  }

  static String fileKey(String optionName) {
    return KEY_FOR_OPTION.getOrDefault(optionName, optionName.substring(2));
  }

  static String envName(String optionName) {
    return ENV_PREFIX + fileKey(optionName).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private Properties file(CommandSpec spec) {
    if (file != null) {
      return file;
    }
    OptionSpec configOption = spec.findOption("--config");
    Object configured = configOption == null ? null : configOption.getValue();
    if (configured == null) {
      String fromEnv = env.get(ENV_PREFIX + "CONFIG");
      configured = fromEnv == null ? null : Path.of(fromEnv);
    }
    if (configured == null) {
      return null;
    }
    filePath = (Path) configured;
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(filePath)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "config " + filePath + ": cannot be read: " + describe(e));
    }
    List<String> unknown = new ArrayList<>();
    Set<String> known = knownKeys(spec);
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      if (key.startsWith("route.")) {
        if (key.length() == "route.".length()) {
          unknown.add("route. needs a name: route.NAME=rtsp://origin/path");
        }
      } else if (key.startsWith("channel.")) {
        if (key.length() == "channel.".length()) {
          unknown.add("channel. needs a name: channel.NAME=rtsp://origin/path@0,15m");
        }
      } else if (!known.contains(key)) {
        String near = nearest(key, known);
        unknown.add("unknown key '" + key + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
      }
    }
    if (!unknown.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "config " + filePath + ": " + String.join("; ", unknown));
    }
    file = p;
    return p;
  }

  private static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }

  /** The file keys {@code serve} reads (every option's, but the file's own and routes'). */
  public static Set<String> knownKeys(CommandSpec spec) {
    Set<String> keys = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      String name = o.longestName();
      if (name.startsWith("--") && !NOT_IN_FILE.contains(name)) {
        keys.add(fileKey(name));
      }
    }
    return keys;
  }

  /** The known key within two edits of {@code key}, if one is. */
  private static String nearest(String key, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = editDistance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
