package org.seamcache.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** The artifacts this module built, as the failsafe configuration names them. */
final class Built {
  private Built() {}

  static String version() {
    return property("seamcache.version");
  }

  static Path tarball() {
    return existing("seamcache.tarball");
  }

  static Path deb() {
    return existing("seamcache.deb");
  }

  private static Path existing(String key) {
    Path p = Path.of(property(key));
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(key + ": " + p + " was not built");
    }
    return p;
  }

  private static String property(String key) {
    String v = System.getProperty(key);
    if (v == null) {
      throw new IllegalStateException("system property " + key + " is not set (run through Maven failsafe)");
    }
    return v;
  }
}
