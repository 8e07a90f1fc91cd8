package org.seamcache.proxy.session;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.seamcache.proxy.cache.CacheDecision;
import org.seamcache.proxy.cache.StoredTitles;
import org.seamcache.proxy.route.ContentKeys;
import org.seamcache.proxy.rtsp.CacheControlHeader;
import org.seamcache.proxy.record.ContentRecordings;
import org.seamcache.proxy.route.LoopGuard;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.proxy.seam.OriginLegBudget;
import org.seamcache.proxy.seam.SeamSettings;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.proxy.upstream.LegSettings;
import org.seamcache.proxy.upstream.OriginAuthenticator;
import org.seamcache.proxy.upstream.UpstreamLeg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or opens what feeds a content: the running {@link LiveStream} of a live URL (one per
 * origin URL, shared by all its viewers, with as many legs as its loss calls for), or a fresh
 * upstream leg for stored content (one per viewer, which controls its own position). Thread-safe.
 */
public final class ContentSources {
  private volatile java.util.function.Consumer<LiveStream> onOriginLost = stream -> {};
  private static final Logger log = LoggerFactory.getLogger(ContentSources.class);

  /**
   * A described content; {@code vodLeg} is the leg that described it, for stored content, which the
   * caller now owns; {@code opened} is the upstream leg this DESCRIBE opened (the stored leg, or the
   * first leg of a live stream it started), or null when none was opened.
   */
  public record Described(ContentRef ref, UpstreamLeg vodLeg, UpstreamLeg opened) {
    Described(ContentRef ref, UpstreamLeg vodLeg) {
      this(ref, vodLeg, vodLeg);
    }
  }

  private final OriginLookup lookup;
  private final LegSettings settings;
  private final Duration liveIdle;
  private final ProxyCounters counters;
  private final LongSupplier nanoClock;
  private final ContentRecordings recordings;
  private volatile SeamSettings seaming; // replaced on reload: contents started later use the new one
  private volatile Map<String, SeamSettings> routeSeaming = Map.of(); // a route's own, where it differs
  private final StoredTitles titles;
  private final OriginLegBudget budget;
  private final LoopGuard loopGuard;
  private final ContentKeys keys;
  private final int maxUpstream;
  /** Upstream sessions opening or open (a place is taken before the DESCRIBE, so racing opens cannot overshoot). */
  private final java.util.concurrent.atomic.AtomicInteger upstreamOpen = new java.util.concurrent.atomic.AtomicInteger();
  private final Map<String, LiveStream> live = new ConcurrentHashMap<>();
  private volatile Channels channels = Channels.NONE;
  private volatile org.seamcache.proxy.cluster.Cluster cluster = org.seamcache.proxy.cluster.Cluster.standalone();
  private final EndedLiveTotals endedLive = new EndedLiveTotals();
  private final Set<UpstreamLeg> legs = ConcurrentHashMap.newKeySet();
  private final Set<ContentHub> storedHubs = ConcurrentHashMap.newKeySet();
  /** Open legs that go to a sibling instead of the origin, and the copy they read. */
  private final Map<UpstreamLeg, org.seamcache.proxy.cluster.TitleHolding> siblingLegs = new ConcurrentHashMap<>();
  /** Open legs of live streams that come from a sibling, and how many nodes their feed passed before this one. */
  private final Map<UpstreamLeg, Integer> feedDepths = new ConcurrentHashMap<>();
  private volatile java.util.function.Function<String, org.seamcache.proxy.cache.LoopCount> loops = route -> org.seamcache.proxy.cache.LoopCount.ONCE;

  /**
   * @param loopGuard origins at the proxy's own address are refused (null: not checked)
   * @param keys what content is shared under (private to credentials when fetched with them)
   * @param maxUpstream upstream sessions open at once at most (a new one beyond fails with 503)
   */
  public ContentSources(
      OriginLookup lookup, LegSettings settings, Duration liveIdle, ProxyCounters counters, LongSupplier nanoClock, ContentRecordings recordings,
      SeamSettings seaming, StoredTitles titles, LoopGuard loopGuard, ContentKeys keys, int maxUpstream) {
    this.keys = keys;
    this.maxUpstream = maxUpstream;
    this.loopGuard = loopGuard;
    this.recordings = recordings;
    this.titles = titles;
    this.seaming = seaming;
    this.budget = new OriginLegBudget(seaming.maxLegsPerOrigin());
    this.lookup = lookup;
    this.settings = settings;
    this.liveIdle = liveIdle;
    this.counters = counters;
    this.nanoClock = nanoClock;
  }

