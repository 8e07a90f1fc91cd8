package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;
import org.seamcache.seamer.KeyframeStart;
import org.seamcache.seamer.RtpHeader;

/**
 * Holds back a viewer that joins a running live stream until the video track reaches a key frame,
 * so its decoder starts on a picture rather than mid-GOP. Until then it sends nothing on any
 * track (audio would only run ahead of a blank picture). The first packet let through is reported,
 * so the PLAY answer can describe it in RTP-Info. Confined to the relay's event loop.
 */
public final class KeyframeJoin implements ViewerOutput {
  private final ViewerOutput viewer;
  private final int videoTrack;
  private final String encodingName;
  private final Consumer<RtpHeader> onStart;
  private volatile boolean started;

  /** {@code videoTrack} -1: no track with key frames, the viewer starts at once. */
  public KeyframeJoin(ViewerOutput viewer, int videoTrack, String encodingName, Consumer<RtpHeader> onStart) {
    this.viewer = viewer;
    this.videoTrack = videoTrack;
    this.encodingName = encodingName;
    this.onStart = onStart;
    this.started = videoTrack < 0;
  }

  public boolean started() {
    return started;
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet) {
    if (admits(track, rtp, packet)) {
      viewer.offer(track, rtp, packet);
    }
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet, FanOutBatch batch) {
    if (admits(track, rtp, packet)) {
      viewer.offer(track, rtp, packet, batch);
    }
  }

  private boolean admits(int track, RtpHeader rtp, ByteBuf packet) {
    if (!started) {
      if (rtp == null || track != videoTrack) {
        return false;
      }
      ByteBuf payload = packet.slice(packet.readerIndex() + rtp.payloadOffset(), rtp.payloadLength());
      if (!KeyframeStart.isStart(encodingName, payload.nioBuffer())) {
        return false;
      }
      started = true;
      onStart.accept(rtp);
    }
    return true;
  }

  @Override
  public void flush() {
    viewer.flush();
  }

  @Override
  public void flush(FanOutBatch batch) {
    viewer.flush(batch);
  }

  @Override
  public long dropped() {
    return viewer.dropped();
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
