package org.seamcache.proxy.session;

import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.rtsp.RangeHeader;

/** What a viewer session plays: a share of a live stream, or its own session on stored content. */
public interface Playback {

  /**
   * Answer to PLAY: the Range and RTP-Info header values to send (RTP-Info may be null), and what to
   * do once the answer is written (a client reading interleaved data drops packets that arrive
   * before the answer, so a playout starts sending only then).
   */
  public record PlayAnswer(String range, String rtpInfo, Runnable afterWrite, String scale, String speed) {
    public PlayAnswer(String range, String rtpInfo, Runnable afterWrite) {
      this(range, rtpInfo, afterWrite, null, null);
    }

    public PlayAnswer(String range, String rtpInfo) {
      this(range, rtpInfo, () -> {});
    }
  }

  /** Starts or resumes; {@code range} null resumes (or starts at the beginning / live edge). */
  CompletableFuture<PlayAnswer> play(RangeHeader range);

  /**
   * As {@link #play(RangeHeader)}, at the rate the viewer asked for. A playback that plays at the
   * normal rate only ignores it (the answer then says {@code Scale: 1}, as RFC 2326 §12.34 lets a
   * server choose).
   */
  default CompletableFuture<PlayAnswer> play(RangeHeader range, org.seamcache.proxy.upstream.PlayRate rate) {
    return play(range);
  }

  CompletableFuture<Void> pause();

  /**
   * The proxy is stopping: tells the viewer its stream ends (an RTCP BYE on each track, which
   * players take as the end of the stream, so they send TEARDOWN and exit cleanly) and stops sending.
   * The session stays until the viewer leaves or it is closed.
   */
  void sayGoodbye();

  /** Stops delivery and lets go of the upstream share; idempotent. */
  void close();
}
