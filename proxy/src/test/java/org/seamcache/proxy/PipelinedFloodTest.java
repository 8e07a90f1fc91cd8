package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that pipelines requests and never reads the answers costs the proxy a bounded amount of
 * memory: the proxy stops reading from it instead of queueing an answer per request, and answers
 * everyone else meanwhile.
 */
class PipelinedFloodTest {
  private static final int FLOOD_BYTES = 4 << 20;
  private static final long STALL_MILLIS = 2000;

  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void aClientThatNeverReadsItsAnswersIsNoLongerReadFromAndOthersAreStillAnswered() throws Exception {
    byte[] one = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer block = ByteBuffer.allocate(one.length * 2000);
    while (block.remaining() >= one.length) {
      block.put(one);
    }
    block.flip();
    long written = 0;
    long largestUnsent = 0;
    int largestUnanswered = 0;
    long deadline = System.nanoTime() + 20_000_000_000L;
    try (SocketChannel flood = SocketChannel.open();
        Selector selector = Selector.open()) {
      flood.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // and it never reads
      flood.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
      flood.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
      flood.configureBlocking(false);
      flood.register(selector, SelectionKey.OP_WRITE);
      boolean stalled = false;
      while (written < FLOOD_BYTES && System.nanoTime() < deadline && !stalled) {
        if (!block.hasRemaining()) {
          block.rewind();
        }
        int n = flood.write(block);
        written += n;
        if (n == 0) {
          selector.selectedKeys().clear();
          stalled = selector.select(STALL_MILLIS) == 0; // the proxy takes nothing more
        }
        var connections = proxy.server().viewerConnections();
        largestUnsent = Math.max(largestUnsent, connections.largestUnsentBytes());
        largestUnanswered = Math.max(largestUnanswered, connections.largestUnanswered());
      }

      try (RawRtsp other = new RawRtsp(proxy.port())) {
        assertThat(other.request("OPTIONS", "*", "CSeq: 2").status()).isEqualTo(200);
      }
      System.out.printf("flood: %d bytes written (%d requests) before the proxy stopped reading; at most %d requests unanswered"
          + " and %d bytes unsent%n", written, written / one.length, largestUnanswered, largestUnsent);
      assertThat(largestUnanswered).as("requests read from the flooding client and not yet answered").isLessThanOrEqualTo(4);
      // A few answers of about 150 bytes: the proxy queued no answer per request it had read.
      assertThat(largestUnsent).as("bytes the proxy queued for the flooding client").isLessThan(16 * 1024);
      assertThat(stalled).as("the proxy stopped reading from the flooding client (%d bytes taken)", written).isTrue();
      assertThat(proxy.server().viewerConnections().open()).isGreaterThanOrEqualTo(1); // still connected, just not read
    }
  }
}
