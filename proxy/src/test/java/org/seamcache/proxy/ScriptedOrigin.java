package org.seamcache.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small RTSP origin on loopback that answers every DESCRIBE as its script says (a valid SDP, an
 * SDP without media, a broken Content-Base, ...) and everything else with 200. It counts the
 * connections the proxy holds open to it, and keeps each request's head, so tests can see what the
 * proxy sent and whether it let go. Blocking sockets, one thread per connection: for tests with a
 * bounded number of connections.
 */
final class ScriptedOrigin implements AutoCloseable {
  /** A seekable (stored) title with one video track. */
  static final String STORED_SDP =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=stored\r\nt=0 0\r\na=range:npt=0-20\r\n"
          + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:stream=0\r\n";
  /** A session description with no {@code m=} line at all. */
  static final String NO_MEDIA_SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=empty\r\nt=0 0\r\n";

  /** What the origin answers to a DESCRIBE: extra header lines and the SDP body. */
  record DescribeAnswer(List<String> headers, String sdp) {
    static DescribeAnswer sdp(String sdp) {
      return new DescribeAnswer(List.of(), sdp);
    }
  }

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "scripted-origin");
    t.setDaemon(true);
    return t;
  });
  private final Function<String, DescribeAnswer> script;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger describesAnswered = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** @param script the answer to a DESCRIBE of each request URI */
  ScriptedOrigin(Function<String, DescribeAnswer> script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections accepted and not yet closed by the proxy. */
  int openConnections() {
    return open.get();
  }

  int describesAnswered() {
    return describesAnswered.get();
  }

  /** Each request's head as received (request line and headers). */
  List<String> requests() {
    return requests;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.incrementAndGet();
        sockets.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head;
      while ((head = readHead(in)) != null) {
        requests.add(head);
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        String cseq = "0";
        int bodyLength = 0;
        for (String line : lines) {
          String lower = line.toLowerCase(Locale.ROOT);
          if (lower.startsWith("cseq:")) {
            cseq = line.substring(5).trim();
          } else if (lower.startsWith("content-length:")) {
            bodyLength = Integer.parseInt(line.substring(15).trim());
          }
        }
        in.readNBytes(bodyLength);
        StringBuilder answer = new StringBuilder("RTSP/1.0 200 OK\r\nCSeq: ").append(cseq).append("\r\n");
        String body = "";
        if (requestLine[0].equals("DESCRIBE")) {
          DescribeAnswer a = script.apply(requestLine[1]);
          a.headers().forEach(h -> answer.append(h).append("\r\n"));
          answer.append("Content-Type: application/sdp\r\n");
          body = a.sdp();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        answer.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        out.write(answer.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        if (requestLine[0].equals("DESCRIBE")) {
          describesAnswered.incrementAndGet();
        }
      }
    } catch (SocketException e) {
      // the proxy reset the connection: it let go all the same
    } catch (IOException e) {
      // a test origin has nobody to tell; the count below is what tests look at
    } finally {
      sockets.remove(s);
      open.decrementAndGet();
    }
  }

  /** One request head, or null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      byte[] a = b.toByteArray();
      int n = a.length;
      if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
        return new String(a, StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    threads.shutdownNow();
  }
}
