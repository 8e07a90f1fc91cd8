package org.seamcache.cli.bench;

/** One load the bench puts on a relay: this many viewers over UDP or TCP-interleaved. Immutable. */
record RelayLoad(int viewers, boolean tcp) {
  String label() {
    return viewers + (tcp ? " TCP" : " UDP") + " viewers";
  }
}
