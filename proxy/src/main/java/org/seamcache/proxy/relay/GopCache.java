package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.seamcache.seamer.KeyframeStart;
import org.seamcache.seamer.RtpHeader;

/**
 * The packets of a live stream since its last key frame (every track, in the order viewers got
 * them), so a viewer that joins starts at once with a decodable picture instead of waiting up to a
 * GOP for the next key frame. A key frame is a video packet that starts one (SPS, PPS, IDR...) with
 * a timestamp other than the cached GOP's first: parameter sets and the IDR of one access unit share
 * a timestamp and stay together. A GOP longer than the bounds is not kept (joiners wait for the
 * next key frame as before). Holds a reference to each packet until the next GOP replaces it.
 *
 * <p>Confined to the relay's event loop.
 */
public final class GopCache {
  static final int MAX_PACKETS = 4096;
  static final long MAX_BYTES = 8L << 20;

  /** One cached packet. */
  public record Entry(int track, RtpHeader rtp, ByteBuf packet) {}

  private final int videoTrack;
  private final String encodingName;
  private final List<Entry> entries = new ArrayList<>();
  private long bytes;
  private boolean open;
  private long gopTimestamp;

  /** {@code videoTrack} -1: nothing to cache (no track with key frames). */
  public GopCache(int videoTrack, String encodingName) {
    this.videoTrack = videoTrack;
    this.encodingName = encodingName;
  }

  /** Takes a packet just delivered to viewers (RTP only); keeps its own reference when cached. */
  public void add(int track, RtpHeader rtp, ByteBuf packet) {
    if (videoTrack < 0) {
      return;
    }
    if (track == videoTrack && (!open || rtp.timestamp() != gopTimestamp) && startsKeyFrame(rtp, packet)) {
      clear();
      open = true;
      gopTimestamp = rtp.timestamp();
    }
    if (!open) {
      return;
    }
    if (entries.size() >= MAX_PACKETS || bytes + packet.readableBytes() > MAX_BYTES) {
      clear(); // too long to replay usefully: wait for the next key frame
      return;
    }
    entries.add(new Entry(track, rtp, packet.retainedDuplicate()));
    bytes += packet.readableBytes();
  }

  private boolean startsKeyFrame(RtpHeader rtp, ByteBuf packet) {
    ByteBuf payload = packet.slice(packet.readerIndex() + rtp.payloadOffset(), rtp.payloadLength());
    return KeyframeStart.isStart(encodingName, payload.nioBuffer());
  }

  /**
   * Offers the cached GOP to {@code viewer} in order and returns, per track, the first packet it got
   * (null where none); all null when nothing is cached.
   */
  public RtpHeader[] replayTo(ViewerOutput viewer, int tracks) {
    RtpHeader[] first = new RtpHeader[tracks];
    for (Entry e : entries) {
      viewer.offer(e.track(), e.rtp(), e.packet());
      if (e.track() < tracks && first[e.track()] == null) {
        first[e.track()] = e.rtp();
      }
    }
    return first;
  }

  /** Whether a whole GOP start is held (a joiner can start on a key frame now). */
  public boolean holdsKeyFrame() {
    return open && !entries.isEmpty();
  }

  public int packets() {
    return entries.size();
  }

  /** Releases everything held. */
  public void clear() {
    for (Entry e : entries) {
      e.packet().release();
    }
    entries.clear();
    bytes = 0;
    open = false;
  }
}
