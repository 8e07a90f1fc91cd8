package org.seamcache.proxy.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A network namespace whose loopback drops UDP packets on purpose, made by {@code
 * test-data/harness/lossy-netns.sh} (nftables {@code numgen}; TCP is never touched). Origin, proxy
 * and clients all run inside it ({@code ip netns exec}) and talk over its own 127.0.0.1.
 *
 * <p>Each instance has a name unique to this JVM and run ({@code h_e2e<pid>_<n>}), so parallel test
 * classes and parallel builds never share a namespace. Register it BEFORE any {@link OriginServer}
 * that runs inside it: JUnit stops extensions in reverse order, so the origin is gone before the
 * namespace is deleted.
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static LossyNamespace net = LossyNamespace.create();
 * @RegisterExtension @Order(2) static OriginServer origin = OriginServer.builder().inNamespace(net).build();
 * ... net.randomLoss(10, origin.rtpPorts().udpSourceMatch());
 * }</pre>
 *
 * <p>Needs root. Thread-safe: the rule methods are synchronized; {@link #exec} may run concurrently.
 */
public final class LossyNamespace implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

  /** Name given to lossy-netns.sh; the namespace itself is {@code h_<shortName>}. */
  private final String shortName;
  private boolean up;

  private LossyNamespace(String shortName) {
    this.shortName = shortName;
  }

  /** A namespace (not yet created) with a fresh unique name. */
  public static LossyNamespace create() {
    return new LossyNamespace(
        "e2e" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    up();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** The namespace's name, as {@code ip netns} knows it. */
  public String name() {
    return "h_" + shortName;
  }

  /** Creates the namespace with its loopback up. */
  public synchronized void up() {
    script("up");
    up = true;
  }

  /**
   * Lets multicast go over the namespace's loopback: {@code lo} marked multicast-capable, and a
   * route of 224.0.0.0/4 to it (a sender then reaches every member in the namespace; nothing leaves it).
   */
  public synchronized void routeMulticastOnLoopback() {
    for (List<String> c : List.of(List.of("ip", "link", "set", "lo", "multicast", "on"),
        List.of("ip", "route", "replace", "224.0.0.0/4", "dev", "lo", "src", "127.0.0.1"))) {
      CommandResult r = exec(c, SCRIPT_TIMEOUT);
      if (!r.succeeded()) {
        throw new IllegalStateException("multicast on " + name() + "'s loopback: " + String.join(" ", c) + " failed:\n" + r.describe());
      }
    }
  }

  /** Drops {@code percent}% of packets matching {@code nftUdpMatch}, each independently. */
  public synchronized void randomLoss(double percent, String nftUdpMatch) {
    script("random", pct(percent), nftUdpMatch);
  }

  /** Gilbert-model bursts on {@code nftUdpMatch}: long-run loss {@code percent}%, mean burst {@code meanBurstPackets}. */
  public synchronized void burstLoss(double percent, double meanBurstPackets, String nftUdpMatch) {
    script("burst", pct(percent), String.format(Locale.ROOT, "%.3f", meanBurstPackets), nftUdpMatch);
  }

  /** Removes every loss rule. */
  public synchronized void clearLoss() {
    script("clear");
  }

  /** The namespace's nftables ruleset, with packet counters. */
  public synchronized String rules() {
    return script("show").stdout();
  }

  /** {@code ip netns exec <name>}: put it in front of a command to run that command inside. */
  public List<String> execPrefix() {
    return List.of("ip", "netns", "exec", name());
  }

  /** Runs {@code command} inside the namespace, bounded by {@code timeout}. */
  public CommandResult exec(List<String> command, Duration timeout) {
    return CommandRunner.run(execPrefix(), command, timeout);
  }

  /** Deletes the namespace (stop the processes inside it first). */
  @Override
  public synchronized void close() {
    if (up) {
      script("down");
      up = false;
    }
  }

  private CommandResult script(String... args) {
    List<String> argv = new ArrayList<>(List.of("bash", HarnessFiles.script("lossy-netns.sh").toString()));
    argv.add(args[0]);
    argv.add(shortName);
    argv.addAll(List.of(args).subList(1, args.length));
    CommandResult r = CommandRunner.run(argv, SCRIPT_TIMEOUT);
    if (!r.succeeded()) {
      throw new IllegalStateException(
          "lossy-netns.sh " + args[0] + " failed (it needs root, iproute2 and nftables):\n" + r.describe());
    }
    return r;
  }

  private static String pct(double percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("loss percent must be within 0..100: " + percent);
    }
    return String.format(Locale.ROOT, "%.4f", percent);
  }
}
