package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.seamcache.seamer.RtcpWriter;
import org.seamcache.seamer.RtpHeader;

/**
 * Fans the packets of one upstream session out to its viewers: each viewer gets a reference to
 * the same buffer (no copy; what every viewer shares is built once per packet by a {@link
 * FanOutBatch}), and a viewer that cannot keep up drops its own packets only. Keeps the
 * last RTP header per track, which tells a joining viewer where the stream is.
 *
 * <p>{@link #deliver} and {@link #flush} run on the upstream's event loop; viewers are added and
 * removed from any thread.
 */
public final class Relay {
  private final List<ViewerOutput> outputs = new CopyOnWriteArrayList<>();
  private final RtpHeader[] lastRtp;
  private final LongAdder packetsOut = new LongAdder();
  private final FanOutBatch batch = new FanOutBatch(PooledByteBufAllocator.DEFAULT);

  public Relay(int tracks) {
    this.lastRtp = new RtpHeader[tracks];
  }

  public void add(ViewerOutput output) {
    outputs.add(output);
  }

  public void remove(ViewerOutput output) {
    if (outputs.remove(output)) {
      // What was offered to it since the last flush is handed over (or released by its closed
      // connection), not left queued in an output nobody flushes again.
      output.flush();
    }
  }

  /** Removes every viewer. */
  public void clear() {
    for (ViewerOutput output : List.copyOf(outputs)) {
      remove(output);
    }
  }

  public int viewers() {
    return outputs.size();
  }

  /** The last RTP header relayed on {@code track}, or null. Read on the relay's event loop. */
  public RtpHeader lastRtp(int track) {
    return lastRtp[track];
  }

  /** Offers {@code packet} to every viewer; the caller keeps its reference. {@code rtp} null: RTCP. */
  public void deliver(int track, RtpHeader rtp, ByteBuf packet) {
    if (rtp != null && track < lastRtp.length) {
      lastRtp[track] = rtp;
    }
    batch.begin(packet);
    try {
      for (ViewerOutput out : outputs) {
        out.offer(track, rtp, packet, batch);
      }
    } finally {
      batch.end();
    }
  }

  /**
   * Tells every viewer the stream is over: an RTCP BYE (RFC 3550 §6.6) per track from the SSRC it
   * has been receiving, which players take as the end of the stream.
   */
  public void sayBye() {
    for (int track = 0; track < lastRtp.length; track++) {
      sayBye(track);
    }
    flush();
  }

  /** An RTCP BYE on {@code track} from the SSRC its viewers have been receiving (not flushed). */
  public void sayBye(int track) {
    ByteBuf packet = bye(track);
    if (packet == null) {
      return;
    }
    try {
      deliver(track, null, packet);
    } finally {
      packet.release();
    }
  }

  /** Tells one viewer (who may already have left) that the stream is over, as {@link #sayBye()} tells all. */
  public void sayByeTo(ViewerOutput output) {
    for (int track = 0; track < lastRtp.length; track++) {
      ByteBuf packet = bye(track);
      if (packet != null) {
        try {
          output.offer(track, null, packet);
        } finally {
          packet.release();
        }
      }
    }
    output.flush();
  }

  private ByteBuf bye(int track) {
    RtpHeader last = lastRtp[track];
    if (last == null) {
      return null;
    }
    // A compound packet starts with a report (RFC 3550 §6.1): an empty RR, then the BYE.
    byte[] bye = new byte[RtcpWriter.receiverReportBytes(0) + 8];
    int n = RtcpWriter.writeReceiverReport(bye, 0, last.ssrc());
    RtcpWriter.writeBye(bye, n, last.ssrc());
    return Unpooled.wrappedBuffer(bye);
  }

  /**
   * Ends a batch: pushes queued packets of every viewer to its socket, each shared socket once. Runs
   * in the same event-loop task as the batch's {@link #deliver} calls.
   */
  public void flush() {
    for (ViewerOutput out : outputs) {
      out.flush(batch);
    }
    batch.finish();
  }

  public long sent() {
    long s = 0;
    for (ViewerOutput out : outputs) {
      s += out.sent();
    }
    return s;
  }

  public long dropped() {
    long d = 0;
    for (ViewerOutput out : outputs) {
      d += out.dropped();
    }
    return d;
  }
}
