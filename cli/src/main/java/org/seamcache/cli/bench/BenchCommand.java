package org.seamcache.cli.bench;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.seamcache.proxy.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seamcache bench}: a load of N real RTSP viewers against one URL, for a bounded time,
 * reporting packets/s, loss and interarrival jitter per viewer.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Load test: N concurrent viewers of one RTSP URL; packets/s, loss and jitter per viewer.",
      "Loss comes from sequence numbers, jitter is RFC 3550 A.8 interarrival jitter.",
      "Viewers start in batches of 20; the run stops by itself after --seconds."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every viewer played", "1:some viewer failed (see its note)", "2:usage error"})
public final class BenchCommand implements Callable<Integer> {
  private static final int MAX_VIEWERS = 2000;
  private static final int MAX_SECONDS = 600;
  private static final int BATCH = 20;

  @Parameters(index = "0", paramLabel = "URL", description = "rtsp:// URL to play (e.g. the proxy's URL for a live stream).")
  URI url;

  @Option(names = "--viewers", defaultValue = "10", description = "Concurrent viewers, 1-" + MAX_VIEWERS + " (default ${DEFAULT-VALUE}).")
  int viewers;

  @Option(names = "--seconds", defaultValue = "10", description = "How long every viewer plays, 1-" + MAX_SECONDS + " s (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--transport", defaultValue = "udp", description = "udp or tcp (RTP/AVP/TCP interleaved) (default ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--threads", defaultValue = "1", description = "Event loop threads of the load generator (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (viewers < 1 || viewers > MAX_VIEWERS || seconds < 1 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException("--viewers must be 1-" + MAX_VIEWERS + " and --seconds 1-" + MAX_SECONDS);
    }
    if (!transport.equals("udp") && !transport.equals("tcp")) {
      throw new IllegalArgumentException("--transport must be udp or tcp");
    }
    MultiThreadIoEventLoopGroup group = Transports.newEventLoopGroup(Math.max(1, threads));
    List<BenchViewer> all = new ArrayList<>();
    try {
      List<CompletableFuture<Void>> started = new ArrayList<>();
      for (int i = 0; i < viewers; i++) {
        BenchViewer v = new BenchViewer();
        all.add(v);
        started.add(v.start(group.next(), url, transport.equals("tcp")));
        if ((i + 1) % BATCH == 0) {
          CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
      }
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L); // the measured play time itself: a fixed, bounded duration
      double elapsed = (System.nanoTime() - start) / 1e9;
      BenchReport report = report(all, elapsed);
      all.forEach(BenchViewer::stop);
      System.out.print(json ? report.json() + "\n" : report.text());
      return report.failures() == 0 ? 0 : 1;
    } finally {
      group.shutdownGracefully(0, 3, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  private BenchReport report(List<BenchViewer> all, double elapsed) throws Exception {
    List<BenchReport.Viewer> results = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      results.add(all.get(i).report(i));
    }
    return new BenchReport(url.toString(), all.size(), elapsed, results);
  }
}