  public CompletableFuture<Described> describe(OriginTarget target, EventLoop loop) {
    return describe(target, loop, CacheControlHeader.NONE);
  }

  /**
   * As {@link #describe(OriginTarget, EventLoop)}, honouring the viewer's Cache-Control: {@code
   * no-cache} goes to the origin even when a complete recording could answer; {@code only-if-cached}
   * is answered 504 when none can.
   */
  public CompletableFuture<Described> describe(OriginTarget target, EventLoop loop, CacheControlHeader cache) {
    return describe(target, loop, cache, "", false);
  }

  /**
   * As {@link #describe(OriginTarget, EventLoop, CacheControlHeader)} for the viewer at {@code
   * viewer} ({@code ip:port}, or ""): the cache's decision is logged and kept for {@code /status}
   * ({@link org.seamcache.proxy.cache.CacheDecisions}). {@code viaProxy}: the request came through a
   * proxy (it has a {@code Via}: a sibling pulling its relay, or a proxy in front), which is served
   * here, never sent on to this node's relay (a relay's own feed would loop).
   */
  public CompletableFuture<Described> describe(OriginTarget target, EventLoop loop, CacheControlHeader cache, String viewer, boolean viaProxy) {
    String key = key(target);
    var relay = viaProxy ? java.util.Optional.<org.seamcache.proxy.cluster.RelayAssignment>empty() : cluster.relayRedirectOf(key);
    if (relay.isPresent()) {
      return CompletableFuture.failedFuture(relayRedirect(target, relay.get()));
    }
    LiveStream running = live.get(key);
    if (running != null) {
      decided(target, null, viewer, CacheDecision.Kind.LIVE, "joined the running live stream");
      return CompletableFuture.completedFuture(new Described(new ContentRef(target, running.content(), running, null), null));
    }
    org.seamcache.proxy.cluster.Cluster c = cluster;
    if (!viaProxy && c.relays(target.routeName()) && c.relayPullOf(key).isEmpty()) {
      // with relays, a live stream a sibling carries is pulled from there: one origin session for the cluster
      return c.liveCarrierElsewhere(key)
          .completeOnTimeout(java.util.Optional.empty(), SIBLING_LOOKUP_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
          .thenComposeAsync(carrier -> carrier.isEmpty() ? describeHere(target, loop, cache, key, viewer)
              : fromLiveCarrier(c, target, loop, key, carrier.get()).exceptionallyCompose(e -> {
                log.info("DESCRIBE {}: sibling {} could not feed it ({}): as without it", target.originForLog(), carrier.get().node().id(),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                return describeHere(target, loop, cache, key, viewer);
              }), loop);
    }
    return describeHere(target, loop, cache, key, viewer);
  }

  /** The live stream of {@code key} that {@code carrier} relays, pulled from it (its route, or the URL-prefix form, with a token). */
  private CompletableFuture<Described> fromLiveCarrier(org.seamcache.proxy.cluster.Cluster c, OriginTarget target, EventLoop loop, String key,
      org.seamcache.proxy.cluster.LiveHolding carrier) {
    String unsigned = org.seamcache.proxy.cluster.SiblingRedirect.location(carrier.node().url(), relaySource(target, carrier.routeName()));
    return openLeg(target, loop, settings, java.net.URI.create(c.signedForSibling(unsigned))).thenApply(leg -> {
      fedThrough(leg, carrier.depth() + 1);
      c.fetchedFromSibling();
      log.info("DESCRIBE {}: live stream pulled from sibling {}, which carries it ({} viewers there; {})", target.originForLog(),
          carrier.node().id(), carrier.viewers(), unsigned);
      try {
        return describedBy(target, key, leg);
      } catch (RuntimeException e) {
        leg.eventLoop().execute(leg::teardown);
        throw e;
      }
    });
  }

  /** This node's own answer: a copy here, a sibling's copy by policy, or the origin. */
  private CompletableFuture<Described> describeHere(OriginTarget target, EventLoop loop, CacheControlHeader cache, String key, String viewer) {
    boolean cached = titles.policy().caches(target.routeName()); // a route whose titles must always come from the origin
    var lookup = cache.noCache() || !cached ? StoredTitles.Lookup.NONE : titles.lookup(key, target.originUri());
    var stored = lookup.copy();
    if (cache.onlyIfCached() && stored.isEmpty() && (!cached || cluster.policyFor(target.routeName()) == org.seamcache.proxy.cluster.SiblingPolicy.ORIGIN)) {
      log.info("DESCRIBE {} only-if-cached: not in the cache", target.originForLog());
      decided(target, null, viewer, CacheDecision.Kind.GATEWAY_TIMEOUT, "only-if-cached, and no copy is cached here"
          + (lookup.privateToOthers() ? " for these credentials" : ""));
      return CompletableFuture.failedFuture(new org.seamcache.proxy.rtsp.RtspStatusException(504,
          "only-if-cached, and no complete copy of this title is cached here"));
    }
    if (cached && cache.noCache() && !titles.servable(key, target.originUri()).isEmpty()) {
      log.info("DESCRIBE {} no-cache: going to the origin though a complete copy is cached", target.originForLog());
    }
    if (stored.isEmpty() && cached && !cache.noCache() && cluster.policyFor(target.routeName()) == org.seamcache.proxy.cluster.SiblingPolicy.REDIRECT) {
      org.seamcache.proxy.cluster.Cluster c = cluster;
      return c.completeCopyElsewhere(key)
          .completeOnTimeout(java.util.Optional.empty(), SIBLING_LOOKUP_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
          .thenComposeAsync(sibling -> {
            if (sibling.isEmpty()) {
              // the holders were just read (cached): no wait, no further read
              c.recordingElsewhere(key).getNow(java.util.Optional.empty()).ifPresent(r -> log.info(
                  "DESCRIBE {}: no sibling holds it complete; sibling {} is recording it now", target.originForLog(), r.node().id()));
              return decidedByOrigin(target, viewer, CacheDecision.Kind.MISS, "no copy here nor at a sibling",
                  withoutCopy(target, loop, key, cache));
            }
            // with a node-to-node token: the sibling admits the viewer this node admitted (tokens, users)
            String location = c.signedForSibling(org.seamcache.proxy.cluster.SiblingRedirect.location(sibling.get().node().url(), target));
            c.redirected();
            log.info("DESCRIBE {}: sent to sibling {}, which holds a complete copy ({})", target.originForLog(), sibling.get().node().id(),
                location.replaceAll("token=[^&]*", "token=***"));
            decided(target, null, viewer, CacheDecision.Kind.REDIRECTED, "sibling " + sibling.get().node().id() + " holds a complete copy");
            return CompletableFuture.failedFuture(new org.seamcache.proxy.rtsp.RtspRedirectException(location,
                "a complete copy is held by sibling " + sibling.get().node().id()));
          }, loop);
    }
    if (stored.isEmpty() && cached && !cache.noCache() && cluster.policyFor(target.routeName()) == org.seamcache.proxy.cluster.SiblingPolicy.FETCH) {
      return decidedByOrigin(target, viewer, CacheDecision.Kind.MISS, "no copy here: fetched from a sibling, else the origin",
          fromSibling(target, loop, key, cache));
    }
    if (stored.isPresent()) {
      org.seamcache.storage.ContentInfo info = stored.get();
      String how = (lookup.shared() ? "a copy fetched with other credentials, the origin said public; " : "")
          + (info.state() == org.seamcache.storage.ContentState.PARTIAL ? "partial copy (" + info.missing() + " missing), its repair goes on; " : "")
          + (lookup.recordedInto() ? "a repair is recording into it: served as sealed before; " : "");
      return CompletableFuture.supplyAsync(() -> titles.freshness(info, target.originUri(), target.routeName(), cache), titles.executor())
          .thenCompose(verdict -> {
            if (!verdict.askOrigin()) {
              log.debug("DESCRIBE {} from the cache: {}", target.originForLog(), verdict.reason());
              decided(target, info, viewer, verdict.reason().startsWith("stale") ? CacheDecision.Kind.STALE : CacheDecision.Kind.HIT,
                  how + verdict.reason());
              return fromDisk(target, loop, key, info);
            }
            return revalidate(target, loop, key, info, verdict, viewer);
          });
    }
    if (!cached) {
      return decidedByOrigin(target, viewer, CacheDecision.Kind.ORIGIN, "the route forbids caching (cache=off)", fromOrigin(target, loop, key));
    }
    if (cache.noCache()) {
      return decidedByOrigin(target, viewer, CacheDecision.Kind.ORIGIN, "the viewer said no-cache", fromOrigin(target, loop, key));
    }
    if (lookup.privateToOthers()) {
      return decidedByOrigin(target, viewer, CacheDecision.Kind.PRIVATE_REFUSED,
          "the cached copy is private to other credentials (the origin did not say public): the origin decides", fromOrigin(target, loop, key));
    }
    return decidedByOrigin(target, viewer, CacheDecision.Kind.MISS, "no copy cached", fromOrigin(target, loop, key));
  }

  /** One decision of the cache, logged and kept for {@code /status}. */
  private void decided(OriginTarget target, org.seamcache.storage.ContentInfo copy, String viewer, CacheDecision.Kind kind, String reason) {
    titles.decisions().record(new CacheDecision(titles.nowMillis(), target.originForLog(), copy == null ? "" : copy.id(),
        viewer == null ? "" : viewer, kind, reason));
  }

  /** A decision that sends the request on ({@code answer}): recorded when it is answered (live content is LIVE, whatever the rule). */
  private CompletableFuture<Described> decidedByOrigin(OriginTarget target, String viewer, CacheDecision.Kind kind, String reason,
      CompletableFuture<Described> answer) {
    return answer.whenComplete((d, e) -> {
      if (e != null) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof org.seamcache.proxy.rtsp.RtspRedirectException) {
          return; // recorded as REDIRECTED where it was sent
        }
        if (cause instanceof org.seamcache.proxy.rtsp.RtspStatusException s && s.status() == 403) {
          return; // refused before any origin was asked (the allow-list): the access log says why
        }
        decided(target, null, viewer, cause instanceof org.seamcache.proxy.rtsp.RtspStatusException s && s.status() == 504
            ? CacheDecision.Kind.GATEWAY_TIMEOUT : kind, reason + "; not answered: " + cause.getMessage());
      } else if (d.ref().live() != null) {
        decided(target, null, viewer, CacheDecision.Kind.LIVE, "live content: " + reason);
      } else {
        decided(target, null, viewer, kind, reason);
      }
    });
  }

  /** A new viewer of a live stream whose relay the leader assigned to a sibling: 302 there, with a node-to-node token. */
  private org.seamcache.proxy.rtsp.RtspRedirectException relayRedirect(OriginTarget target, org.seamcache.proxy.cluster.RelayAssignment relay) {
    org.seamcache.proxy.cluster.Cluster c = cluster;
    String location = c.signedForSibling(org.seamcache.proxy.cluster.SiblingRedirect.location(relay.to().url(), target));
    c.redirected();
    log.info("DESCRIBE {}: sent to {}, which relays this live stream for this node ({})", target.originForLog(), relay.to().id(),
        location.replaceAll("token=[^&]*", "token=***"));
    return new org.seamcache.proxy.rtsp.RtspRedirectException(location, "live stream relayed by sibling " + relay.to().id());
  }

  /** No copy here nor at a sibling: only-if-cached gets 504, anything else goes to the origin. */
  private CompletableFuture<Described> withoutCopy(OriginTarget target, EventLoop loop, String key, CacheControlHeader cache) {
    if (cache.onlyIfCached()) {
      return CompletableFuture.failedFuture(new org.seamcache.proxy.rtsp.RtspStatusException(504,
          "only-if-cached, and no complete copy of this title is cached here"));
    }
    return fromOrigin(target, loop, key);
  }

  /**
   * No copy here, under policy fetch: the upstream leg goes to a sibling that holds the title
   * complete (recorded here like a leg to the origin); none, or it fails, and it is as without a copy.
   */
  private CompletableFuture<Described> fromSibling(OriginTarget target, EventLoop loop, String key, CacheControlHeader cache) {
    org.seamcache.proxy.cluster.Cluster c = cluster;
    return siblingHolding(c, key).thenComposeAsync(sibling -> {
      if (sibling.isEmpty()) {
        return withoutCopy(target, loop, key, cache);
      }
      return openSiblingLeg(c, target, loop, settings, sibling.get())
          .thenApply(leg -> {
            try {
              return describedBy(target, key, leg);
            } catch (RuntimeException e) {
              leg.eventLoop().execute(leg::teardown);
              throw e;
            }
          })
          .exceptionallyCompose(e -> {
            log.info("DESCRIBE {}: sibling {} could not serve it ({}): as without a copy", target.originForLog(), sibling.get().node().id(),
                e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return withoutCopy(target, loop, key, cache);
          });
    }, loop);
  }

  /** A sibling (never this node) holding {@code key} complete, asked for no longer than {@link #SIBLING_LOOKUP_MILLIS}. */
  private static CompletableFuture<java.util.Optional<org.seamcache.proxy.cluster.TitleHolding>> siblingHolding(
      org.seamcache.proxy.cluster.Cluster c, String key) {
    return c.completeCopyElsewhere(key)
        .completeOnTimeout(java.util.Optional.empty(), SIBLING_LOOKUP_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * A leg to {@code holding}'s node for the title of {@code target}, with a node-to-node token,
   * recorded and shared under the title's own key (the sibling is only where it comes from).
   */
  private CompletableFuture<UpstreamLeg> openSiblingLeg(org.seamcache.proxy.cluster.Cluster c, OriginTarget target, EventLoop loop,
      LegSettings legSettings, org.seamcache.proxy.cluster.TitleHolding holding) {
    String unsigned = org.seamcache.proxy.cluster.SiblingRedirect.location(holding.node().url(), target);
    return openLeg(target, loop, legSettings, java.net.URI.create(c.signedForSibling(unsigned))).thenApply(leg -> {
      siblingLegs.put(leg, holding);
      leg.closed().thenRun(() -> siblingLegs.remove(leg));
      c.fetchedFromSibling();
      log.info("{}: upstream leg {} from sibling {} ({})", target.originForLog(), leg.id(), holding.node().id(), unsigned);
      return leg;
    });
  }

  /** A complete recording answers: no upstream session at all. */
  private CompletableFuture<Described> fromDisk(OriginTarget target, EventLoop loop, String key, org.seamcache.storage.ContentInfo info) {
    return titles.load(info, target.originUri())
        .thenApply(title -> new Described(new ContentRef(target, looped(title, loops.apply(target.routeName())), null, title), null))
        .exceptionallyCompose(e -> {
          log.warn("not serving {} from disk: {}", target.originForLog(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
          return fromOrigin(target, loop, key);
        });
  }

  /**
   * Asks the origin whether the cached title changed (a DESCRIBE, compared by its strongest
   * validator): unchanged, the copy answers and is fresh again; changed, the copy is dropped and this
   * viewing fetches the title anew (recorded again once the old copy could be purged); the origin
   * unreachable, the stale copy answers unless the origin said must-revalidate (then 504).
   */
  private CompletableFuture<Described> revalidate(OriginTarget target, EventLoop loop, String key, org.seamcache.storage.ContentInfo info,
      org.seamcache.proxy.cache.CacheFreshness.Verdict verdict, String viewer) {
    counters.revalidations.increment();
    return openLeg(target, loop).handle((leg, err) -> {
      if (err != null) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        counters.revalidationsFailed.increment();
        if (cause instanceof org.seamcache.proxy.rtsp.RtspStatusException s && s.status() >= 400 && s.status() < 500) {
          log.info("DESCRIBE {}: {}; the origin answered the revalidation with {}: passed on", target.originForLog(), verdict.reason(),
              s.status());
          titles.decisions().revalidated(info.id(), titles.nowMillis(), "the origin answered " + s.status());
          decided(target, info, viewer, CacheDecision.Kind.ORIGIN, verdict.reason() + "; the origin answered the revalidation with "
              + s.status() + ": passed on");
          return CompletableFuture.<Described>failedFuture(cause);
        }
        if (!verdict.serveStaleIfOriginFails()) {
          log.info("DESCRIBE {}: {}; the origin cannot be reached to revalidate it ({}): 504", target.originForLog(), verdict.reason(),
              cause.getMessage());
          titles.decisions().revalidated(info.id(), titles.nowMillis(), "failed: " + cause.getMessage());
          decided(target, info, viewer, CacheDecision.Kind.GATEWAY_TIMEOUT, verdict.reason() + "; the origin cannot be reached to revalidate it");
          return CompletableFuture.<Described>failedFuture(new org.seamcache.proxy.rtsp.RtspStatusException(504,
              "the cached copy is stale, the origin requires revalidation, and it cannot be reached"));
        }
        log.info("DESCRIBE {}: {}; the origin cannot be reached to revalidate it ({}): serving the stale copy", target.originForLog(),
            verdict.reason(), cause.getMessage());
        titles.decisions().revalidated(info.id(), titles.nowMillis(), "failed: " + cause.getMessage());
        decided(target, info, viewer, CacheDecision.Kind.STALE, verdict.reason() + "; the origin cannot be reached to revalidate it");
        return fromDisk(target, loop, key, info);
      }
      var now = org.seamcache.proxy.cache.OriginValidators.of(leg.cacheHeaders(), leg.content().sdp(), titles.nowMillis());
      String changed = titles.revalidated(info, target.originUri(), now);
      if (changed == null) {
        counters.revalidatedUnchanged.increment();
        leg.eventLoop().execute(leg::teardown);
        log.info("DESCRIBE {}: {}; revalidated: unchanged at the origin ({}), served from the cache", target.originForLog(), verdict.reason(),
            now.describe());
        decided(target, info, viewer, CacheDecision.Kind.REVALIDATED, verdict.reason() + "; unchanged at the origin (" + now.describe() + ")");
        return fromDisk(target, loop, key, info);
      }
      counters.revalidatedChanged.increment();
      return CompletableFuture.supplyAsync(() -> titles.purgeSuperseded(info), titles.executor()).thenApply(purged -> {
        if (!purged) {
          leg.tapAtStart(() -> CompletableFuture.completedFuture(null)); // the old copy is still read: not recorded over it
        }
        log.info("DESCRIBE {}: {}; revalidated: changed at the origin ({}), fetched again{}", target.originForLog(), verdict.reason(),
            changed, purged ? "" : " (not recorded: the old copy is still being read)");
        decided(target, info, viewer, CacheDecision.Kind.MISS, verdict.reason() + "; changed at the origin (" + changed + "): fetched again");
        try {
          return describedBy(target, key, leg);
        } catch (RuntimeException e) {
          leg.eventLoop().execute(leg::teardown);
          throw e;
        }
      });
    }).thenCompose(f -> f);
  }

  private CompletableFuture<Described> fromOrigin(OriginTarget target, EventLoop loop, String key) {
    return openLeg(target, loop)
        .thenApply(
            leg -> {
              try {
                return describedBy(target, key, leg);
              } catch (RuntimeException e) {
                leg.eventLoop().execute(leg::teardown); // nobody else holds it yet
                throw e;
              }
            });
  }

  private Described describedBy(OriginTarget target, String key, UpstreamLeg leg) {
    if (leg.content().seekable()) {
      return new Described(new ContentRef(target, leg.content(), null, null), leg);
    }
    LiveStream stream =
        live.computeIfAbsent(key, k -> new LiveStream(k, target.routeName(), target.originUri().getHost(), leg, liveIdle, seamingFor(target), budget, counters,
            settings.liveReconnect(), this::ended, l -> openLeg(target, l), nanoClock));
    if (stream.leg() != leg) {
      leg.eventLoop().execute(leg::teardown); // another viewer's DESCRIBE won the race
      return new Described(new ContentRef(target, stream.content(), stream, null), null);
    }
    return new Described(new ContentRef(target, stream.content(), stream, null), null, leg);
  }

  /** A new leg on {@code loop}, DESCRIBEd and ready for SETUP. */
  public CompletableFuture<UpstreamLeg> openLeg(OriginTarget target, EventLoop loop) {
    return openLeg(target, loop, settings);
  }

  /**
   * A new TCP-interleaved leg (reliable: for fetching ranges again), DESCRIBEd and ready for SETUP.
   * Under policy fetch (repairs, prefetches) it goes to a sibling holding the title complete first,
   * and to the origin when none does or the sibling fails.
   */
  CompletableFuture<UpstreamLeg> openReliableLeg(OriginTarget target, EventLoop loop) {
    LegSettings reliable = new LegSettings(true, settings.udpFallback(), settings.requestTimeout(), settings.originSilence(),
        settings.liveReconnect());
    org.seamcache.proxy.cluster.Cluster c = cluster;
    if (c.policyFor(target.routeName()) != org.seamcache.proxy.cluster.SiblingPolicy.FETCH || !titles.policy().caches(target.routeName())) {
      return openLeg(target, loop, reliable);
    }
    return siblingHolding(c, key(target)).thenComposeAsync(sibling -> sibling.isEmpty()
        ? openLeg(target, loop, reliable)
        : openSiblingLeg(c, target, loop, reliable, sibling.get()).exceptionallyCompose(e -> {
          log.info("{}: sibling {} could not serve it ({}): from the origin", target.originForLog(), sibling.get().node().id(),
              e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
          return openLeg(target, loop, reliable);
        }), loop);
  }

  private CompletableFuture<UpstreamLeg> openLeg(OriginTarget target, EventLoop loop, LegSettings legSettings) {
    org.seamcache.proxy.cluster.Cluster c = cluster;
    var pull = c.relayPullOf(key(target));
    if (pull.isPresent()) {
      // a relay of this node: every leg of the stream goes to the feeding sibling (one origin session for the cluster)
      String unsigned = org.seamcache.proxy.cluster.SiblingRedirect.location(pull.get().from().url(), relaySource(target, pull.get().routeName()));
      log.info("{}: upstream leg from sibling {}, which this node relays ({})", target.originForLog(), pull.get().from().id(), unsigned);
      // the feeder's own depth is not in the assignment: most feeders are fed by the origin
      return openLeg(target, loop, legSettings, java.net.URI.create(c.signedForSibling(unsigned))).thenApply(leg -> fedThrough(leg, 1));
    }
    return openLeg(target, loop, legSettings, target.originUri());
  }

  private UpstreamLeg fedThrough(UpstreamLeg leg, int depth) {
    feedDepths.put(leg, depth);
    leg.closed().thenRun(() -> feedDepths.remove(leg));
    return leg;
  }

  /** How many nodes the feed of {@code stream} passes before this one: 0 from the origin (its current first leg's). */
  public int feedDepth(LiveStream stream) {
    UpstreamLeg leg = stream.leg();
    return leg == null ? 0 : feedDepths.getOrDefault(leg, 0);
  }

  /** {@code target} as a sibling feeding it knows it: through {@code routeName} (its stream came by that route there), else by URL. */
  private static OriginTarget relaySource(OriginTarget target, String routeName) {
    return new OriginTarget(target.originUri(), routeName == null ? target.proxyUri() : "rtsp://feeder/" + routeName, routeName, target.via());
  }

  /**
   * Opens the live stream of {@code target} (its legs go to the node this one relays it for) and
   * holds it up until {@link LiveStream#cease}; empty when the content turns out not to be live.
   */
  CompletableFuture<java.util.Optional<LiveStream>> openHeldLive(OriginTarget target, EventLoop loop) {
    String key = key(target);
    return fromOrigin(target, loop, key).thenApply(d -> {
      if (d.ref().live() == null) {
        if (d.vodLeg() != null) {
          d.vodLeg().eventLoop().execute(d.vodLeg()::teardown);
        }
        return java.util.Optional.<LiveStream>empty();
      }
      d.ref().live().hold();
      return java.util.Optional.of(d.ref().live());
    });
  }

  /** This node's loop guard's {@code Via} for requests it starts itself (no viewer's hops before it). */
  String ownVia() {
    return loopGuard == null ? null : loopGuard.viaAfter(java.util.List.of());
  }

  /** A leg for {@code target}'s content from {@code upstream}: its origin, or a sibling that holds it. */
  private CompletableFuture<UpstreamLeg> openLeg(OriginTarget target, EventLoop loop, LegSettings legSettings, java.net.URI upstream) {
    if (upstreamOpen.incrementAndGet() > maxUpstream) {
      upstreamOpen.decrementAndGet();
      counters.upstreamLimited.increment();
      return CompletableFuture.failedFuture(new org.seamcache.proxy.rtsp.RtspStatusException(503,
          "the proxy's upstream session limit (" + maxUpstream + ") is reached"));
    }
    CompletableFuture<UpstreamLeg> opened = lookup
        .resolve(upstream)
        .thenCompose(
            addr -> {
              if (loopGuard != null) {
                loopGuard.refuseSelf(addr);
              }
              return UpstreamLeg.describe(loop, upstream, addr, OriginCredentials.authenticatorFor(upstream), legSettings, nanoClock,
                  target.via());
            })
        .thenApply(
            leg -> {
              // recorded under the content key: private to the credentials the leg used, if any
              java.util.Map<String, String> validators =
                  org.seamcache.proxy.cache.OriginValidators.of(leg.cacheHeaders(), leg.content().sdp(), titles.nowMillis()).toAttributes();
              if (titles.policy().caches(target.routeName())) { // a route that forbids caching is not recorded either
                leg.tapAtStart(() -> recordings.forLeg(target, keys.of(target.originUri()), leg.content(), validators)
                    .thenApply(r -> (PacketSink) r));
              }
              legs.add(leg);
              leg.closed().thenRun(() -> {
                legs.remove(leg);
                upstreamOpen.decrementAndGet();
              });
              return leg;
            });
    opened.exceptionally(e -> {
      upstreamOpen.decrementAndGet(); // never opened: its place is free again
      return null;
    });
    return opened;
  }

  /**
   * The hub of one viewer's stored-content session: {@code leg} (the viewer's own) first, extra legs
   * to the same origin URL opened on its loop when the link is lossy.
   */
  ContentHub storedHub(OriginTarget target, UpstreamLeg leg, int[] tracks, org.seamcache.proxy.relay.Relay relay,
      java.util.function.Supplier<String> extraRange) {
    storedHubs.removeIf(ContentHub::isClosed);
    ContentHub hub = new ContentHub("stored " + key(target) + " (viewer leg " + leg.id() + ")", target.originUri().getHost(), leg.content(), leg.eventLoop(), relay,
        new org.seamcache.proxy.relay.GopCache(-1, ""), seamingFor(target), budget, counters, l -> openLegLike(leg, target, l),
        (reason, byUs) -> {}, nanoClock, tracks, extraRange, true);
    storedHubs.add(hub);
    return hub;
  }

  /** A further leg to where {@code like} goes: the same sibling (with a fresh token), or the origin. */
  private CompletableFuture<UpstreamLeg> openLegLike(UpstreamLeg like, OriginTarget target, EventLoop loop) {
    org.seamcache.proxy.cluster.TitleHolding sibling = siblingLegs.get(like);
    return sibling == null ? openLeg(target, loop) : openSiblingLeg(cluster, target, loop, settings, sibling);
  }

  /** How many times a route's stored titles play from disk (read at each DESCRIBE: a reload applies to the next). */
  public void loops(java.util.function.Function<String, org.seamcache.proxy.cache.LoopCount> byRoute) {
    loops = byRoute;
  }

  /** A looping title's description says how long it plays: {@code a=range:npt=0-N×length}, or {@code npt=0-} forever. */
  private static org.seamcache.proxy.upstream.ContentDescription looped(org.seamcache.proxy.cache.StoredTitle title,
      org.seamcache.proxy.cache.LoopCount loops) {
    var d = title.description();
    if (!loops.loops()) {
      return d;
    }
    double end = new org.seamcache.proxy.cache.PlayoutPacer(title, loops).endSeconds();
    String range = Double.isInfinite(end) ? "npt=0-" : String.format(java.util.Locale.ROOT, "npt=0-%.3f", end);
    return new org.seamcache.proxy.upstream.ContentDescription(d.sdp().withSessionAttribute("range", range), d.originBase(), d.tracks(), d.seekable());
  }

  /** How a content of {@code target} is seamed: its route's settings, else the proxy's. */
  private SeamSettings seamingFor(OriginTarget target) {
    String route = target.routeName();
    return route == null ? seaming : routeSeaming.getOrDefault(route, seaming);
  }

  /** The time-offset channels offered (none until set): DESCRIBE of a channel offset is answered by them. */
  public void channels(Channels c) {
    channels = c;
  }

  /** The content of a channel offset the Request-URI addresses, or empty when it names no channel (see {@link Channels#describe}). */
  public java.util.Optional<ContentRef> channelOffset(String requestUri) {
    return channels.describe(requestUri);
  }

  /** The cluster this node belongs to (standalone until set): stored titles a sibling holds complete may be redirected there. */
  public void cluster(org.seamcache.proxy.cluster.Cluster c) {
    cluster = c;
  }

  /** Sibling lookups longer than this are given up: the viewer goes to the origin instead of waiting on the engine. */
  private static final long SIBLING_LOOKUP_MILLIS = 1000;

  /** Contents started from now on seam with {@code next} (a configuration reload); running ones keep theirs. */
  public void seaming(SeamSettings next, Map<String, SeamSettings> byRoute) {
    routeSeaming = Map.copyOf(byRoute);
    seaming = next;
  }

  /** A viewer's session on stored content from the origin, and its hub's figures (a moment old). */
  public record StoredViewing(String key, ContentHubStatus status) {}

  /** The stored-content viewings that run through a hub now. */
  public java.util.List<StoredViewing> storedViewings() {
    storedHubs.removeIf(ContentHub::isClosed);
    return storedHubs.stream().map(h -> new StoredViewing(h.key(), h.status())).toList();
  }

  private void ended(LiveStream stream, String reason) {
    live.remove(stream.originKey(), stream);
    endedLive.add(stream.routeName(), stream.seaming()); // after the removal: a scrape between may lag, never count twice
    log.info("live stream {} ended: {}", stream.originKey(), reason);
    if (stream.originLost()) {
      onOriginLost.accept(stream);
    }
  }

  /** Told when a live stream ends because its origin was lost and did not come back (its viewers were told BYE). */
  public void onOriginLost(java.util.function.Consumer<LiveStream> listener) {
    this.onOriginLost = listener;
  }

  /** The id of the recording being written of a live content (time-shift reads behind its writer), if any. */
  java.util.Optional<String> liveRecording(OriginTarget target) {
    return recordings.recordingOf(key(target));
  }

  /** Recorded titles served from disk. */
  StoredTitles titles() {
    return titles;
  }

  /** Every open upstream leg (live and stored). */
  public Collection<UpstreamLeg> legs() {
    return legs;
  }

  public Collection<LiveStream> liveStreams() {
    return live.values();
  }

  /** What live streams that have ended seamed, per route (running streams: {@link #liveStreams()}). */
  public EndedLiveTotals endedLiveTotals() {
    return endedLive;
  }

  /** TEARDOWN of every leg; completes when all are closed (or after the request timeout). */
  public CompletableFuture<Void> shutdown() {
    live.values().forEach(LiveStream::shutdown);
    for (UpstreamLeg leg : legs) {
      leg.eventLoop().execute(leg::teardown);
    }
    return CompletableFuture.allOf(legs.stream().map(UpstreamLeg::closed).toArray(CompletableFuture[]::new));
  }

  /** Live streams, recordings and stored titles are shared under the content key (see {@link ContentKeys}). */
  private String key(OriginTarget target) {
    return keys.of(target.originUri());
  }
}
