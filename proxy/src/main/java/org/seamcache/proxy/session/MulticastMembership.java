package org.seamcache.proxy.session;

import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtspRetryLaterException;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * A viewer of a channel offset that SETUP with {@code Transport: RTP/AVP;multicast}: the offset's
 * {@link MulticastSender} already sends to the group it was told, so PLAY only answers (the viewer
 * joins the group itself; no packets are sent for it) and PAUSE holds nothing (a group cannot be
 * paused for one of its receivers). Any Range is ignored, as for every offset. A PLAY while the
 * sender is not sending is refused: 503 with Retry-After while it starts, 410 once it has played
 * the whole source, 503 when it could not start. Stateless.
 */
final class MulticastMembership implements Playback {
  private final Channels.OffsetStream stream;

  MulticastMembership(Channels.OffsetStream stream) {
    this.stream = stream;
  }

  @Override
  public CompletableFuture<PlayAnswer> play(RangeHeader range) {
    String what = "channel " + stream.feed().spec().name() + " at " + stream.offset().label();
    MulticastSender sender = stream.feed().multicastSenders.get(stream.offset().label());
    MulticastSender.State state = sender == null ? MulticastSender.State.WAITING : sender.state();
    return switch (state) {
      case SENDING -> CompletableFuture.completedFuture(new PlayAnswer("npt=now-", null));
      case WAITING -> CompletableFuture.failedFuture(new RtspRetryLaterException(what + ": its multicast sender is starting", 1));
      case ENDED -> CompletableFuture.failedFuture(new RtspStatusException(410, what + " has played its source to the end"));
      case FAILED -> CompletableFuture.failedFuture(new RtspStatusException(503, what + ": its multicast sender could not start (the log says why)"));
    };
  }

  @Override
  public CompletableFuture<Void> pause() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void sayGoodbye() {} // the sender says it to the group

  @Override
  public void close() {}
}
