package org.seamcache.proxy.session;

import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.rtsp.RangeHeader;

/**
 * A viewer of a channel offset that SETUP with {@code Transport: RTP/AVP;multicast}: the offset's
 * {@link MulticastSender} already sends to the group it was told, so PLAY only answers (the viewer
 * joins the group itself; no packets are sent for it) and PAUSE holds nothing (a group cannot be
 * paused for one of its receivers). Any Range is ignored, as for every offset. Stateless.
 */
final class MulticastMembership implements Playback {
  @Override
  public CompletableFuture<PlayAnswer> play(RangeHeader range) {
    return CompletableFuture.completedFuture(new PlayAnswer("npt=now-", null));
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
