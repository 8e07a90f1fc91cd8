package org.seamcache.proxy.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code route} label of per-content series: a configured route's name, or {@value #NONE} for
 * content addressed by URL prefix or in proxy form. Its values are fixed by the configuration, so
 * per-content series stay bounded however many origins, legs and sessions come and go.
 */
final class RouteLabel {
  /** Not a possible route name (those are letters, digits and . _ ~ -). */
  static final String NONE = "(none)";

  private RouteLabel() {}

  static String of(String routeName) {
    return routeName == null ? NONE : routeName;
  }

  /** The route name a label stands for (null for {@value #NONE}). */
  static String routeName(String label) {
    return NONE.equals(label) ? null : label;
  }

  /** Every label value: the configured routes, sorted, and {@value #NONE}. */
  static List<String> all(Set<String> routeNames) {
    List<String> labels = new ArrayList<>(new TreeSet<>(routeNames));
    labels.add(NONE);
    return labels;
  }
}
