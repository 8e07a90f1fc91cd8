package org.seamcache.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Random loss on the origin-to-proxy path: an nftables table of the demo's own ({@code inet
 * seamcache_demo_PID}) that drops a share of the UDP packets arriving on loopback from the origin's
 * RTP ports. RTSP (TCP) and everything else on the machine are untouched. Needs root.
 */
public final class OriginLinkLoss {
  private static final Pattern OURS = Pattern.compile("table inet (seamcache_demo_(\\d+))");

  private final String table = "seamcache_demo_" + ProcessHandle.current().pid();

  /** Why loss cannot be added here, or null when it can. */
  public static String unavailable() {
    if (!Tools.isRoot()) {
      return "it needs root (nftables rules); run the demo as root to see extra legs at work";
    }
    if (Tools.find("nft").isEmpty()) {
      return "nft (nftables) is not installed";
    }
    return null;
  }

  public String table() {
    return table;
  }

  /**
   * Drops {@code percent}% of UDP packets matching {@code udpMatch} arriving on loopback, and
   * removes the table at cleanup. Returns null, or why it could not.
   */
  public String install(double percent, String udpMatch, Cleanup cleanup) throws InterruptedException {
    deleteTablesOfEndedDemos();
    long ppm = Math.round(percent * 10_000);
    String rules = String.join("\n",
        "table inet " + table,
        "delete table inet " + table,
        "table inet " + table + " {",
        "  chain input {",
        "    type filter hook input priority -10; policy accept;",
        // input only: a loopback packet passes output and input, and must be dropped at most once
        "    iifname \"lo\" " + udpMatch + " numgen random mod 1000000 < " + ppm + " counter drop",
        "  }",
        "}",
        "");
    Path file = null;
    try {
      file = Files.createTempFile("seamcache-demo", ".nft");
      Files.writeString(file, rules);
      Tools.Result r = Tools.run(List.of(Tools.find("nft").orElseThrow().toString(), "-f", file.toString()), 20);
      if (!r.ok()) {
        return "nft refused the rule: " + r.output();
      }
      cleanup.add("remove the nftables table " + table, this::remove);
      return null;
    } catch (IOException e) {
      return "cannot run nft: " + e.getMessage();
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a stray temp file is harmless
        }
      }
    }
  }

  /** Packets the rule dropped so far (its counter), or -1. */
  public long dropped() {
    try {
      Tools.Result r = Tools.run(List.of(Tools.find("nft").orElseThrow().toString(), "list", "table", "inet", table), 10);
      Matcher m = Pattern.compile("counter packets (\\d+)").matcher(r.output());
      return r.ok() && m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  private void remove() {
    try {
      Tools.run(List.of(Tools.find("nft").orElseThrow().toString(), "delete", "table", "inet", table), 20);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Tables named after a demo PID that no longer runs were left by a demo killed with SIGKILL. */
  private static void deleteTablesOfEndedDemos() throws InterruptedException {
    try {
      String nft = Tools.find("nft").orElseThrow().toString();
      Matcher m = OURS.matcher(Tools.run(List.of(nft, "list", "tables"), 20).output());
      while (m.find()) {
        if (!ProcessHandle.of(Long.parseLong(m.group(2))).map(ProcessHandle::isAlive).orElse(false)) {
          Tools.run(List.of(nft, "delete", "table", "inet", m.group(1)), 20);
        }
      }
    } catch (IOException e) {
      // reported when the rule itself is installed
    }
  }

  static String percent(double p) {
    return String.format(Locale.ROOT, "%.1f%%", p);
  }
}
