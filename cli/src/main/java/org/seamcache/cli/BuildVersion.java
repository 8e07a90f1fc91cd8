package org.seamcache.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code seamcache --version}: the version and git commit the jar was built from, so an operator can
 * tell exactly what runs. The build writes {@value #RESOURCE}; a jar built outside git says "unknown".
 */
public final class BuildVersion implements IVersionProvider {

  static final String RESOURCE = "/org/seamcache/cli/build-version.properties";

  @Override
  public String[] getVersion() {
    Properties p = load();
    return new String[] {
      "seamcache " + p.getProperty("version", "unknown") + " (commit " + p.getProperty("commit", "unknown") + ")",
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** The same version and commit, for the proxy's {@code seamcache_build_info} metric. */
  static org.seamcache.proxy.metrics.BuildInfo buildInfo() {
    Properties p = load();
    return new org.seamcache.proxy.metrics.BuildInfo(p.getProperty("version"), p.getProperty("commit"));
  }

  static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // A missing or unreadable resource is reported as "unknown", never as a failed --version.
    }
    return p;
  }
}
