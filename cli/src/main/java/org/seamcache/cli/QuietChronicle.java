package org.seamcache.cli;

/**
 * Keeps Chronicle Queue from phoning home (analytics), printing its banner, and logging INFO lines
 * on every queue a command opens. {@code java -jar} cannot pass {@code -D} flags through the jar
 * manifest, so the content commands set these before any Chronicle class loads; a value given on the
 * command line wins. Stateless.
 */
final class QuietChronicle {

  private QuietChronicle() {}

  static void apply() {
    setIfAbsent("chronicle.analytics.disable", "true");
    setIfAbsent("chronicle.announcer.disable", "true");
    setIfAbsent("org.slf4j.simpleLogger.log.net.openhft", "warn");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
