package org.seamcache.cli.demo;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.seamcache.cli.bench.BenchViewer;
import org.seamcache.proxy.transport.Transports;

/** seamcache's own RTSP client (the one {@code bench} uses), counting RTP packets: the viewer when ffprobe is absent. */
final class ClientViewer implements Viewer {

  @Override
  public String name() {
    return "seamcache's own RTSP client (ffprobe is not installed)";
  }

  @Override
  public Played play(URI url, int seconds, boolean toTheEnd, Duration timeout, Cleanup cleanup) throws InterruptedException {
    MultiThreadIoEventLoopGroup group = Transports.newEventLoopGroup(1);
    BenchViewer v = new BenchViewer();
    try {
      v.start(group.next(), url, true).get(15, TimeUnit.SECONDS);
      if (v.failure() != null) {
        return new Played(false, 0, "packets", v.failure());
      }
      // a stored title ends with the origin's (or the cache's) BYE; its length is known, so wait that long
      long millis = Math.min(timeout.toMillis(), seconds * 1000L + (toTheEnd ? 2000 : 0));
      Thread.sleep(millis);
      v.stop();
      return new Played(true, v.packets(), "RTP packets received (" + v.lostPackets() + " lost)", null);
    } catch (ExecutionException | TimeoutException e) {
      return new Played(false, 0, "packets", "the session did not start: " + e.getMessage());
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
