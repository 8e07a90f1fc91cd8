package org.seamcache.storage;

import java.util.List;

/**
 * Everything the catalog knows about one content. Immutable snapshot.
 *
 * @param id content id
 * @param originUrl origin URL
 * @param sdp the SDP as described by the origin
 * @param tracks tracks in SDP order
 * @param state recording / partial / complete / incomplete
 * @param stateDetail why the state is what it is (gaps, coverage, damage; "" for complete or recording)
 * @param stopReason why the last recording run stopped (null while recording)
 * @param stopDetail message behind the stop reason
 * @param damage the first problem found in its files ("" if none found); damaged content is never
 *     {@code complete}
 * @param writerPid PID of the live writer ("" unless recording)
 * @param createdAtMillis when the content was first recorded
 * @param lastAccessMillis last recording or read (LRU eviction)
 * @param firstArrivalNanos arrival of the first stored packet (epoch ns; 0 if none)
 * @param lastArrivalNanos arrival of the last stored packet
 * @param excerpts excerpts in the queue (RTP + RTCP)
 * @param packets RTP packets over all tracks and legs
 * @param bytes RTP bytes
 * @param rtcpPackets RTCP packets
 * @param storedBytes bytes the excerpts take in the queue (counts against the disk budget)
 * @param trackSummaries per track, in SDP order
 * @param legSummaries per (track, leg)
 */
public record ContentInfo(
    String id,
    String originUrl,
    String sdp,
    List<TrackInfo> tracks,
    ContentState state,
    String stateDetail,
    StopReason stopReason,
    String stopDetail,
    String damage,
    String writerPid,
    long createdAtMillis,
    long lastAccessMillis,
    long firstArrivalNanos,
    long lastArrivalNanos,
    long excerpts,
    long packets,
    long bytes,
    long rtcpPackets,
    long storedBytes,
    List<TrackSummary> trackSummaries,
    List<LegSummary> legSummaries) {

  public ContentInfo {
    tracks = List.copyOf(tracks);
    trackSummaries = List.copyOf(trackSummaries);
    legSummaries = List.copyOf(legSummaries);
  }

  static ContentInfo of(
      StoredDescriptor descriptor,
      ContentState state,
      String stateDetail,
      StopReason stopReason,
      String stopDetail,
      String damage,
      String writerPid,
      long lastAccessMillis,
      RecordingSummary s) {
    return new ContentInfo(
        descriptor.id(),
        descriptor.content().originUrl(),
        descriptor.content().sdp(),
        descriptor.content().tracks(),
        state,
        stateDetail,
        stopReason,
        stopDetail,
        damage,
        writerPid,
        descriptor.createdAtMillis(),
        lastAccessMillis,
        s.firstArrivalNanos(),
        s.lastArrivalNanos(),
        s.excerpts(),
        s.packets(),
        s.bytes(),
        s.rtcpPackets(),
        s.storedBytes(),
        s.tracks(),
        s.legs());
  }

  /** Time from the first to the last stored packet. */
  public long durationNanos() {
    return lastArrivalNanos - firstArrivalNanos;
  }

  /** Positions missing from the results of all tracks. */
  public long missing() {
    return trackSummaries.stream().mapToLong(TrackSummary::missing).sum();
  }

  /** missing / expected over the results of all tracks (0 when nothing was expected). */
  public double lossRatio() {
    long expected = trackSummaries.stream().mapToLong(TrackSummary::expected).sum();
    return expected == 0 ? 0 : (double) missing() / expected;
  }

  public boolean damaged() {
    return !damage.isEmpty();
  }
}
