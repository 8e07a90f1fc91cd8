package org.seamcache.proxy.session;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * Every viewer session, with the limits on how many a client address and the whole proxy may
 * hold (453 and 503 when exceeded) and the sweep that ends sessions nobody keeps alive.
 * Thread-safe.
 */
public final class SessionRegistry {
  private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Map<String, ViewerSession> sessions = new ConcurrentHashMap<>();
  /** Each client address's sessions: its count for the per-client limit, its candidates for an RTCP packet. */
  private final Map<InetAddress, Set<ViewerSession>> perClient = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final int maxTotal;
  private final int maxPerClient;
  private final int timeoutSeconds;
  private final LongSupplier nanoClock;
  private final ProxyCounters counters;

  public SessionRegistry(int maxTotal, int maxPerClient, int timeoutSeconds, LongSupplier nanoClock, ProxyCounters counters) {
    this.maxTotal = maxTotal;
    this.maxPerClient = maxPerClient;
    this.timeoutSeconds = timeoutSeconds;
    this.nanoClock = nanoClock;
    this.counters = counters;
  }

  /**
   * A new session, or 503 (proxy full) / 453 (this client holds too many).
   *
   * @param remote the address and port of the RTSP connection that creates the session
   * @param ownerConnection the RTSP connection an interleaved session is bound to; null for a UDP
   *     session, which is bound to the client's address
   */
  public synchronized ViewerSession create(InetSocketAddress remote, Channel ownerConnection, ContentRef content) {
    InetAddress client = remote.getAddress();
    if (sessions.size() >= maxTotal) {
      counters.refusedSessions.increment();
      throw new RtspStatusException(503, "the proxy holds its maximum of " + maxTotal + " sessions");
    }
    ViewerSession s = new ViewerSession(newId(), remote, ownerConnection, content, timeoutSeconds, nanoClock.getAsLong());
    // In one compute with the client's entry, so that a removal emptying it cannot drop the new session.
    perClient.compute(client, (c, mine) -> {
      Set<ViewerSession> set = mine != null ? mine : ConcurrentHashMap.newKeySet();
      if (set.size() >= maxPerClient) {
        counters.refusedSessions.increment();
        throw new RtspStatusException(453, "client " + client.getHostAddress() + " holds its maximum of " + maxPerClient + " sessions");
      }
      set.add(s);
      return set;
    });
    sessions.put(s.id(), s);
    return s;
  }

  private String newId() {
    char[] id = new char[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }

  /**
   * The session with this id if a request on {@code connection} from {@code address} may use it,
   * touched as alive; otherwise 454, the same answer as for an id that does not exist, so that
   * another viewer's id is neither usable nor confirmed.
   */
  public ViewerSession get(String id, Channel connection, InetAddress address) {
    ViewerSession s = find(id, connection, address);
    if (s == null) {
      throw new RtspStatusException(454, "session not found");
    }
    s.heard(nanoClock.getAsLong());
    return s;
  }

  /** The session with this id if the requester owns it, else null. */
  public ViewerSession find(String id, Channel connection, InetAddress address) {
    ViewerSession s = find(id);
    return s != null && s.ownedBy(connection, address) ? s : null;
  }

  /** The session with this id, whoever owns it: for the proxy's own bookkeeping, not for requests. */
  public ViewerSession find(String id) {
    return id == null ? null : sessions.get(id);
  }

  /** Ends the session; the first call writes its access log line with {@code ended}. */
  public void remove(ViewerSession s, AccessLog.Ending ended) {
    if (sessions.remove(s.id(), s)) {
      perClient.computeIfPresent(s.client(), (c, mine) -> mine.remove(s) && mine.isEmpty() ? null : mine);
      LiveStream live = s.content().live();
      // A viewer told BYE because its live origin did not come back usually leaves by TEARDOWN or
      // by closing: the loss is what ended it.
      boolean lost = ended != AccessLog.Ending.SHUTDOWN && live != null && live.originLost();
      AccessLog.sessionEnded(s.summary(lost ? AccessLog.Ending.ORIGIN_LOST : ended, nanoClock.getAsLong()));
    }
    s.close();
  }

  /** Ends every session of a live stream whose origin was lost and did not come back. */
  public void endSessionsOf(LiveStream stream) {
    for (ViewerSession s : new ArrayList<>(sessions.values())) {
      if (s.content().live() == stream) {
        remove(s, AccessLog.Ending.ORIGIN_LOST);
      }
    }
  }

  public Collection<ViewerSession> all() {
    return sessions.values();
  }

  public int size() {
    return sessions.size();
  }

  /** The sessions created from {@code client} (a live view, may be empty): RTCP from it belongs to one of them. */
  public Collection<ViewerSession> of(InetAddress client) {
    Set<ViewerSession> mine = perClient.get(client);
    return mine != null ? mine : Set.of();
  }

  /** Ends sessions whose viewer went quiet (UDP) or whose connection closed (TCP). */
  public void sweep() {
    long now = nanoClock.getAsLong();
    List<ViewerSession> dead = new ArrayList<>();
    for (ViewerSession s : sessions.values()) {
      if (s.expired(now)) {
        dead.add(s);
      }
    }
    for (ViewerSession s : dead) {
      remove(s, s.tcpConnection() != null ? AccessLog.Ending.CONNECTION_CLOSED : AccessLog.Ending.TIMEOUT);
    }
  }

  /** Ends every session (shutdown). */
  public void closeAll() {
    for (ViewerSession s : new ArrayList<>(sessions.values())) {
      remove(s, AccessLog.Ending.SHUTDOWN);
    }
  }

  public void touch(ViewerSession s) {
    s.heard(nanoClock.getAsLong());
  }
}
