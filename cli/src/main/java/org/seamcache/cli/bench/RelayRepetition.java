package org.seamcache.cli.bench;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One repetition on one running relay: what its process spends (CPU of all its threads, from
 * /proc) per delivered packet, per session, and in memory, under the bench's loads. A keeper
 * viewer plays the whole time (some relays stop fetching the origin when the last viewer leaves
 * and do not always resume); its packets count as delivered too. Runs on the caller's thread;
 * the viewers run on {@code group}.
 */
final class RelayRepetition {
  static final String CPU_PER_PACKETS = "CPU s / M packets";
  private static final int BATCH = 20;
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FIRST_PACKETS_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  private static final Duration KEEPER_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KEEPER_RETRY = Duration.ofMillis(250);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final double MIB = 1024;

  private final EventLoopGroup group;
  private final ProcessUsage usage;
  private final Duration window;
  private final Duration idleWindow;
  private final Duration warmUp;
  private final int sessions;
  private final Consumer<String> progress;

  RelayRepetition(EventLoopGroup group, ProcessUsage usage, Duration window, Duration idleWindow, Duration warmUp, int sessions,
      Consumer<String> progress) {
    this.group = group;
    this.usage = usage;
    this.window = window;
    this.idleWindow = idleWindow;
    this.warmUp = warmUp;
    this.sessions = sessions;
    this.progress = progress;
  }

