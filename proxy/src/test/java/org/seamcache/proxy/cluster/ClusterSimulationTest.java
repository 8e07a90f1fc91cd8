package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster simulation at a small size, checked against what its rules promise; and at the size
 * of the issue (10,000 nodes, 1 M titles) when asked for:
 * {@code ./mvnw -B -ntp -pl proxy -am test -Dtest=ClusterSimulationTest -Dsurefire.failIfNoSpecifiedTests=false -Dseamcache.sim=full}
 * (its figures are in the README).
 */
class ClusterSimulationTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void aSmallClusterKeepsItsPromises(long seed) {
    var p = new ClusterSimulation.Params(200, 20_000, 4, 120, 0.5, 0.8, 300, 20, 20, 5_000, seed);
    ClusterSimulation.Figures f = new ClusterSimulation(p).run();
    System.out.println("cluster simulation: " + ClusterSimulation.describe(f));

    assertThat(f.maxWritesOfANodeInARound()).as("a round never writes more than its cap").isLessThanOrEqualTo(ZooKeeperCluster.MAX_WRITES_PER_ROUND);
    assertThat(f.registryMatchesHoldings()).as("once quiet, the registry holds exactly what the nodes hold").isTrue();
    assertThat(f.writesTotal()).as("coalescing never writes more than there were changes").isLessThanOrEqualTo(f.stateChanges()).isPositive();
    long served = Arrays.stream(f.hops()).sum();
    assertThat(served).as("every counted request is served").isEqualTo(Math.round(f.requestsPerSecond() * (p.seconds() - f.warmupSeconds())));
    assertThat(f.hops()[f.hops().length - 1]).as("no redirect loops").isZero();
    assertThat(f.hops()[1]).as("redirects happen, and go to a holder").isPositive();
    assertThat(f.redirectedShare() + f.originShare()).isLessThanOrEqualTo(1.0);
    assertThat(f.originSessionsTopLiveChannel()).as("at most one origin session per node for a channel").isBetween(1, p.nodes());
  }

  @Test
  void theSameSeedGivesTheSameFigures() {
    var p = new ClusterSimulation.Params(50, 5_000, 2, 60, 0.5, 0.8, 100, 10, 5, 500, 7);
    assertThat(ClusterSimulation.describe(new ClusterSimulation(p).run())).isEqualTo(ClusterSimulation.describe(new ClusterSimulation(p).run()));
  }

  @Test
  void readingABoundedSampleOfHoldersCutsReadsAndStillRedirects() {
    var all = new ClusterSimulation(new ClusterSimulation.Params(200, 20_000, 4, 120, 0.5, 0.8, 300, 20, 0, 0, 5, 0)).run();
    var sample = new ClusterSimulation(new ClusterSimulation.Params(200, 20_000, 4, 120, 0.5, 0.8, 300, 20, 0, 0, 5, 4)).run();
    System.out.println("cluster simulation: " + ClusterSimulation.describe(sample));
    assertThat(sample.readsPerSecond()).isLessThan(all.readsPerSecond());
    assertThat(sample.redirectedShare()).isGreaterThan(0.3);
    assertThat(sample.hops()[sample.hops().length - 1]).isZero();
  }

  @Test
  void atTheIssuesSizeWhenAskedFor() {
    org.junit.jupiter.api.Assumptions.assumeTrue("full".equals(System.getProperty("seamcache.sim")), "-Dseamcache.sim=full");
    // as the node reads them (a sample); -Dseamcache.sim.holders=all: every holder, as before the sample
    int k = "all".equals(System.getProperty("seamcache.sim.holders")) ? 0 : SiblingLocations.HOLDERS_READ_PER_LOOKUP;
    double[][] runs = {{0.1, k}, {0.5, k}};
    for (double[] run : runs) {
      var p = new ClusterSimulation.Params(10_000, 1_000_000, 100, 900, run[0], 0.8, 1_000, 300, 500, 1_000_000, 11, (int) run[1]);
      ClusterSimulation.Figures f = new ClusterSimulation(p).run();
      System.out.println("cluster simulation: " + ClusterSimulation.describe(f));
      assertThat(f.registryMatchesHoldings()).isTrue();
      assertThat(f.maxWritesOfANodeInARound()).isLessThanOrEqualTo(ZooKeeperCluster.MAX_WRITES_PER_ROUND);
    }
  }
}
