package org.seamcache.cli.pcap;

import org.seamcache.seamer.RtpHeader;

/**
 * One RTP packet found in a capture: when it was captured, which stream it belongs to, its parsed
 * header, and where its bytes are in the file ({@code rtpFileOffset}, {@code rtpLength}: the whole RTP
 * packet; the header's offsets are relative to that). Immutable.
 */
public record CapturedRtpPacket(long timestampNanos, RtpStreamKey stream, RtpHeader header, long rtpFileOffset, int rtpLength) {

  /** File offset of the first payload byte. */
  public long payloadFileOffset() {
    return rtpFileOffset + header.payloadOffset();
  }
}
