package org.seamcache.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.seamcache.cli.pcap.PcapFormatException;
import org.seamcache.cli.pcap.PcapReader;
import org.seamcache.cli.pcap.PcapWriter;
import org.seamcache.cli.seam.CaptureScan;
import org.seamcache.cli.seam.SeamReport;
import org.seamcache.cli.seam.SeamedPcapSink;
import org.seamcache.cli.seam.StreamColumns;
import org.seamcache.seamer.LegReport;
import org.seamcache.seamer.Seamer;
import org.seamcache.seamer.SeamerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seamcache seam}: seams lossy pcap captures of one RTP stream into one pcap, offline. */
@Command(
    name = "seam",
    mixinStandardHelpOptions = true,
    description = {
        "Seams lossy captures of one RTP stream (each a classic pcap: Ethernet, Linux cooked v1/v2 or raw IP;"
            + " either byte order; µs or ns) into one stream with the fewest gaps, offline.",
        "The output has the first input's SSRC, addresses and numbering (extended to cover every aligned input);"
            + " each position at most once, in order; payloads byte for byte as captured; positions no input"
            + " supplied are absent. Inputs whose payloads do not match are reported, not merged.",
        "Needs no running proxy and no data directory."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:seamed (also when some inputs were not alignable: see the report)",
        "1:an input could not be read, or the output could not be written (the message names the file and why)",
        "2:usage error"})
public final class SeamCommand implements Callable<Integer> {

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.pcap", description = "The seamed pcap to write.")
  Path output;

  @Option(names = "--report", paramLabel = "REPORT.json", description = "Also write a JSON report (per input and for the output).")
  Path report;

  @Option(names = "--ssrc", paramLabel = "SSRC", split = ",",
      description = "In a file with several RTP streams, take the one with this SSRC (hex 0x... or decimal; repeatable).")
  List<String> ssrcs = new ArrayList<>();

  @Option(names = "--udp-port", paramLabel = "PORT", split = ",",
      description = "In a file with several RTP streams, take the one sent from or to this UDP port (repeatable).")
  List<Integer> udpPorts = new ArrayList<>();

  @Option(names = "--clock-rate", paramLabel = "HZ", defaultValue = "90000",
      description = "RTP clock rate of the stream (bounds timestamp jumps, times the output). Default: ${DEFAULT-VALUE}.")
  int clockRateHz;

  @CommandLine.Mixin ProgressOption progressOption;

  @Option(names = "--timing", hidden = true, description = "Print the time of each phase on stderr (benchmarks).")
  boolean timing;

  private long startNanos = System.nanoTime();

  private void phase(String name) {
    if (timing) {
      long now = System.nanoTime();
      spec.commandLine().getErr().printf("timing: %-8s %6d ms%n", name, (now - startNanos) / 1_000_000);
      startNanos = now;
    }
  }

