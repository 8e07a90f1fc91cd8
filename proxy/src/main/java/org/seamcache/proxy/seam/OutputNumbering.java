package org.seamcache.proxy.seam;

import io.netty.buffer.ByteBuf;
import org.seamcache.seamer.RtcpWriter;
import org.seamcache.seamer.RtpHeader;

/**
 * The numbering viewers see on one track: one SSRC, and sequence numbers and timestamps that run on
 * across every packet released, whichever leg carried it and across seamer epochs. In the first
 * epoch the numbering is the reference leg's own (its packets pass unchanged); a later epoch (a new
 * seamer after every leg was lost, e.g. an origin restart with a new SSRC and sequence base) is
 * shifted so the sequence continues by one and the timestamp by the wall-clock time that passed.
 * Players then see one continuous stream instead of a new source.
 *
 * <p>Confined to the hub's event loop.
 */
public final class OutputNumbering {
  private final int clockRateHz;
  private long ssrc = -1;
  private boolean epochStarting = true;
  private long seqShift;
  private long tsShift;
  private long lastSeq = Long.MIN_VALUE;
  private long lastTs;
  private long lastNanos;
  private long packets;
  private long payloadOctets;

  public OutputNumbering(int clockRateHz) {
    this.clockRateHz = Math.max(1, clockRateHz);
  }

  /** The next released position begins a new epoch (canonical numbering started over). */
  public void startEpoch() {
    epochStarting = true;
  }

  /**
   * Numbers the released canonical {@code position}/{@code timestamp} carried by a packet with
   * {@code header}; read the result from {@link #sequence()} and {@link #timestamp()}.
   */
  public void next(long position, long timestamp, RtpHeader header, long nowNanos) {
    if (epochStarting) {
      epochStarting = false;
      if (ssrc < 0) {
        ssrc = header.ssrc(); // the first epoch's reference: its packets pass unchanged
      } else {
        seqShift = lastSeq + 1 - position;
        long elapsedTicks = Math.max(1, (nowNanos - lastNanos) * clockRateHz / 1_000_000_000L);
        tsShift = lastTs + elapsedTicks - timestamp;
      }
    }
    lastSeq = position + seqShift;
    lastTs = timestamp + tsShift;
    lastNanos = nowNanos;
    packets++;
    payloadOctets += header.payloadLength();
  }

  /** Sequence number (16 bits) of the packet last numbered. */
  public int sequence() {
    return (int) (lastSeq & 0xFFFF);
  }

  /** RTP timestamp (32 bits) of the packet last numbered. */
  public long timestamp() {
    return lastTs & 0xFFFF_FFFFL;
  }

  public long ssrc() {
    return ssrc;
  }

  /** Whether {@code header} differs from the numbering just given (the packet must be rewritten). */
  public boolean differs(RtpHeader header) {
    return header.ssrc() != ssrc || header.sequence() != sequence() || header.timestamp() != timestamp();
  }

  /** A copy of {@code packet} carrying the numbering just given; the caller releases both. */
  public ByteBuf rewrite(ByteBuf packet) {
    ByteBuf copy = packet.copy();
    int at = copy.readerIndex();
    copy.setShort(at + 2, sequence());
    copy.setInt(at + 4, (int) timestamp());
    copy.setInt(at + 8, (int) ssrc);
    return copy;
  }

  /** The header of the packet just numbered, as {@link #rewrite} writes it. */
  public RtpHeader header(RtpHeader original) {
    return new RtpHeader(original.marker(), original.payloadType(), sequence(), timestamp(), ssrc, original.payloadOffset(),
        original.payloadLength());
  }

  /**
   * A sender report in this numbering, from an origin's report that maps {@code ntpTimestamp} to
   * canonical timestamp {@code canonicalTimestamp}; null before the first packet.
   */
  public byte[] senderReport(long ntpTimestamp, long canonicalTimestamp) {
    if (ssrc < 0) {
      return null;
    }
    byte[] sr = new byte[RtcpWriter.SENDER_REPORT_BYTES];
    RtcpWriter.writeSenderReport(sr, 0, ssrc, ntpTimestamp, canonicalTimestamp + tsShift, packets, payloadOctets);
    return sr;
  }

  /** Whether the current epoch maps canonical timestamps unchanged (the first epoch). */
  public boolean unshifted() {
    return seqShift == 0 && tsShift == 0;
  }
}
