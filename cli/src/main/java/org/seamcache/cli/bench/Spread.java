package org.seamcache.cli.bench;

import java.util.List;

/** The median of some repeated figures with their smallest and largest; NaN figures are left out. Immutable. */
record Spread(double median, double min, double max, int count) {
  static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

  static Spread of(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return NONE;
    }
    int mid = v.length / 2;
    double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    return new Spread(median, v[0], v[v.length - 1], v.length);
  }

  boolean isEmpty() {
    return count == 0;
  }
}
