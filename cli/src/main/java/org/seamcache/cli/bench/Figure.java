package org.seamcache.cli.bench;

/** One measured figure of one relay in one repetition, e.g. "50 UDP viewers, steady" 3.2 CPU s / M packets. Immutable. */
record Figure(String label, String unit, double value) {}
