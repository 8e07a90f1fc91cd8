package org.seamcache.proxy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * UDP loss on the host's own loopback, for a proxy that runs inside the test JVM (which cannot move
 * into a {@link LossyNamespace}). An nftables table of its own ({@code inet e2e_<pid>_<n>}) drops
 * packets matching a UDP match, at random or in Gilbert-model bursts, on the input hook only (a
 * loopback packet passes output and input; it must be dropped at most once).
 *
 * <p>Scope the match to ports this test owns, e.g. {@code origin.rtpPorts().udpSourceMatch()} (what
 * that origin sends): those blocks are locked machine-wide by {@link LoopbackPorts}, so other tests and
 * other builds on the machine are not touched. TCP is never matched.
 *
 * <pre>{@code
 * @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
 * ... loss.randomLoss(10, origin.rtpPorts().udpSourceMatch());
 * }</pre>
 *
 * <p>Needs root. Thread-safe (rule changes are synchronized). Tables left by a test JVM that died
 * are deleted by the next {@link #create()}.
 */
public final class LoopbackLoss implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Pattern OUR_TABLE = Pattern.compile("table inet (e2e_(\\d+)_\\d+)");
  private static final Duration NFT_TIMEOUT = Duration.ofSeconds(20);
  private static final long PPM = 1_000_000;

  private final String table;
  private boolean installed;

  private LoopbackLoss(String table) {
    this.table = table;
  }

  /** A rule holder with a fresh unique table name; nothing is installed until a loss method runs. */
  public static LoopbackLoss create() {
    deleteTablesOfDeadJvms();
    return new LoopbackLoss("e2e_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // nothing to set up: rules are installed by the test
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public String tableName() {
    return table;
  }

  /** Drops every packet matching {@code nftUdpMatch} (a firewall that blocks the flow). */
  public synchronized void dropAll(String nftUdpMatch) {
    install(
        String.join(
            "\n",
            "table inet " + table + " {",
            "  chain input {",
            "    type filter hook input priority -10; policy accept;",
            "    " + nftUdpMatch + " counter drop",
            "  }",
            "}"));
  }

  /** Drops {@code percent}% of packets matching {@code nftUdpMatch}, each independently. */
  public synchronized void randomLoss(double percent, String nftUdpMatch) {
    install(
        String.join(
            "\n",
            "table inet " + table + " {",
            "  chain input {",
            "    type filter hook input priority -10; policy accept;",
            "    " + nftUdpMatch + " counter numgen random mod " + PPM + " < " + ppm(percent / 100) + " counter drop",
            "  }",
            "}"));
  }

  /**
   * Gilbert-model bursts on {@code nftUdpMatch}, state kept per destination port: long-run loss
   * {@code percent}%, mean burst {@code meanBurstPackets}. In Good, a packet enters Bad (and is lost)
   * with probability p; in Bad, each packet leaves (and passes) with probability r = 1/mean burst.
   * Loss = p/(p+r), so p = L·r/(1−L).
   */
  public synchronized void burstLoss(double percent, double meanBurstPackets, String nftUdpMatch) {
    if (meanBurstPackets < 1) {
      throw new IllegalArgumentException("mean burst must be >= 1 packet: " + meanBurstPackets);
    }
    double loss = percent / 100;
    if (loss >= 1) {
      throw new IllegalArgumentException("burst loss must be below 100%: " + percent);
    }
    double leave = 1 / meanBurstPackets;
    double enter = loss * leave / (1 - loss);
    install(
        String.join(
            "\n",
            "table inet " + table + " {",
            "  set bad { type inet_service; flags dynamic; }",
            "  chain input {",
            "    type filter hook input priority -10; policy accept;",
            "    " + nftUdpMatch + " counter jump gilbert",
            "  }",
            "  chain gilbert {",
            "    udp dport @bad numgen random mod " + PPM + " < " + ppm(leave) + " delete @bad { udp dport } counter accept",
            "    udp dport @bad counter drop",
            "    numgen random mod " + PPM + " < " + ppm(enter) + " add @bad { udp dport } counter drop",
            "  }",
            "}"));
  }

  /** The table with its packet counters, or "" if no rule is installed. */
  public synchronized String rules() {
    return installed ? nft("list", "table", "inet", table).stdout() : "";
  }

  /** Removes the rules (the table). */
  public synchronized void clearLoss() {
    if (installed) {
      nft("delete", "table", "inet", table);
      installed = false;
    }
  }

  @Override
  public void close() {
    clearLoss();
  }

  private void install(String ruleset) {
    // One transaction: make sure the table exists, drop it, define it anew.
    String script = "table inet " + table + "\ndelete table inet " + table + "\n" + ruleset + "\n";
    Path file = null;
    try {
      file = Files.createTempFile("e2e-nft", ".nft");
      Files.writeString(file, script);
      nft("-f", file.toString());
      installed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write nft script", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  private static String ppm(double probability) {
    if (probability < 0 || probability > 1) {
      throw new IllegalArgumentException("probability must be within 0..1: " + probability);
    }
    return String.format(Locale.ROOT, "%d", Math.round(probability * PPM));
  }

  private static CommandResult nft(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("nft"));
    argv.addAll(List.of(args));
    CommandResult r = CommandRunner.run(argv, NFT_TIMEOUT);
    if (!r.succeeded()) {
      throw new IllegalStateException("nft failed (it needs root and nftables):\n" + r.describe());
    }
    return r;
  }

  /** Tables named after a PID that no longer runs were left by a crashed test JVM. */
  private static void deleteTablesOfDeadJvms() {
    CommandResult r = CommandRunner.run(List.of("nft", "list", "tables"), NFT_TIMEOUT);
    if (!r.succeeded()) {
      return; // reported properly when a rule is installed
    }
    Matcher m = OUR_TABLE.matcher(r.stdout());
    while (m.find()) {
      long pid = Long.parseLong(m.group(2));
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      CommandRunner.run(List.of("nft", "delete", "table", "inet", m.group(1)), NFT_TIMEOUT);
    }
  }
}
