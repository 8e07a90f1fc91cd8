package org.seamcache.proxy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.seamcache.proxy.onward.ChannelMulticast;
import org.seamcache.proxy.onward.ChannelSpec;
import org.seamcache.proxy.route.Cidr;

/**
 * The proxy as a process of its own, for tests that run it inside a network namespace they made
 * ({@code ip netns exec NS java ... ProxyInNamespaceChild}), where a JVM's sockets cannot reach from
 * the test's own. Arguments: the data directory, one channel {@code NAME=URL@OFFSETS}, its multicast
 * offsets {@code OFFSET@GROUP:PORT,...} and TTL. Prints {@code rtsp-port N} once listening, and stops
 * (as SIGTERM would: BYE to viewers and groups) when its stdin closes.
 */
public final class ProxyInNamespaceChild {
  private ProxyInNamespaceChild() {}

  public static void main(String[] args) throws Exception {
    String[] channel = args[1].split("=", 2);
    ChannelSpec spec = ChannelSpec.parse(channel[0], channel[1]).withMulticast(ChannelMulticast.parse(channel[0], args[2], Integer.parseInt(args[3])));
    ProxyConfig config = ProxyConfig.defaults(0, 0, Path.of(args[0]), List.of(Cidr.parse("127.0.0.0/8")), Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(2))
        .withChannels(List.of(spec));
    ProxyServer server = ProxyServer.start(config);
    System.out.println("rtsp-port " + server.rtspAddress().getPort());
    System.out.flush();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        // blocks until the test closes our stdin
      }
    }
    server.stop(Duration.ofSeconds(1));
    System.out.println("stopped");
    System.out.flush();
    System.exit(0);
  }
}
