package org.seamcache.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.seamcache.cli.SeamcacheCommand;

/**
 * The command that runs this seamcache ({@code serve ...} is appended), with the JVM options it
 * gets, said explicitly because they decide the memory figures: the installation's launcher when
 * the bench runs from an installation (it reads {@code conf/jvm.options} itself), else this JVM's
 * java and class path with the options of {@code packaging/src/dist/conf/jvm.options} when the
 * source tree is found (and the module flags Chronicle needs, which the jar's manifest gives an
 * installation). Immutable.
 */
record SeamcacheLaunch(List<String> command, List<String> jvmOptions, String optionsSource) {
  private static final String OPTIONS_IN_TREE = "packaging/src/dist/conf/jvm.options";
  private static final int TREE_LEVELS = 4;

  /** A user's own command: its JVM options are whatever it sets (the bench prints the serving process's command line). */
  static SeamcacheLaunch given(String commandLine) {
    return new SeamcacheLaunch(Arrays.asList(commandLine.trim().split("\\s+")), List.of(), "set by the given command");
  }

  static SeamcacheLaunch ofThisInstallation() throws IOException {
    int javaMajor = Runtime.version().feature();
    String classPath = System.getProperty("java.class.path");
    Path jar = Path.of(classPath).toAbsolutePath();
    Path home = jar.getParent() == null ? null : jar.getParent().getParent();
    if (!classPath.contains(java.io.File.pathSeparator) && jar.getFileName().toString().equals("seamcache.jar") && home != null
        && Files.isExecutable(home.resolve("bin/seamcache"))) {
      String file = System.getenv("SEAMCACHE_JVM_OPTIONS");
      Path options = file != null ? Path.of(file) : home.resolve("conf/jvm.options");
      List<String> flags = new ArrayList<>(Files.isReadable(options) ? JvmOptionsFile.read(options, javaMajor) : List.of());
      String extra = System.getenv("SEAMCACHE_OPTS");
      if (extra != null && !extra.isBlank()) {
        flags.addAll(Arrays.asList(extra.trim().split("\\s+")));
      }
      return new SeamcacheLaunch(List.of(home.resolve("bin/seamcache").toString()), flags,
          options + " (read by the launcher " + home.resolve("bin/seamcache") + ")" + (extra != null && !extra.isBlank() ? " + SEAMCACHE_OPTS" : ""));
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access")) {
        cmd.add(arg); // Chronicle's module flags (an installation has them in the jar's manifest)
      }
    }
    Path options = optionsInTree();
    List<String> flags = options == null ? List.of() : JvmOptionsFile.read(options, javaMajor);
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", classPath, SeamcacheCommand.class.getName()));
    return new SeamcacheLaunch(cmd, flags, options == null ? "none found (no " + OPTIONS_IN_TREE + " above the working directory)" : options.toString());
  }

  private static Path optionsInTree() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i <= TREE_LEVELS && dir != null; i++, dir = dir.getParent()) {
      Path f = dir.resolve(OPTIONS_IN_TREE);
      if (Files.isReadable(f)) {
        return f;
      }
    }
    return null;
  }
}
