package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.proxy.ProxyConfig;
import org.seamcache.proxy.ProxyServer;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.route.Cidr;
import picocli.CommandLine;

/** {@code seamcache prefetch} against a running proxy's admin port: started, refused, unreachable, misused. */
class PrefetchCommandTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.io.PrintStream oldOut = System.out;
    java.io.PrintStream oldErr = System.err;
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(o, true));
    System.setErr(new java.io.PrintStream(e, true));
    try {
      CommandLine cl = new CommandLine(new SeamcacheCommand());
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int code = cl.execute(args);
      return new Run(code, o + out.toString(), e + err.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void asksTheProxyAndReportsItsAnswer(@TempDir Path data) throws Exception {
    ProxyConfig config = ProxyConfig.defaults(0, 0, data, List.of(Cidr.parse("127.0.0.0/8")), Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress());
    try (ProxyServer proxy = ProxyServer.start(config)) {
      String admin = "127.0.0.1:" + proxy.adminAddress().getPort();
      Run started = run("prefetch", origin.vodVideoUri().toString(), "--admin", admin);
      assertThat(started.exit()).as(started.err()).isZero();
      assertThat(started.out()).contains("prefetching " + origin.vodVideoUri()).contains("20.0 s");

      Run live = run("prefetch", origin.liveUri().toString(), "--admin", admin);
      assertThat(live.exit()).isEqualTo(1);
      assertThat(live.err()).contains("400").contains("live content cannot be prefetched");
    }
    Run unreachable = run("prefetch", "rtsp://127.0.0.1:1/x", "--admin", "127.0.0.1:1");
    assertThat(unreachable.exit()).isEqualTo(1);
    assertThat(unreachable.err()).contains("cannot reach the proxy's admin port 127.0.0.1:1");
    assertThat(run("prefetch").exit()).isEqualTo(2);
  }
}
