package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import org.seamcache.seamer.RtpHeader;

/**
 * Keeps a viewer's first packets until its PLAY answer has been written, then sends them in
 * order. Without it, packets the origin sends right after its own PLAY answer reach the viewer
 * before the proxy's answer, and a client reading interleaved data (ffmpeg) throws them away —
 * for stored content that is the first key frame. At most {@link #MAX_HELD} packets are kept;
 * beyond that they are dropped and counted.
 *
 * <p>{@link #offer} runs on the relay's event loop; {@link #release} may be called from any thread.
 */
public final class HeldUntilPlayAnswered implements ViewerOutput {
  static final int MAX_HELD = 4096;

  private record Held(int track, RtpHeader rtp, ByteBuf packet) {}

  private final ViewerOutput viewer;
  private final EventLoop relayLoop;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private boolean released;
  private long dropped;

  public HeldUntilPlayAnswered(ViewerOutput viewer, EventLoop relayLoop) {
    this.viewer = viewer;
    this.relayLoop = relayLoop;
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet, FanOutBatch batch) {
    if (released) {
      viewer.offer(track, rtp, packet, batch);
    } else {
      offer(track, rtp, packet);
    }
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet) {
    if (released) {
      viewer.offer(track, rtp, packet);
    } else if (held.size() < MAX_HELD) {
      held.add(new Held(track, rtp, packet.retainedDuplicate()));
    } else {
      dropped++;
    }
  }

  /** The PLAY answer is on its way: send what was held, then pass packets straight through. */
  public void release() {
    relayLoop.execute(
        () -> {
          if (released) {
            return;
          }
          released = true;
          for (Held h; (h = held.poll()) != null; ) {
            try {
              viewer.offer(h.track(), h.rtp(), h.packet());
            } finally {
              h.packet().release();
            }
          }
          viewer.flush();
        });
  }

  /** Frees what is still held (the viewer left before its answer went out). */
  public void discard() {
    relayLoop.execute(
        () -> {
          released = true;
          for (Held h; (h = held.poll()) != null; ) {
            h.packet().release();
          }
        });
  }

  @Override
  public void flush() {
    if (released) {
      viewer.flush();
    }
  }

  @Override
  public void flush(FanOutBatch batch) {
    if (released) {
      viewer.flush(batch);
    }
  }

  @Override
  public long dropped() {
    return dropped + viewer.dropped();
  }

  @Override
  public long failed() {
    return viewer.failed();
  }

  @Override
  public long sent() {
    return viewer.sent();
  }

  @Override
  public long bytesSent() {
    return viewer.bytesSent();
  }
}
