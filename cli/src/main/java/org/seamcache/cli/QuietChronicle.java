package org.seamcache.cli;

/**
 * Keeps Chronicle Queue from phoning home (analytics) and printing its banner. {@code java -jar}
 * cannot pass {@code -D} flags through the jar manifest, so the content commands set these before
 * any Chronicle class loads; a value given on the command line wins. (Its INFO lines on every queue
 * a command opens are held at WARN by the jar's logback.xml.) Stateless.
 */
final class QuietChronicle {

  private QuietChronicle() {}

  static void apply() {
    setIfAbsent("chronicle.analytics.disable", "true");
    setIfAbsent("chronicle.announcer.disable", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
