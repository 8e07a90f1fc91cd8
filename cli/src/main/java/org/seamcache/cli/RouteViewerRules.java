package org.seamcache.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.server.ViewerAccess;

/**
 * A route's own viewer rules from the config file: {@code route.NAME.viewer-allow=CIDR,...},
 * {@code route.NAME.viewer-user=NAME:PASSWORD,...} and {@code route.NAME.viewer-token=off|required}.
 * Each key given replaces the proxy's setting for that route; one not given keeps the proxy's.
 * Stateless.
 */
final class RouteViewerRules {
  static final Set<String> KEYS = Set.of("viewer-allow", "viewer-user", "viewer-token");

  private RouteViewerRules() {}

  /**
   * The rules of every route that has a viewer key.
   *
   * @param settings the file's route settings, by route then key
   * @param where how messages name the file ({@code config /etc/seamcache/seamcache.conf})
   * @param global the proxy's rules, which a route's keys change
   * @param haveSecret whether a token secret is configured (a route cannot require tokens without one)
   */
  static Map<String, ViewerAccess.Rules> parse(Map<String, Map<String, String>> settings, String where, ViewerAccess.Rules global,
      Set<String> routeNames, boolean haveSecret) throws ServeCommand.ConfigProblem {
    Map<String, ViewerAccess.Rules> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> r : settings.entrySet()) {
      String route = r.getKey();
      List<Cidr> allowed = global.allowed();
      Map<String, String> users = global.users();
      boolean token = global.tokenRequired();
      boolean any = false;
      for (Map.Entry<String, String> kv : r.getValue().entrySet()) {
        if (!KEYS.contains(kv.getKey())) {
          continue;
        }
        any = true;
        String value = kv.getValue();
        String at = where + ": route." + route + "." + kv.getKey() + "=" + (kv.getKey().equals("viewer-user") ? masked(value) : value);
        if (!routeNames.contains(route)) {
          throw new ServeCommand.ConfigProblem(at + ": no route named '" + route + "'");
        }
        switch (kv.getKey()) {
          case "viewer-allow" -> allowed = networks(at, value);
          case "viewer-user" -> users = users(at, value);
          case "viewer-token" -> {
            if (!value.equals("off") && !value.equals("required")) {
              throw new ServeCommand.ConfigProblem(at + ": off or required");
            }
            token = value.equals("required");
            if (token && !haveSecret) {
              throw new ServeCommand.ConfigProblem(at + ": needs viewer-token-secret=FILE to check tokens with");
            }
          }
          default -> throw new IllegalStateException("a viewer key without a rule: " + kv.getKey());
        }
      }
      if (any) {
        out.put(route, new ViewerAccess.Rules(allowed, users, token));
      }
    }
    return out;
  }

  private static List<Cidr> networks(String at, String value) throws ServeCommand.ConfigProblem {
    List<Cidr> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        try {
          out.add(Cidr.parse(part.trim()));
        } catch (IllegalArgumentException e) {
          throw new ServeCommand.ConfigProblem(at + ": " + e.getMessage());
        }
      }
    }
    if (out.isEmpty()) {
      throw new ServeCommand.ConfigProblem(at + ": one or more networks (CIDR), comma-separated");
    }
    return out;
  }

  private static Map<String, String> users(String at, String value) throws ServeCommand.ConfigProblem {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : value.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int colon = part.indexOf(':');
      String name = colon < 0 ? "" : part.substring(0, colon).trim();
      if (colon < 0 || name.isEmpty() || colon == part.length() - 1) {
        throw new ServeCommand.ConfigProblem(at + ": NAME:PASSWORD, both non-empty (the name has no ':')");
      }
      out.put(name, part.substring(colon + 1));
    }
    if (out.isEmpty()) {
      throw new ServeCommand.ConfigProblem(at + ": one or more NAME:PASSWORD, comma-separated");
    }
    return out;
  }

  /** {@code alice:s3cret,bob:x} as {@code alice:***,bob:***}: passwords are never printed. */
  static String masked(String users) {
    List<String> out = new ArrayList<>();
    for (String part : users.split(",")) {
      int colon = part.indexOf(':');
      out.add(colon < 0 ? part.trim() : part.substring(0, colon).trim() + ":***");
    }
    return String.join(",", out);
  }
}
