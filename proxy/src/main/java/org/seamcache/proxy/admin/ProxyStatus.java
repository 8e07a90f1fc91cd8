package org.seamcache.proxy.admin;

import java.util.ArrayList;
import java.util.List;
import org.seamcache.proxy.session.ContentSources;
import org.seamcache.proxy.session.ContentHubStatus;
import org.seamcache.proxy.session.LiveStream;
import org.seamcache.proxy.session.ProxyCounters;
import org.seamcache.proxy.session.SessionRegistry;
import org.seamcache.proxy.upstream.UpstreamLeg;
import org.seamcache.storage.RecorderStats;

/**
 * A snapshot of the proxy for {@code /status} (JSON; {@code /metrics} is
 * {@link org.seamcache.proxy.metrics.ProxyMetrics}).
 * Immutable; figures read from other threads may be a moment old.
 */
public record ProxyStatus(
    int sessions,
    int viewers,
    List<Leg> legs,
    List<Live> live,
    long packetsIn,
    long bytesIn,
    long rtcpIn,
    long malformedIn,
    long packetsOut,
    long droppedOut,
    long failedOut,
    long requests,
    long refusedSessions,
    long upstreamSessionsOpened,
    long reconnects,
    long legsOpened,
    long legsClosed,
    long legRefusals,
    long legsNotAlignable,
    long gopJoins,
    long repairs,
    long repairRanges,
    List<Stored> storedViewings,
    List<RecorderStats> recordings,
    org.seamcache.proxy.cluster.ClusterStatus cluster,
    // onward streams: the time-offset channels
    List<org.seamcache.proxy.session.ChannelStatus> channels,
    org.seamcache.proxy.cache.CacheStatus cache) {

  public ProxyStatus {
    channels = channels == null ? List.of() : List.copyOf(channels);
    cache = cache == null ? org.seamcache.proxy.cache.CacheStatus.EMPTY : cache;
  }

  /** Without channels and the cache's part (shown empty). */
  public ProxyStatus(int sessions, int viewers, List<Leg> legs, List<Live> live, long packetsIn, long bytesIn, long rtcpIn, long malformedIn,
      long packetsOut, long droppedOut, long failedOut, long requests, long refusedSessions, long upstreamSessionsOpened, long reconnects,
      long legsOpened, long legsClosed, long legRefusals, long legsNotAlignable, long gopJoins, long repairs, long repairRanges,
      List<Stored> storedViewings, List<RecorderStats> recordings, org.seamcache.proxy.cluster.ClusterStatus cluster) {
    this(sessions, viewers, legs, live, packetsIn, bytesIn, rtcpIn, malformedIn, packetsOut, droppedOut, failedOut, requests, refusedSessions,
        upstreamSessionsOpened, reconnects, legsOpened, legsClosed, legRefusals, legsNotAlignable, gopJoins, repairs, repairRanges,
        storedViewings, recordings, cluster, List.of(), org.seamcache.proxy.cache.CacheStatus.EMPTY);
  }

  /** The same snapshot with these channels. */
  public ProxyStatus withChannels(List<org.seamcache.proxy.session.ChannelStatus> c) {
    return new ProxyStatus(sessions, viewers, legs, live, packetsIn, bytesIn, rtcpIn, malformedIn, packetsOut, droppedOut, failedOut, requests,
        refusedSessions, upstreamSessionsOpened, reconnects, legsOpened, legsClosed, legRefusals, legsNotAlignable, gopJoins, repairs,
        repairRanges, storedViewings, recordings, cluster, c, cache);
  }

  /** The same snapshot with the cache's part. */
  public ProxyStatus withCache(org.seamcache.proxy.cache.CacheStatus c) {
    return new ProxyStatus(sessions, viewers, legs, live, packetsIn, bytesIn, rtcpIn, malformedIn, packetsOut, droppedOut, failedOut, requests,
        refusedSessions, upstreamSessionsOpened, reconnects, legsOpened, legsClosed, legRefusals, legsNotAlignable, gopJoins, repairs,
        repairRanges, storedViewings, recordings, cluster, channels, c);
  }

  /** Without the cluster's part (shown as standalone). */
  public ProxyStatus(int sessions, int viewers, List<Leg> legs, List<Live> live, long packetsIn, long bytesIn, long rtcpIn, long malformedIn,
      long packetsOut, long droppedOut, long failedOut, long requests, long refusedSessions, long upstreamSessionsOpened, long reconnects,
      long legsOpened, long legsClosed, long legRefusals, long legsNotAlignable, long gopJoins, long repairs, long repairRanges,
      List<Stored> storedViewings, List<RecorderStats> recordings) {
    this(sessions, viewers, legs, live, packetsIn, bytesIn, rtcpIn, malformedIn, packetsOut, droppedOut, failedOut, requests, refusedSessions,
        upstreamSessionsOpened, reconnects, legsOpened, legsClosed, legRefusals, legsNotAlignable, gopJoins, repairs, repairRanges,
        storedViewings, recordings, org.seamcache.proxy.cluster.Cluster.standalone().status());
  }

  /** The same snapshot with this node's part in its cluster. */
  public ProxyStatus withCluster(org.seamcache.proxy.cluster.ClusterStatus c) {
    return new ProxyStatus(sessions, viewers, legs, live, packetsIn, bytesIn, rtcpIn, malformedIn, packetsOut, droppedOut, failedOut, requests,
        refusedSessions, upstreamSessionsOpened, reconnects, legsOpened, legsClosed, legRefusals, legsNotAlignable, gopJoins, repairs,
        repairRanges, storedViewings, recordings, c, channels, cache);
  }

  /** One upstream leg. */
  public record Leg(long id, String origin, String transport, boolean playing, long packetsIn, long bytesIn, long malformedIn,
      long expected, long lost, double lossFraction) {}

  /** One viewer's session on stored content fetched from the origin, and how its legs are seamed. */
  public record Stored(String origin, ContentHubStatus seaming) {}

  /** One shared live stream, and how its legs are seamed. */
  public record Live(String origin, long legId, int viewers, ContentHubStatus seaming) {}

  public static ProxyStatus of(SessionRegistry sessions, ContentSources sources, ProxyCounters c, List<RecorderStats> recordings) {
    List<Leg> legs = new ArrayList<>();
    for (UpstreamLeg l : sources.legs()) {
      long expected = l.expectedPackets();
      long lost = l.lostPackets();
      legs.add(new Leg(l.id(), l.originUri(), l.isTcp() ? "tcp" : "udp", l.isPlaying(), l.packetsIn(), l.bytesIn(), l.malformedIn(),
          expected, lost, expected == 0 ? 0.0 : (double) lost / expected));
    }
    List<Live> live = new ArrayList<>();
    int viewers = 0;
    for (LiveStream s : sources.liveStreams()) {
      live.add(new Live(s.originKey(), s.leg().id(), s.viewers(), s.seaming()));
      viewers += s.viewers();
    }
    viewers += (int) sessions.all().stream().filter(x -> x.content().live() == null && x.playbackStarted()).count();
    return new ProxyStatus(sessions.size(), viewers, legs, live, c.packetsIn.sum(), c.bytesIn.sum(), c.rtcpIn.sum(),
        c.malformedIn.sum(), c.delivery.sent.sum(), c.delivery.dropped.sum(), c.delivery.failed.sum(), c.requests.sum(), c.refusedSessions.sum(),
        c.upstreamSessions.sum(), c.reconnects.sum(), c.legsOpened.sum(), c.legsClosed.sum(), c.legRefusals.sum(),
        c.legsNotAlignable.sum(), c.gopJoins.sum(), c.repairs.sum(), c.repairRanges.sum(),
        sources.storedViewings().stream().map(h -> new Stored(h.key(), h.status())).toList(), List.copyOf(recordings));
  }

  public String toJson() {
    StringBuilder b = new StringBuilder("{");
    b.append("\"sessions\":").append(sessions).append(",\"viewers\":").append(viewers);
    b.append(",\"upstreamLegs\":[");
    for (int i = 0; i < legs.size(); i++) {
      Leg l = legs.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"id\":").append(l.id())
          .append(",\"origin\":").append(quote(l.origin()))
          .append(",\"transport\":").append(quote(l.transport()))
          .append(",\"playing\":").append(l.playing())
          .append(",\"packetsIn\":").append(l.packetsIn())
          .append(",\"bytesIn\":").append(l.bytesIn())
          .append(",\"malformedIn\":").append(l.malformedIn())
          .append(",\"expectedPackets\":").append(l.expected())
          .append(",\"lostPackets\":").append(l.lost())
          .append(",\"lossFraction\":").append(String.format(java.util.Locale.ROOT, "%.6f", l.lossFraction()))
          .append('}');
    }
    b.append("],\"liveStreams\":[");
    for (int i = 0; i < live.size(); i++) {
      Live s = live.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"origin\":").append(quote(s.origin()))
          .append(",\"legId\":").append(s.legId())
          .append(",\"viewers\":").append(s.viewers());
      appendSeaming(b, s.seaming());
      b.append('}');
    }
    b.append("],\"packetsIn\":").append(packetsIn)
        .append(",\"bytesIn\":").append(bytesIn)
        .append(",\"rtcpIn\":").append(rtcpIn)
        .append(",\"malformedIn\":").append(malformedIn)
        .append(",\"packetsOut\":").append(packetsOut)
        .append(",\"droppedOut\":").append(droppedOut)
        .append(",\"failedOut\":").append(failedOut)
        .append(",\"requests\":").append(requests)
        .append(",\"refusedSessions\":").append(refusedSessions)
        .append(",\"upstreamSessionsOpened\":").append(upstreamSessionsOpened)
        .append(",\"reconnects\":").append(reconnects)
        .append(",\"legsOpened\":").append(legsOpened)
        .append(",\"legsClosed\":").append(legsClosed)
        .append(",\"legRefusals\":").append(legRefusals)
        .append(",\"legsNotAlignable\":").append(legsNotAlignable)
        .append(",\"gopJoins\":").append(gopJoins)
        .append(",\"repairs\":").append(repairs)
        .append(",\"repairRanges\":").append(repairRanges);
    b.append(",\"storedViewings\":[");
    for (int i = 0; i < storedViewings.size(); i++) {
      Stored v = storedViewings.get(i);
      b.append(i == 0 ? "" : ",").append("{\"content\":").append(quote(v.origin()));
      appendSeaming(b, v.seaming());
      b.append('}');
    }
    b.append("]");
    b.append(",\"recordings\":[");
    for (int i = 0; i < recordings.size(); i++) {
      RecorderStats r = recordings.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"id\":").append(quote(r.id()))
          .append(",\"running\":").append(r.running())
          .append(",\"recordedPackets\":").append(r.recordedPackets())
          .append(",\"recordedBytes\":").append(r.recordedBytes())
          .append(",\"droppedPackets\":").append(r.droppedPackets())
          .append(",\"stopReason\":").append(r.stopReason() == null ? "null" : quote(r.stopReason().name()))
          .append('}');
    }
    Runtime rt = Runtime.getRuntime();
    b.append("],\"jvm\":{\"heapUsedBytes\":").append(rt.totalMemory() - rt.freeMemory())
        .append(",\"heapCommittedBytes\":").append(rt.totalMemory())
        .append(",\"heapMaxBytes\":").append(rt.maxMemory()).append("}");
    b.append(",\"cluster\":{\"mode\":").append(quote(cluster.mode()))
        .append(",\"nodeId\":").append(quote(cluster.nodeId()))
        .append(",\"connected\":").append(cluster.connected())
        .append(",\"published\":").append(cluster.inStep())
        .append(",\"registryWrites\":").append(cluster.writes())
        .append(",\"redirects\":").append(cluster.redirects())
        .append(",\"siblingFetches\":").append(cluster.siblingFetches());
    // the relays (`003`): who leads them, and this node's own assignments
    b.append(",\"leader\":").append(quote(cluster.leader())).append(",\"relayDecisions\":").append(cluster.relayDecisions()).append(",\"relays\":[");
    for (int i = 0; i < cluster.relays().size(); i++) {
      var r = cluster.relays().get(i);
      b.append(i == 0 ? "" : ",").append("{\"key\":").append(quote(r.key())).append(",\"from\":").append(quote(r.from().id()))
          .append(",\"to\":").append(quote(r.to().id())).append(",\"sinceMillis\":").append(r.sinceMillis())
          .append(",\"reason\":").append(quote(r.reason())).append('}');
    }
    b.append("]}");
    appendChannels(b);
    appendCache(b, cache);
    b.append('}');
    return b.toString();
  }

  private void appendChannels(StringBuilder b) {
    b.append(",\"channels\":[");
    for (int i = 0; i < channels.size(); i++) {
      org.seamcache.proxy.session.ChannelStatus c = channels.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"name\":").append(quote(c.name()))
          .append(",\"source\":").append(quote(c.source()))
          .append(",\"state\":").append(quote(c.state()))
          .append(",\"failure\":").append(c.failure() == null ? "null" : quote(c.failure()))
          .append(",\"attempts\":").append(c.attempts())
          .append(",\"nextAttemptEpochMillis\":").append(c.nextAttemptEpochMillis())
          .append(",\"startEpochMillis\":").append(c.startEpochMillis())
          .append(",\"offsets\":[");
      for (int j = 0; j < c.offsets().size(); j++) {
        org.seamcache.proxy.session.ChannelStatus.Offset o = c.offsets().get(j);
        b.append(j == 0 ? "" : ",")
            .append("{\"offset\":").append(quote(o.label()))
            .append(",\"startsAtEpochMillis\":").append(o.startsAtEpochMillis())
            .append(",\"state\":").append(quote(o.state()))
            .append(",\"viewers\":").append(o.viewers())
            .append(",\"multicastGroup\":").append(o.multicastGroup() == null ? "null" : quote(o.multicastGroup()))
            .append(",\"multicastState\":").append(o.multicastState() == null ? "null" : quote(o.multicastState()))
            .append('}');
      }
      b.append("]}");
    }
    b.append(']');
  }
  /** {@code "cache":{"titles":[...],"decisions":[...]}}: each stored title's standing, the newest decisions last. */
  private static void appendCache(StringBuilder b, org.seamcache.proxy.cache.CacheStatus c) {
    b.append(",\"cache\":{\"titles\":[");
    for (int i = 0; i < c.titles().size(); i++) {
      org.seamcache.proxy.cache.StoredTitleStatus t = c.titles().get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"id\":").append(quote(t.id()))
          .append(",\"content\":").append(quote(t.content()))
          .append(",\"state\":").append(quote(t.state()))
          .append(",\"missing\":").append(t.missing())
          .append(",\"freshness\":").append(quote(t.fresh() ? "fresh" : "stale"))
          .append(",\"ageSeconds\":").append(t.ageSeconds())
          .append(",\"maxAgeSeconds\":").append(t.maxAgeSeconds() < 0 ? "null" : Long.toString(t.maxAgeSeconds()))
          .append(",\"maxAgeSource\":").append(quote(t.maxAgeSource()))
          .append(",\"lastRevalidation\":");
      if (t.lastRevalidationAtMillis() == 0) {
        b.append("null");
      } else {
        b.append("{\"at\":").append(quote(java.time.Instant.ofEpochMilli(t.lastRevalidationAtMillis()).toString()))
            .append(",\"result\":").append(quote(t.lastRevalidation())).append('}');
      }
      b.append(",\"privacy\":").append(quote(t.privacy()))
          .append(",\"servedFromCache\":").append(t.servedFromCache())
          .append('}');
    }
    b.append("],\"decisions\":[");
    for (int i = 0; i < c.recent().size(); i++) {
      org.seamcache.proxy.cache.CacheDecision d = c.recent().get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"at\":").append(quote(java.time.Instant.ofEpochMilli(d.atMillis()).toString()))
          .append(",\"content\":").append(quote(d.content()))
          .append(",\"contentId\":").append(quote(d.contentId()))
          .append(",\"viewer\":").append(quote(d.viewer()))
          .append(",\"decision\":").append(quote(d.kind().label()))
          .append(",\"reason\":").append(quote(d.reason()))
          .append('}');
    }
    b.append("]}");
  }

  private static void appendSeaming(StringBuilder b, ContentHubStatus h) {
    b.append(",\"seaming\":{\"released\":").append(h.released())
        .append(",\"gaps\":").append(h.gaps())
        .append(",\"residualLoss\":").append(fraction(h.residualLoss()))
        .append(",\"lastIntervalLoss\":").append(fraction(h.lastOutputLoss()))
        .append(",\"fills\":").append(h.fills())
        .append(",\"divergences\":").append(h.divergences())
        .append(",\"expired\":").append(h.expired())
        .append(",\"legsOpened\":").append(h.legsOpened())
        .append(",\"legsClosed\":").append(h.legsClosed())
        .append(",\"refusals\":").append(h.refusals())
        .append(",\"notAlignable\":").append(h.notAlignable())
        .append(",\"lastDecision\":").append(quote(h.lastDecision()))
        .append(",\"legs\":[");
    for (int i = 0; i < h.legs().size(); i++) {
      ContentHubStatus.Leg l = h.legs().get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"id\":").append(l.id())
          .append(",\"role\":").append(quote(l.role()))
          .append(",\"openedFor\":").append(quote(l.openedFor()))
          .append(",\"alignment\":").append(quote(l.alignment()))
          .append(",\"lastIntervalLoss\":").append(fraction(l.lastIntervalLoss()))
          .append(",\"packets\":").append(l.packets())
          .append(",\"contributed\":").append(l.contributed())
          .append('}');
    }
    b.append("]}");
  }

  private static String fraction(double f) {
    return String.format(java.util.Locale.ROOT, "%.6f", f);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
