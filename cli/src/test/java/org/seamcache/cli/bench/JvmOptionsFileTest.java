package org.seamcache.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's jvm.options rules, as bench-relay applies them to say which JVM options seamcache ran with. */
class JvmOptionsFileTest {
  private static final List<String> FILE = List.of(
      "# a comment", "", "-XX:+ExitOnOutOfMemoryError", "  #-Xmx1g", "24-:--sun-misc-unsafe-memory-access=allow",
      "17-21:-XX:+UseSerialGC", "17:-Dseventeen=only");

  @Test
  void versionRangesPickTheFlagsOfThisJava() {
    assertThat(JvmOptionsFile.parse(FILE, 17)).containsExactly("-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Dseventeen=only");
    assertThat(JvmOptionsFile.parse(FILE, 21)).containsExactly("-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC");
    assertThat(JvmOptionsFile.parse(FILE, 25)).containsExactly("-XX:+ExitOnOutOfMemoryError", "--sun-misc-unsafe-memory-access=allow");
  }
}
