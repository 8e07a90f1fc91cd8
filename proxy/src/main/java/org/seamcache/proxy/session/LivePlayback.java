package org.seamcache.proxy.session;

import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.rtsp.RangeHeader;

/** A viewer's share of a {@link LiveStream}; PAUSE leaves the stream, PLAY joins it again. */
final class LivePlayback implements Playback {
  private final LiveStream stream;
  private final ViewerOutput output;
  private final int[] tracks;
  private final String proxyUri;
  private boolean joined;

  LivePlayback(LiveStream stream, ViewerOutput output, int[] tracks, String proxyUri) {
    this.stream = stream;
    this.output = output;
    this.tracks = tracks.clone();
    this.proxyUri = proxyUri;
  }

  @Override
  public synchronized CompletableFuture<PlayAnswer> play(RangeHeader range) {
    if (joined) {
      return CompletableFuture.completedFuture(new PlayAnswer("npt=now-", null));
    }
    joined = true;
    return stream.join(output, tracks, proxyUri);
  }

  @Override
  public synchronized CompletableFuture<Void> pause() {
    if (joined) {
      joined = false;
      stream.leave(output);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void sayGoodbye() {
    if (joined) {
      joined = false;
      stream.sayGoodbye(output);
    }
  }

  @Override
  public synchronized void close() {
    pause();
  }
}