  List<Figure> measure(RelayProcess relay, List<RelayLoad> loads) throws Exception {
    List<Figure> figures = new ArrayList<>();
    long pid = relay.pid();
    RelayViewer keeper = startKeeper(relay);
    try {
      keeper.keepAliveEvery(KEEP_ALIVE);
      awaitPackets(List.of(keeper));
      if (keeper.packets() == 0) {
        throw new IllegalStateException("no packet reached the keeper viewer within " + FIRST_PACKETS_TIMEOUT.toSeconds() + " s");
      }
      ProcessUsage.Memory idleMemory = usage.memory(pid);
      figures.add(new Figure("RSS, keeper viewer only", "MiB", idleMemory.rssKib() / MIB));
      if (!warmUp.isZero()) {
        RelayLoad load = loads.get(0);
        progress.accept("warm-up, not measured: " + load.label() + " for " + warmUp.toSeconds() + " s");
        List<RelayViewer> viewers = startViewers(relay, load);
        try {
          Thread.sleep(warmUp.toMillis()); // the warm-up itself: a fixed, bounded duration
        } finally {
          stopAll(viewers);
        }
      }
      for (RelayLoad load : loads) {
        progress.accept(load.label());
        figures.addAll(underLoad(relay, pid, load, keeper, idleMemory));
      }
      progress.accept(sessions + " set-up sessions");
      figures.addAll(setupAndTeardown(relay, pid));
      figures.add(new Figure("peak RSS (VmHWM)", "MiB", usage.memory(pid).peakRssKib() / MIB));
      return figures;
    } finally {
      keeper.stop().get(BATCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * The keeper viewer, tried again until {@link #KEEPER_TIMEOUT}: a relay may listen before it can
   * serve (live555ProxyServer answers 404 until it has described its origin).
   */
  private RelayViewer startKeeper(RelayProcess relay) throws Exception {
    long deadline = System.nanoTime() + KEEPER_TIMEOUT.toNanos();
    while (true) {
      RelayViewer keeper = new RelayViewer(group.next(), relay.url(), false);
      try {
        await(keeper.start(), BATCH_TIMEOUT, "the keeper viewer's PLAY");
        return keeper;
      } catch (IllegalStateException e) {
        keeper.stop().get(BATCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (System.nanoTime() > deadline || !relay.isAlive()) {
          throw e;
        }
        Thread.sleep(KEEPER_RETRY.toMillis()); // a bounded retry of a relay still starting
      }
    }
  }

  /**
   * (CPU of K sessions one after another − the idle rate × their time) / K, in ms. The idle rate is
   * the mean of a window before and one after them, so a drift (a collector, a compiler) shows less;
   * the first window follows an unmeasured one, so the last load's departure is not taken for idle.
   */
  private List<Figure> setupAndTeardown(RelayProcess relay, long pid) throws Exception {
    Thread.sleep(idleWindow.toMillis()); // settling after the last load: a fixed, bounded wait
    double idleBefore = idleRate(pid);
    ProcessUsage.Cpu start = usage.cpu(pid);
    long startNanos = System.nanoTime();
    int failed = 0;
    for (int i = 0; i < sessions; i++) {
      RelayViewer v = new RelayViewer(group.next(), relay.url(), false);
      try {
        v.start().get(BATCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failed++;
      } finally {
        v.stop().get(BATCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double cpu = usage.cpu(pid).minus(start).totalSeconds();
    if (failed > 0) {
      throw new IllegalStateException(failed + " of " + sessions + " set-up sessions failed");
    }
    double idle = (idleBefore + idleRate(pid)) / 2;
    return List.of(new Figure("set-up + teardown per viewer", "ms CPU", 1000 * (cpu - idle * seconds) / sessions),
        new Figure("idle CPU, keeper viewer only", "ms CPU / s", 1000 * idle));
  }

  /** CPU seconds per second with the keeper viewer only, over the idle window. */
  private double idleRate(long pid) throws InterruptedException {
    ProcessUsage.Cpu start = usage.cpu(pid);
    long startNanos = System.nanoTime();
    Thread.sleep(idleWindow.toMillis()); // the idle window itself: a fixed, bounded measurement
    return usage.cpu(pid).minus(start).totalSeconds() / ((System.nanoTime() - startNanos) / 1e9);
  }

  private List<Figure> underLoad(RelayProcess relay, long pid, RelayLoad load, RelayViewer keeper, ProcessUsage.Memory idleMemory)
      throws Exception {
    String l = load.label();
    ProcessUsage.Cpu setupStart = usage.cpu(pid);
    long keeperAtSetup = keeper.packets();
    List<RelayViewer> viewers = startViewers(relay, load);
    try {
      List<RelayViewer> playing = viewers.stream().filter(v -> v.failure() == null).toList();
      ProcessUsage.Cpu steadyStart = usage.cpu(pid);
      long packetsAtSteady = delivered(viewers, keeper);
      Thread.sleep(window.toMillis()); // the measured window itself: a fixed, bounded duration
      ProcessUsage.Cpu end = usage.cpu(pid);
      long packetsAtEnd = delivered(viewers, keeper);
      ProcessUsage.Memory memory = usage.memory(pid);

      ProcessUsage.Cpu steady = end.minus(steadyStart);
      long steadyPackets = packetsAtEnd - packetsAtSteady;
      long setupPackets = packetsAtEnd - keeperAtSetup;
      long expected = viewers.stream().mapToLong(RelayViewer::expectedPackets).sum();
      long lost = viewers.stream().mapToLong(RelayViewer::lostPackets).sum();
      List<Figure> f = new ArrayList<>();
      f.add(new Figure(l + ", steady", CPU_PER_PACKETS, perMillion(steady.totalSeconds(), steadyPackets)));
      f.add(new Figure(l + ", steady, user part", CPU_PER_PACKETS, perMillion(steady.userSeconds(), steadyPackets)));
      f.add(new Figure(l + ", incl. set-up", CPU_PER_PACKETS, perMillion(end.minus(setupStart).totalSeconds(), setupPackets)));
      f.add(new Figure(l + ", packets delivered in the steady window", "packets", steadyPackets));
      f.add(new Figure(l + ", loss", "%", expected == 0 ? Double.NaN : 100.0 * lost / expected));
      f.add(new Figure(l + ", viewers that failed", "viewers", viewers.size() - playing.size()));
      f.add(new Figure(l + ", PLAY -> first packet", "ms", median(playing.stream().map(RelayViewer::firstPacketMillis).toList())));
      f.add(new Figure(l + ", PLAY -> first key frame", "ms", median(playing.stream().map(RelayViewer::firstKeyFrameMillis).toList())));
      f.add(new Figure(l + ", RSS", "MiB", memory.rssKib() / MIB));
      f.add(new Figure(l + ", RSS growth per viewer", "KiB", (double) (memory.rssKib() - idleMemory.rssKib()) / load.viewers()));
      return f;
    } finally {
      stopAll(viewers);
    }
  }

  /**
   * Starts {@code load}'s viewers in batches (each batch's PLAY answers awaited) and waits until
   * those that play received a packet; failed ones are kept, saying why (reported on progress).
   */
  private List<RelayViewer> startViewers(RelayProcess relay, RelayLoad load) throws Exception {
    List<RelayViewer> viewers = new ArrayList<>();
    try {
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      for (int i = 0; i < load.viewers(); i++) {
        RelayViewer v = new RelayViewer(group.next(), relay.url(), load.tcp());
        viewers.add(v);
        batch.add(v.start().exceptionally(e -> null)); // a failed viewer says why in failure()
        if (batch.size() == BATCH || i == load.viewers() - 1) {
          await(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)), BATCH_TIMEOUT, "a batch of PLAY answers");
          batch.clear();
        }
      }
      List<RelayViewer> failed = viewers.stream().filter(v -> v.failure() != null).toList();
      if (failed.size() == viewers.size()) {
        throw new IllegalStateException("no viewer could play: " + failed.get(0).failure());
      }
      if (!failed.isEmpty()) {
        progress.accept(failed.size() + " of " + viewers.size() + " viewers failed, e.g.: " + failed.get(0).failure());
      }
      awaitPackets(viewers.stream().filter(v -> v.failure() == null).toList());
      return viewers;
    } catch (Exception e) {
      stopAll(viewers);
      throw e;
    }
  }

  private static void stopAll(List<RelayViewer> viewers) throws Exception {
    List<CompletableFuture<Void>> stops = viewers.stream().map(RelayViewer::stop).toList();
    CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(BATCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static long delivered(List<RelayViewer> viewers, RelayViewer keeper) {
    return keeper.packets() + viewers.stream().mapToLong(RelayViewer::packets).sum();
  }

  private static double perMillion(double cpuSeconds, long packets) {
    return packets == 0 ? Double.NaN : cpuSeconds * 1e6 / packets;
  }

  private static double median(List<Double> values) {
    return Spread.of(values).median();
  }

  /** Waits (bounded) until every viewer received a packet; those that never do show in the figures. */
  private static void awaitPackets(List<RelayViewer> viewers) throws InterruptedException {
    long deadline = System.nanoTime() + FIRST_PACKETS_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && viewers.stream().anyMatch(v -> v.packets() == 0)) {
      Thread.sleep(POLL.toMillis()); // a bounded poll of the viewers' counters
    }
  }

  private static void await(CompletableFuture<?> f, Duration timeout, String what) throws Exception {
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(what + " did not come within " + timeout.toSeconds() + " s");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    }
  }
}
