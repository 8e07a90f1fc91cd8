package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.cluster.ClusterSettings;
import org.seamcache.proxy.cluster.RelayThresholds;
import org.junit.jupiter.api.io.TempDir;

/** The cluster options: config keys like every serve option, checked with the source of a bad value named. */
class ClusterOptionsTest {
  @TempDir Path dir;

  private Path conf(String text) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "seamcache", ".conf"), text);
  }

  @Test
  void clusterSettingsComeFromTheFileAndRouteNamesItsPolicy() throws Exception {
    Path c = conf("cluster=zk1:2181,zk2:2181\nnode-id=edge-7\nnode-url=rtsp://edge-7.example.net:8554\nzone=rack-3\n"
        + "route.cam=rtsp://origin/cam\nroute.cam.cluster-policy=origin\n");
    CliRun ok = CliRun.of(Map.of(), "config", "check", c.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    CliRun show = CliRun.of(Map.of(), "config", "show", "--config", c.toString());
    assertThat(show.out().lines()).contains("cluster=zk1:2181,zk2:2181    # config " + c).contains("zone=rack-3    # config " + c)
        .contains("cluster-policy=redirect    # default");
  }

  @Test
  void aBadPolicyANodeIdOrARouteThatIsNotThereIsNamed() throws Exception {
    Path policy = conf("cluster-policy=sibling\n");
    CliRun p = CliRun.of(Map.of(), "config", "check", policy.toString());
    assertThat(p.exit()).isEqualTo(2);
    assertThat(p.err().strip()).isEqualTo("seamcache config check: config " + policy + ": cluster-policy=sibling: redirect, fetch or origin");

    Path id = conf("cluster=zk1:2181\nnode-id=edge 7\n");
    CliRun i = CliRun.of(Map.of(), "config", "check", id.toString());
    assertThat(i.exit()).isEqualTo(2);
    assertThat(i.err().strip()).isEqualTo("seamcache config check: config " + id
        + ": node-id=edge 7: node id 'edge 7' must be 1-64 letters, digits, '.', '_' or '-'");

    Path route = conf("route.cam.cluster-policy=origin\n");
    CliRun r = CliRun.of(Map.of(), "config", "check", route.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).endsWith(": route.cam.cluster-policy=origin: no route named 'cam'");
  }

  @Test
  void aClusterSecretIsReadAtTheCheckAndAShortOrMissingOneIsNamed() throws Exception {
    Path good = Files.writeString(dir.resolve("good.secret"), "sixteen bytes or more\n");
    Path c = conf("cluster=zk1:2181\nnode-id=edge-7\nroute.cam=rtsp://origin/cam\nroute.cam.cluster-policy=fetch\ncluster-secret=" + good + "\n");
    CliRun ok = CliRun.of(Map.of(), "config", "check", c.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();

    Path shortSecret = Files.writeString(dir.resolve("short.secret"), "too short\n");
    Path s = conf("cluster=zk1:2181\nnode-id=edge-7\ncluster-secret=" + shortSecret + "\n");
    CliRun bad = CliRun.of(Map.of(), "config", "check", s.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("seamcache config check: config " + s + ": cluster-secret=" + shortSecret
        + ": a cluster secret needs at least 16 bytes, got 9");

    Path m = conf("cluster=zk1:2181\nnode-id=edge-7\ncluster-secret=" + dir.resolve("absent") + "\n");
    CliRun missing = CliRun.of(Map.of(), "config", "check", m.toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo("seamcache config check: config " + m + ": cluster-secret=" + dir.resolve("absent")
        + ": cannot be read (NoSuchFileException)");
  }

  @Test
  void relayThresholdsComeFromTheFileWithARoutesOwnAndBadOnesAreNamed() throws Exception {
    Path c = conf("cluster=zk1:2181\nnode-id=edge-7\nrelay-above=500\nroute.cam=rtsp://origin/cam\nroute.cam.relay-above=10\n"
        + "route.lobby=rtsp://origin/lobby\nroute.lobby.relay-below=50\nroute.yard=rtsp://origin/yard\n");
    StringWriter err = new StringWriter();
    ServeCommand serve = ConfigCommand.parsedServe(Map.of(), List.of("--config", c.toString()), new PrintWriter(err, true), "test");
    assertThat(serve).as(err.toString()).isNotNull();
    ClusterSettings cluster = serve.proxyConfig().cluster();
    assertThat(cluster.relaysFor(null)).as("relay-below: half of relay-above").isEqualTo(new RelayThresholds(500, 250));
    assertThat(cluster.relaysFor("yard")).isEqualTo(new RelayThresholds(500, 250));
    assertThat(cluster.relaysFor("cam")).isEqualTo(new RelayThresholds(10, 5));
    assertThat(cluster.relaysFor("lobby")).isEqualTo(new RelayThresholds(500, 50));
    assertThat(serve.proxyConfig().routeSeaming()).as("relay keys are no seaming keys").isEmpty();

    Path below = conf("cluster=zk1:2181\nnode-id=edge-7\nrelay-above=2\nrelay-below=3\n");
    CliRun b = CliRun.of(Map.of(), "config", "check", below.toString());
    assertThat(b.exit()).isEqualTo(2);
    assertThat(b.err().strip()).isEqualTo("seamcache config check: config " + below + ": relay-below=3: relay-below must be 1 to relay-above (2) viewers, not 3");

    Path route = conf("cluster=zk1:2181\nnode-id=edge-7\nroute.cam=rtsp://origin/cam\nroute.cam.relay-above=many\n");
    CliRun r = CliRun.of(Map.of(), "config", "check", route.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).endsWith(": route.cam.relay-above=many: a whole number of viewers");
  }
}