  @Parameters(arity = "2..*", paramLabel = "IN.pcap", description = "Captures of the same stream; the first is the reference.")
  List<Path> inputs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<Long> wantedSsrcs;
    try {
      wantedSsrcs = ssrcs.stream().map(SeamCommand::parseSsrc).toList();
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ssrc: " + e.getMessage());
    }
    if (clockRateHz <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--clock-rate must be positive");
    }
    PrintWriter err = spec.commandLine().getErr();
    List<CaptureScan> scans = new ArrayList<>();
    try {
      List<StreamColumns> chosen = new ArrayList<>();
      List<String> choices = new ArrayList<>();
      // inputs are independent: scan them in parallel (one thread each, as many as there are cores)
      ExecutorService pool = Executors.newFixedThreadPool(
          Math.max(1, Math.min(inputs.size(), Runtime.getRuntime().availableProcessors())));
      List<Future<CaptureScan>> futures = new ArrayList<>();
      try (ProgressLine progress = new ProgressLine(err, "seam: reading", progressOption.enabled())) {
        for (Path in : inputs) {
          futures.add(pool.submit(() -> CaptureScan.scan(open(in))));
        }
        for (Future<CaptureScan> f : futures) {
          scans.add(get(f));
          progress.update(scans.size(), inputs.size(), "inputs");
        }
      } finally {
        pool.shutdownNow();
        for (Future<CaptureScan> f : futures) { // close what the others opened when one failed
          if (f.isDone() && !f.isCancelled()) {
            try {
              CaptureScan cs = f.get();
              if (!scans.contains(cs)) {
                cs.reader().close();
              }
            } catch (ExecutionException | InterruptedException | IOException ignored) {
              // that one failed or closes below
            }
          }
        }
      }
      for (int i = 0; i < inputs.size(); i++) {
        Path in = inputs.get(i);
        CaptureScan scan = scans.get(i);
        List<StreamColumns> candidates = scan.streamsBySize().stream()
            .filter(s -> wantedSsrcs.isEmpty() || wantedSsrcs.contains(s.key.ssrc()))
            .filter(s -> udpPorts.isEmpty() || udpPorts.stream().anyMatch(s.key::usesPort))
            .toList();
        StreamColumns pick = candidates.isEmpty() ? null : candidates.get(0);
        chosen.add(pick);
        int all = scan.streamsBySize().size();
        String choice = pick == null ? (all == 0 ? "no RTP stream" : "no stream matches --ssrc/--udp-port")
            : candidates.size() == 1 && all == 1 ? "the only RTP stream"
            : candidates.size() == 1 ? "the only stream matching --ssrc/--udp-port"
            : "the one with most packets of " + candidates.size() + " candidates";
        choices.add(choice);
        if (pick != null && candidates.size() > 1) {
          err.println("seamcache seam: " + in + ": " + candidates.size() + " RTP streams; using " + pick.key
              + " (" + pick.size + " packets)");
        }
      }
      phase("scan");
      if (chosen.get(0) == null) {
        err.println("seamcache seam: " + inputs.get(0) + ": " + choices.get(0)
            + "; the first input must hold the stream (it gives the numbering)");
        return 1;
      }
      return seam(scans, chosen, choices);
    } catch (IOException e) {
      err.println("seamcache seam: " + describe(e));
      return 1;
    } catch (UncheckedIOException e) {
      err.println("seamcache seam: " + output + ": " + describe(e.getCause()));
      return 1;
    } finally {
      for (CaptureScan s : scans) {
        try {
          s.reader().close();
        } catch (IOException ignored) {
          // read-only: nothing to lose
        }
      }
    }
  }

  private int seam(List<CaptureScan> scans, List<StreamColumns> chosen, List<String> choices) throws IOException {
    StreamColumns reference = chosen.get(0);
    int[] legOf = new int[chosen.size()];
    SeamedPcapSink sink;
    Seamer seamer;
    long total = chosen.stream().mapToLong(s -> s == null ? 0 : s.size).sum();
    try (PcapWriter writer = openOutput();
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "seam: aligning", progressOption.enabled())) {
      sink = new SeamedPcapSink(writer, scans, chosen, clockRateHz, (1L << 32) + reference.timestamp[0]);
      seamer = new Seamer(SeamerConfig.offline(clockRateHz), sink);
      long offered = 0;
      for (int i = 0; i < chosen.size(); i++) {
        StreamColumns s = chosen.get(i);
        legOf[i] = s == null ? -1 : seamer.addLeg();
        for (int k = 0; s != null && k < s.size; k++) {
          seamer.offer(legOf[i], s.seq[k], s.timestamp[k], s.hash[k], SeamedPcapSink.reference(i, k), s.captureNanos[k]);
          if ((++offered & 0x3FF) == 0) { // every 1024 packets: the clock check itself costs
            progress.update(offered, total, "packets");
          }
        }
      }
      progress.update(offered, total, "packets");
      phase("offer");
      seamer.finish();
    }
    phase("finish+write");
    int aligned = 0;
    for (int i = 0; i < chosen.size(); i++) {
      if (legOf[i] >= 0 && seamer.legReport(legOf[i]).aligned()) {
        aligned++;
      }
    }
    String summary = summary(chosen.size(), aligned, sink.written(), seamer.output());
    if (report != null) {
      List<SeamReport.Input> rows = new ArrayList<>();
      for (int i = 0; i < chosen.size(); i++) {
        StreamColumns s = chosen.get(i);
        LegReport leg = legOf[i] < 0 ? null : seamer.legReport(legOf[i]);
        rows.add(new SeamReport.Input(inputs.get(i).toString(), s == null ? 0 : s.size,
            s == null ? "" : s.key.toString(), choices.get(i), scans.get(i).streamsBySize().size(),
            scans.get(i).notRtp(), leg));
      }
      String json = SeamReport.json(rows, output.toString(), sink.written(), seamer.output());
      try {
        Files.writeString(report, json, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException(report + ": cannot write the report: " + describe(e), e);
      }
    }
    spec.commandLine().getOut().println(summary);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The one line printed on success: what went in, what came out, what is still missing. */
  private String summary(int inputCount, int aligned, long written, org.seamcache.seamer.GapMap seamed) {
    long span = seamed.isEmpty() ? 0 : seamed.last() - seamed.first() + 1;
    return String.format(java.util.Locale.ROOT,
        "seamed %d inputs (%d aligned) into %s: %,d packets, %,d missing in %,d gaps (%.2f%% residual loss)",
        inputCount, aligned, output, written, seamed.missing(), seamed.gaps().size(),
        span == 0 ? 0.0 : 100.0 * seamed.missing() / span);
  }

  private static CaptureScan get(Future<CaptureScan> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static PcapReader open(Path in) throws IOException {
    try {
      return PcapReader.open(in);
    } catch (NoSuchFileException e) {
      throw new IOException(in + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException(in + ": permission denied", e);
    } catch (PcapFormatException e) {
      throw e; // names the file and the reason already
    } catch (IOException e) {
      throw new IOException(in + ": cannot read: " + describe(e), e);
    }
  }

  private PcapWriter openOutput() throws IOException {
    try {
      return PcapWriter.create(output);
    } catch (IOException e) {
      throw new IOException(output + ": cannot write the output: " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  static long parseSsrc(String text) {
    String t = text.trim().toLowerCase();
    long v = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new NumberFormatException(text + " is not a 32-bit SSRC");
    }
    return v;
  }
}
