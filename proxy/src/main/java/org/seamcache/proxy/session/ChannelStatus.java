package org.seamcache.proxy.session;

import java.util.List;

/**
 * One time-offset channel as {@code /status} shows it: its source (credentials masked), where its
 * fetch stands ({@code opening}, {@code playing}, {@code ended}: all of it has arrived, or {@code
 * retrying} after {@code failure}, {@code attempts} so far, the next at {@code nextAttemptEpochMillis}),
 * when its first packet came, and each offset. Immutable.
 */
public record ChannelStatus(String name, String source, String state, String failure, int attempts, long nextAttemptEpochMillis,
    long startEpochMillis, List<Offset> offsets) {
  public ChannelStatus {
    offsets = List.copyOf(offsets);
  }

  /**
   * One offset: when it starts (epoch ms, 0 before the source plays), whether it is {@code waiting},
   * {@code playing} or {@code ended} (it has played the whole source), its viewers (RTSP sessions
   * playing it, multicast members among them), and its multicast group and sender's state (null when
   * it is not sent as multicast).
   */
  public record Offset(String label, long startsAtEpochMillis, String state, int viewers, String multicastGroup, String multicastState) {}
}
