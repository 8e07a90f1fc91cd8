package org.seamcache.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.seamcache.proxy.relay.GopCache;
import org.seamcache.proxy.relay.Relay;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.seam.LegPolicy;
import org.seamcache.proxy.seam.OriginLegBudget;
import org.seamcache.proxy.seam.OutputNumbering;
import org.seamcache.proxy.seam.PacketRing;
import org.seamcache.proxy.seam.SeamSettings;
import org.seamcache.proxy.seam.TrackSeam;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.proxy.upstream.ReceivedRtp;
import org.seamcache.proxy.upstream.UpstreamLeg;
import org.seamcache.seamer.LegReport;
import org.seamcache.seamer.LegStatus;
import org.seamcache.seamer.LossInterval;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtcpPacket;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.seamer.SeamerConfig;
import org.seamcache.seamer.LegCountAdvisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub of one content viewing (source -> stream -> readers): its upstream legs write into it, one
 * seamer per track merges them, and the seamed output, in one numbering, goes to the viewers' relay.
 * Each leg's recorder taps the leg itself, so the recording keeps every packet of every leg. A live
 * content has one hub shared by its viewers; a viewer of stored content has its own (its PLAY, PAUSE
 * and seeks drive the first leg; extra legs start where it is, see {@link #startFirst}).
 *
 * <p>Once per loss interval the {@link LegPolicy} looks at each leg's loss and the output's, and an
 * extra leg is opened or closed; an extra leg that has not aligned within the align timeout is
 * closed as not alignable (an origin that encodes each session separately). Every decision is one
 * INFO line with its reason and figures, and a counter.
 *
 * <p>An <em>epoch</em> is one set of seamers: when every leg is lost and a new first leg starts (a
 * reconnect), a fresh epoch begins, and {@link OutputNumbering} carries the viewers' numbering across.
 *
 * <p>Confined to its event loop (every leg of the content runs on it).
 */
final class ContentHub {
  private static final Logger log = LoggerFactory.getLogger(ContentHub.class);
  private static final int RING_PACKETS = 1 << 13;
  /** Gaps are released on a timer (packets release what they can as they come): a quarter window is precise enough. */
  /**
   * Releases are driven by arrivals and by one timer armed for the end of the earliest running fill
   * window; this slow tick only expires held packets (and backs the timer up).
   */
  private static final long RELEASE_BACKSTOP_MILLIS = 1_000;
  /**
   * Held packets older than this cannot be released any more: past the fill window, and past the
   * lead of a stored-content extra leg that runs ahead of the viewer (VodPlayback's lead plus a GOP).
   */
  private static final long MIN_HOLD_NANOS = 5_000_000_000L;
  /**
   * While one leg is all a content has (and none is opening), nothing can fill a gap: a missing
   * packet waits only this long, for reordering, instead of the fill window (which delayed every
   * packet behind a gap by the whole window: 43 ms median, 202 ms p90 at 5% loss, LiveSeamingBench).
   */
  static final long REORDER_GRACE_MILLIS = 30;

  /** What the stream hears from its hub. */
  interface Listener {
    /** Every leg is gone; {@code byUs} when the last one was torn down on purpose. */
    void allLegsLost(String reason, boolean byUs);
  }

  /** Opens a fresh leg to the same origin on the given loop, DESCRIBEd and ready for SETUP. */
  interface LegOpener {
    CompletableFuture<UpstreamLeg> open(EventLoop loop);
  }

  private final String key;
  private final String originHost;
  private final ContentDescription content;
  private final EventLoop loop;
  private final Relay relay;
  private final SeamSettings settings;
  private final OriginLegBudget budget;
  private final ProxyCounters counters;
  private final LegOpener opener;
  private final Listener listener;
  private final LongSupplier nanoClock;
  private final int[] tracks;
  private final java.util.function.Supplier<String> extraRange;
  private final boolean pacedByFirstLeg;
  private boolean paused;
  private final PacketRing ring = new PacketRing(RING_PACKETS);
  private final GopCache gop;
  private final OutputNumbering[] numbering;
  private final LegPolicy policy;
  private final List<HubLeg> legs = new ArrayList<>();
  private final long holdNanos;
  private TrackSeam[] seams;
  private int epoch;
  private int opening;
  private long nowNanos;
  private LegPolicy.Block lastBlock = LegPolicy.Block.NONE;
  private final ScheduledFuture<?> releaseTimer;
  /** One-shot timer for the end of the earliest running fill window, and when it fires. */
  private ScheduledFuture<?> windowTimer;
  private long windowTimerAt = Long.MAX_VALUE;
  private long windowNanos = -1;
  private final ScheduledFuture<?> policyTimer;
  private volatile boolean closed; // read by status from other threads
  private boolean unflushed;
  private volatile ContentHubStatus status;
  // cumulative figures (this content), for status
  private long legsOpened;
  private long legsClosed;
  private long fills;
  private long emittedWithoutBytes;
  private long gapsBefore;
  private long emittedBefore;
  private long divergencesBefore;
  private double lastOutputLoss;
  private String lastDecision = "";
  /** Why the remaining legs were torn down after the reference was lost (the stream did not end by choice). */
  private String startingOverBecause;

  /**
   * @param tracks the tracks every leg sets up (live: all of them; stored: the viewer's)
   * @param extraRange the PLAY Range an extra leg starts with (live: null, the live edge; stored: a
   *     little ahead of the viewer's position, so its copies arrive before they are needed)
   * @param pacedByFirstLeg stored: the output never runs ahead of the first (the viewer's) leg, so
   *     copies from extra legs ahead wait for it and fill its gaps when it gets there; live: any leg
   *     may drive the output (all are at the live edge, and the first may die)
   */
  ContentHub(String key, String originHost, ContentDescription content, EventLoop loop, Relay relay, GopCache gop, SeamSettings settings,
      OriginLegBudget budget, ProxyCounters counters, LegOpener opener, Listener listener, LongSupplier nanoClock, int[] tracks,
      java.util.function.Supplier<String> extraRange, boolean pacedByFirstLeg) {
    this.pacedByFirstLeg = pacedByFirstLeg;
    this.gop = gop;
    this.tracks = tracks.clone();
    this.extraRange = extraRange;
    this.key = key;
    this.originHost = originHost;
    this.content = content;
    this.loop = loop;
    this.relay = relay;
    this.settings = settings;
    this.budget = budget;
    this.counters = counters;
    this.opener = opener;
    this.listener = listener;
    this.nanoClock = nanoClock;
    this.policy = new LegPolicy(settings);
    this.holdNanos = Math.max(MIN_HOLD_NANOS, 4 * settings.fillWindow().toNanos());
    this.numbering = new OutputNumbering[content.tracks().size()];
    for (int t = 0; t < numbering.length; t++) {
      numbering[t] = new OutputNumbering(content.tracks().get(t).clockRateHz());
    }
    this.releaseTimer = loop.scheduleAtFixedRate(this::releaseTick, RELEASE_BACKSTOP_MILLIS, RELEASE_BACKSTOP_MILLIS, TimeUnit.MILLISECONDS);
    long interval = settings.lossInterval().toMillis();
    this.policyTimer = loop.scheduleAtFixedRate(this::intervalTick, interval, interval, TimeUnit.MILLISECONDS);
    this.status = snapshot();
  }

  /**
   * Starts {@code leg} as the first leg of a new epoch (the first viewer's PLAY, or a reconnect),
   * playing from {@code range} (null: the live edge or the start); completes with the PLAY answer.
   */
  CompletableFuture<org.seamcache.proxy.rtsp.RtspResponse> startFirst(UpstreamLeg leg, String why, String range) {
    newEpoch(false);
    budget.acquireFirst(originHost);
    return startLeg(leg, why, false, range);
  }

  /**
   * The first leg is about to jump (a seek): extra legs go, and a new epoch starts in which the
   * remaining leg's numbering is the viewer's again (the origin's RTP-Info for the seek describes it).
   */
  void restartEpoch() {
    tearDownExtras();
    newEpoch(true);
    for (HubLeg h : legs) {
      if (!h.closingByUs) {
        int id = -1;
        for (TrackSeam s : seams) {
          id = s.addLeg();
        }
        h.epoch = epoch;
        h.seamerId = id;
      }
    }
  }

  /** Tears the extra legs down (a PAUSE or a seek of stored content); they are opened again when needed. */
  void tearDownExtras() {
    for (HubLeg h : List.copyOf(legs)) {
      if (h.extra) {
        h.closingByUs = true;
        h.closeReason = "the viewer paused or moved";
        h.leg.teardown();
      }
    }
  }

  /** While paused nothing is measured or opened (a paused leg sends nothing, which is not loss). */
  void paused(boolean p) {
    paused = p;
  }

  private void newEpoch(boolean adoptNumbering) {
    epoch++;
    // Legs of the previous epoch are all gone; their held packets can never be released.
    ring.releaseAll();
    gop.clear(); // a joiner must not get the old GOP followed by a new encoder's stream
    if (seams != null) {
      for (TrackSeam s : seams) {
        emittedBefore += s.emitted();
        gapsBefore += s.gaps();
        divergencesBefore += s.divergences();
      }
    }
    seams = new TrackSeam[content.tracks().size()];
    for (int t = 0; t < seams.length; t++) {
      int clock = Math.max(1, content.tracks().get(t).clockRateHz());
      SeamerConfig config = SeamerConfig.live(clock, settings.fillWindow().toMillis());
      seams[t] = new TrackSeam(t, pacedByFirstLeg ? config.behindReference() : config, this::emit);
    }
    adjustFillWindow();
    for (OutputNumbering n : numbering) {
      n.startEpoch(adoptNumbering);
    }
  }

  private CompletableFuture<org.seamcache.proxy.rtsp.RtspResponse> startLeg(UpstreamLeg leg, String why, boolean extra, String range) {
    int seamerId = -1;
    for (TrackSeam s : seams) {
      seamerId = s.addLeg(); // the same id on every track: legs are added to all seamers in one order
    }
    HubLeg h = new HubLeg(leg, seamerId, epoch, why, extra, nanoClock.getAsLong());
    legs.add(h);
    adjustFillWindow();
    legsOpened++;
    counters.upstreamSessions.increment();
    if (extra) {
      counters.legsOpened.increment();
    }
    return leg.start(tracks, range, h);
  }

  /** Tears every leg down (idle, shutdown); the listener hears {@code allLegsLost(.., true)}. */
  void tearDownAll() {
    for (HubLeg h : List.copyOf(legs)) {
      h.closingByUs = true;
      h.leg.teardown();
    }
  }

  /** Stops the timers and releases what is held; call when the stream has ended. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    releaseTimer.cancel(false);
    if (windowTimer != null) {
      windowTimer.cancel(false);
    }
    policyTimer.cancel(false);
    tearDownAll();
    ring.releaseAll();
    gop.clear();
    status = snapshot();
  }

  /** What the hub is for, as its log lines name it. */
  String key() {
    return key;
  }

  boolean isClosed() {
    return closed;
  }

  boolean hasLegs() {
    return !legs.isEmpty();
  }

  /** The oldest leg (for status), or null. */
  UpstreamLeg firstLeg() {
    return legs.isEmpty() ? null : legs.get(0).leg;
  }

  ContentHubStatus status() {
    return status;
  }

  // ---- packets -------------------------------------------------------------------------------

  private void onRtp(HubLeg from, int track, ReceivedRtp rtp, ByteBuf packet, long arrivalNanos) {
    counters.packetsIn.increment();
    counters.bytesIn.add(packet.readableBytes());
    if (from.epoch != epoch || closed) {
      return; // a leg of a past epoch still draining
    }
    from.packets++;
    nowNanos = arrivalNanos;
    RtpHeader h = rtp.header();
    long ref = ring.put(packet.retain(), h, arrivalNanos);
    seams[track].offer(from.seamerId, rtp, ref, arrivalNanos);
    armWindowTimer();
  }

  /** A released position: its packet goes to the viewers in the output numbering. */
  private void emit(int track, long position, long timestamp, int seamerLeg, long reference) {
    RtpHeader h = ring.header(reference);
    ByteBuf packet = ring.take(reference);
    if (packet == null) {
      emittedWithoutBytes++;
      seams[track].emittedWithoutBytes(); // it outlived the hold time: viewers get a gap
      return;
    }
    try {
      OutputNumbering n = numbering[track];
      n.next(position, timestamp, h, nowNanos);
      if (seamerLeg != 0) {
        fills++;
      }
      if (n.differs(h)) {
        ByteBuf renumbered = n.rewrite(packet);
        try {
          RtpHeader out = n.header(h);
          relay.deliver(track, out, renumbered);
          gop.add(track, out, renumbered);
        } finally {
          renumbered.release();
        }
      } else {
        relay.deliver(track, h, packet);
        gop.add(track, h, packet);
      }
      unflushed = true;
    } finally {
      packet.release();
    }
  }

  private void onRtcp(HubLeg from, int track, ByteBuf packet) {
    counters.rtcpIn.increment();
    if (from.epoch != epoch || from.seamerId != 0 || closed) {
      return; // only the reference's reports describe the output's timing; the other legs' would contradict it
    }
    List<RtcpPacket> parsed;
    try {
      parsed = RtcpPacket.parseCompound(packet.nioBuffer());
    } catch (MalformedPacketException e) {
      return; // counted by the leg; nothing a viewer could use
    }
    boolean bye = parsed.stream().anyMatch(p -> p instanceof RtcpPacket.Bye);
    OutputNumbering n = numbering[track];
    if (bye) {
      // RTP and RTCP come on different sockets, so a BYE can be read before the last media packets;
      // holding it lets them go out first (released at once, a viewer that stops at the BYE misses nothing).
      loop.schedule(() -> {
        releaseTick();
        relay.sayBye(track);
        relay.flush();
      }, UpstreamFeed.BYE_HOLD_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    if (n.unshifted()) {
      relay.deliver(track, null, packet); // the reference's own numbering is the output's: its reports hold as sent
      unflushed = true; // sent at the end of this batch, not held until the next RTP
      return;
    }
    for (RtcpPacket p : parsed) {
      if (p instanceof RtcpPacket.SenderReport sr) {
        byte[] mine = n.senderReport(sr.ntpTimestamp(), sr.rtpTimestamp());
        if (mine != null) {
          ByteBuf out = Unpooled.wrappedBuffer(mine);
          try {
            relay.deliver(track, null, out);
            unflushed = true;
          } finally {
            out.release();
          }
        }
      }
    }
  }

  private void releaseTick() {
    if (closed) {
      return;
    }
    nowNanos = nanoClock.getAsLong();
    for (TrackSeam s : seams == null ? new TrackSeam[0] : seams) {
      s.release(nowNanos);
    }
    ring.expireBefore(nowNanos - holdNanos);
    flush();
    armWindowTimer();
  }

  /**
   * Arms the one-shot timer for the earliest fill window still running, unless it is armed for that
   * time or earlier already. A gap waits exactly its window (not up to a polling tick more), and a
   * stream with no gap waiting costs no timer at all.
   */
  private void armWindowTimer() {
    if (closed || seams == null) {
      return;
    }
    long next = Long.MAX_VALUE;
    for (TrackSeam s : seams) {
      next = Math.min(next, s.nextReleaseNanos());
    }
    if (next == Long.MAX_VALUE || next >= windowTimerAt) {
      return;
    }
    if (windowTimer != null) {
      windowTimer.cancel(false);
    }
    windowTimerAt = next;
    windowTimer = loop.schedule(this::windowEnded, Math.max(0, next - nanoClock.getAsLong()), TimeUnit.NANOSECONDS);
  }

  private void windowEnded() {
    windowTimer = null;
    windowTimerAt = Long.MAX_VALUE;
    releaseTick();
  }

  /** Pushes what was released to the viewers' sockets, if anything was. */
  private void flush() {
    if (unflushed) {
      unflushed = false;
      relay.flush();
    }
  }

  // ---- legs ----------------------------------------------------------------------------------

  private void legClosed(HubLeg h, String reason) {
    if (!legs.remove(h)) {
      return;
    }
    adjustFillWindow();
    budget.release(originHost);
    legsClosed++;
    if (h.extra) {
      counters.legsClosed.increment();
    }
    boolean byUs = h.closingByUs || reason.equals("torn down");
    if (!legs.isEmpty()) {
      log.info("{}: leg {} closed ({}), {} leg(s) remain", key, h.leg.id(), h.closeReason != null ? h.closeReason : reason,
          legs.size());
      if (h.seamerId == 0 && !byUs && legs.stream().noneMatch(this::contributes)) {
        // The reference is gone and no other leg is aligned to carry on: start over with a new epoch.
        log.info("{}: the reference leg was lost and no other leg is aligned; starting over", key);
        startingOverBecause = reason;
        tearDownAll();
      }
      return;
    }
    status = snapshot();
    String lost = startingOverBecause;
    startingOverBecause = null;
    listener.allLegsLost(lost != null ? lost : reason, lost == null && byUs);
  }

  private boolean contributes(HubLeg h) {
    for (TrackSeam s : seams) {
      LegStatus st = s.legReport(h.seamerId).status();
      if (st == LegStatus.ALIGNED || st == LegStatus.REFERENCE) {
        return true;
      }
    }
    return false;
  }

  /** Once per loss interval: measure, apply the policy, check alignment. */
  private void intervalTick() {
    if (closed || legs.isEmpty() || paused) {
      status = snapshot();
      return;
    }
    long now = nanoClock.getAsLong();
    double[] legLoss = new double[legs.size()];
    for (int i = 0; i < legs.size(); i++) {
      legLoss[i] = legs.get(i).takeIntervalLoss(now);
    }
    double outputLoss = -1;
    for (TrackSeam s : seams) {
      outputLoss = Math.max(outputLoss, s.takeIntervalLoss());
    }
    if (outputLoss >= 0) {
      lastOutputLoss = outputLoss;
    }
    closeUnalignable(now);
    boolean budgetLeft = budget.open(originHost) < budget.maxPerOrigin();
    LegPolicy.Decision d = policy.observe(legLoss, outputLoss, opening, budgetLeft, now);
    switch (d.kind()) {
      case OPEN -> {
        lastBlock = LegPolicy.Block.NONE;
        if (legs.stream().noneMatch(h -> h.extra && !h.closingByUs && !everAligned(h))) {
          openExtraLeg(d.reason()); // one unproven leg at a time: it may yet turn out not alignable
        }
      }
      case CLOSE -> {
        HubLeg h = legs.get(d.closeLeg());
        log.info("{}: closing extra leg {}: {}", key, h.leg.id(), d.reason());
        decided("closed leg " + h.leg.id() + ": " + d.reason());
        h.closingByUs = true;
        h.closeReason = "closed: " + d.reason();
        h.leg.teardown();
      }
      case BLOCKED -> {
        counters.legOpensBlocked.increment();
        if (d.block() != lastBlock) {
          log.info("{}: {}", key, d.reason());
          decided(d.reason());
          lastBlock = d.block();
        }
      }
      case HOLD -> { }
    }
    status = snapshot();
  }

  private void closeUnalignable(long now) {
    for (HubLeg h : List.copyOf(legs)) {
      if (h.seamerId == 0 || h.closingByUs || now - h.startedNanos < settings.alignTimeout().toNanos() || h.packets == 0) {
        continue;
      }
      String why = null;
      for (TrackSeam s : seams) {
        LegReport r = s.legReport(h.seamerId);
        if (r.packets() > 0) {
          why = r.reason();
        }
      }
      if (!everAligned(h) && why != null) {
        String reason = "not alignable after " + settings.alignTimeout().toSeconds() + " s (" + why + ")";
        log.info("{}: closing leg {}: {}; no further legs for this content", key, h.leg.id(), reason);
        decided("closed leg " + h.leg.id() + ": " + reason);
        counters.legsNotAlignable.increment();
        policy.notAlignable("leg " + h.leg.id() + " was " + reason);
        h.closingByUs = true;
        h.closeReason = reason;
        h.leg.teardown();
      }
    }
  }

  /** Whether the leg has been aligned on some track at some time (it carries the same content). */
  private boolean everAligned(HubLeg h) {
    for (TrackSeam s : seams) {
      LegReport r = s.legReport(h.seamerId);
      if (r.status() == LegStatus.ALIGNED || r.status() == LegStatus.REFERENCE || r.contributed() > 0 || r.realignments() > 0) {
        return true;
      }
    }
    return false;
  }

  /** The full fill window while another leg can fill (or is opening), a reorder grace while one leg is all there is. */
  private void adjustFillWindow() {
    if (seams == null) {
      return;
    }
    long full = settings.fillWindow().toNanos();
    long nanos = legs.size() <= 1 && opening == 0 ? Math.min(full, REORDER_GRACE_MILLIS * 1_000_000L) : full;
    for (TrackSeam s : seams) {
      s.fillWindow(nanos);
    }
    if (nanos != windowNanos) {
      windowNanos = nanos;
      loop.execute(this::releaseTick); // a shorter window may have ended already; a longer one moves the timer's aim
    }
  }

  private void openExtraLeg(String why) {
    if (!budget.tryAcquireExtra(originHost)) {
      return; // another content took the last unit since the check
    }
    opening++;
    adjustFillWindow();
    log.info("{}: opening an extra leg: {}", key, why);
    decided("opened a leg: " + why);
    int epochAtOpen = epoch;
    UpstreamLeg[] started = new UpstreamLeg[1];
    opener.open(loop)
        .thenCompose(fresh -> {
          started[0] = fresh;
          if (closed || epoch != epochAtOpen || legs.isEmpty()) {
            throw new IllegalStateException("the stream changed while the leg was being opened");
          }
          if (fresh.content().tracks().size() != content.tracks().size()) {
            throw new IllegalStateException("the origin describes " + fresh.content().tracks().size() + " tracks to this leg, not "
                + content.tracks().size());
          }
          return startLeg(fresh, why, true, extraRange.get());
        })
        .whenCompleteAsync((v, err) -> {
          opening--;
          adjustFillWindow();
          if (err == null) {
            policy.opened();
            return;
          }
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          if (started[0] != null && legs.stream().anyMatch(h -> h.leg == started[0])) {
            legs.stream().filter(h -> h.leg == started[0]).forEach(h -> {
              h.closingByUs = true;
              h.closeReason = "refused by the origin";
            });
            started[0].teardown(); // its close releases the budget
          } else {
            if (started[0] != null) {
              started[0].teardown();
            }
            budget.release(originHost);
          }
          if (closed || epoch != epochAtOpen) {
            return;
          }
          long backoff = policy.refused(legs.size(), nanoClock.getAsLong());
          counters.legRefusals.increment();
          String what = cause instanceof RtspStatusException s ? s.status() + " (" + s.getMessage() + ")" : String.valueOf(cause.getMessage());
          log.info("{}: the origin refused an extra leg: {}; backing off {} s, at most {} leg(s) until then", key, what,
              backoff / 1_000_000_000L, Math.max(1, legs.size()));
          decided("origin refused a leg: " + what);
        }, loop);
  }

  private void decided(String what) {
    lastDecision = what;
  }

  private ContentHubStatus snapshot() {
    List<ContentHubStatus.Leg> views = new ArrayList<>();
    long emitted = emittedBefore;
    long gaps = gapsBefore;
    long divergences = divergencesBefore;
    if (seams != null) {
      for (TrackSeam s : seams) {
        emitted += s.emitted();
        gaps += s.gaps();
        divergences += s.divergences();
      }
      for (HubLeg h : legs) {
        String alignment = "";
        long contributed = 0;
        for (TrackSeam s : seams) {
          LegReport r = s.legReport(h.seamerId);
          alignment = alignment.isEmpty() ? r.status().name().toLowerCase(java.util.Locale.ROOT) : alignment;
          contributed += r.contributed();
          if (r.status() == LegStatus.ALIGNING) {
            alignment = "aligning";
          }
        }
        views.add(new ContentHubStatus.Leg(h.leg.id(), h.extra ? "extra" : "first", h.openedFor, alignment, h.lastLoss, h.packets,
            contributed));
      }
    }
    return new ContentHubStatus(views, emitted, gaps, fills, divergences, emittedWithoutBytes, lastOutputLoss, legsOpened, legsClosed,
        policy.refusals(), policy.isNotAlignable(), lastDecision);
  }

  /** One upstream leg in the hub: its packets go into the current epoch's seamers. */
  private final class HubLeg implements PacketSink {
    final UpstreamLeg leg;
    int seamerId;
    int epoch;
    final String openedFor;
    final boolean extra;
    final long startedNanos;
    final long[] lastIntervalEnd;
    boolean closingByUs;
    String closeReason;
    long packets;
    double lastLoss = -1;

    HubLeg(UpstreamLeg leg, int seamerId, int epoch, String openedFor, boolean extra, long startedNanos) {
      this.leg = leg;
      this.seamerId = seamerId;
      this.epoch = epoch;
      this.openedFor = openedFor;
      this.extra = extra;
      this.startedNanos = startedNanos;
      this.lastIntervalEnd = new long[content.tracks().size()];
      java.util.Arrays.fill(lastIntervalEnd, Long.MIN_VALUE);
    }

    /** The worst track's loss over the interval just closed; -1 when no track has a new interval. */
    double takeIntervalLoss(long now) {
      double worst = -1;
      for (int t = 0; t < lastIntervalEnd.length; t++) {
        LossInterval i = leg.pollLoss(t, now);
        if (i == null || i.endNanos() == lastIntervalEnd[t]) {
          continue;
        }
        lastIntervalEnd[t] = i.endNanos();
        worst = Math.max(worst, LegCountAdvisor.lossOf(i));
      }
      if (worst >= 0) {
        lastLoss = worst;
      }
      return worst;
    }

    @Override
    public void onPacket(int track, ReceivedRtp rtp, ByteBuf packet, long arrivalNanos) {
      if (rtp == null) {
        onRtcp(this, track, packet);
      } else {
        onRtp(this, track, rtp, packet, arrivalNanos);
      }
    }

    @Override
    public void onBatchEnd() {
      flush();
    }

    @Override
    public void onLegClosed(String reason) {
      legClosed(this, reason);
    }
  }
}
