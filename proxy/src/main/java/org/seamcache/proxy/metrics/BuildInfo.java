package org.seamcache.proxy.metrics;

/**
 * What was built: the version and the git commit, for {@code seamcache_build_info}. The command
 * line knows them (its build records them); a proxy started without it reads the version from its
 * jar's manifest and says "unknown" where nothing tells.
 */
public record BuildInfo(String version, String commit) {
  public BuildInfo {
    version = version == null || version.isBlank() ? "unknown" : version;
    commit = commit == null || commit.isBlank() ? "unknown" : commit;
  }

  /** The proxy jar's Implementation-Version, if its manifest has one; the commit is unknown. */
  public static BuildInfo fromManifest() {
    return new BuildInfo(BuildInfo.class.getPackage().getImplementationVersion(), null);
  }
}
