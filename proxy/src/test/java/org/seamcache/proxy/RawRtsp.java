package org.seamcache.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare RTSP client over a socket, for tests that send what real players never would (garbage,
 * oversized headers, unknown methods) and read the proxy's answer as text.
 */
public final class RawRtsp implements AutoCloseable {
  /** One response: status, headers (lower-case names), body, and the protocol of its status line. */
  public record Reply(int status, String reason, Map<String, String> headers, String body, String protocol) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;

  public RawRtsp(int port) throws IOException {
    this(port, "127.0.0.1");
  }

  /** Connects from {@code localAddress}: any of 127.0.0.0/8 makes another viewer address on loopback. */
  public RawRtsp(int port, String localAddress) throws IOException {
    socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
    socket.setSoTimeout(15_000);
    in = socket.getInputStream();
  }

  public void send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  public Reply request(String method, String uri, String... headerLines) throws IOException {
    StringBuilder b = new StringBuilder(method).append(' ').append(uri).append(" RTSP/1.0\r\n");
    for (String h : headerLines) {
      b.append(h).append("\r\n");
    }
    send(b.append("\r\n").toString());
    return read();
  }

  /** Reads one response, skipping interleaved frames. */
  public Reply read() throws IOException {
    while (true) {
      int first = in.read();
      if (first < 0) {
        throw new IOException("connection closed by the proxy");
      }
      if (first == '$') {
        in.read();
        int len = (in.read() << 8) | in.read();
        in.readNBytes(len);
        continue;
      }
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.write(first);
      while (!endsWithBlankLine(head)) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("connection closed mid-response: " + head);
        }
        head.write(c);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      String[] status = lines[0].split(" ", 3);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      return new Reply(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers, body, status[0]);
    }
  }

  /**
   * Reads interleaved frames for {@code millis} and counts those on {@code channel}; fails on
   * anything but frames. Uses a short socket timeout so the wait is bounded.
   */
  public int countFrames(int channel, long millis) throws IOException {
    return (int) frames(millis).stream().filter(f -> f.channel() == channel).count();
  }

  /** One interleaved frame as received: its channel, when (System.nanoTime), and its bytes. */
  record Frame(int channel, long receivedNanos, byte[] bytes) {
    /** The RTP payload (after CSRCs and any header extension, before padding), as SHA-1 hex: what tests compare frames by. */
    String payloadSha1() {
      int end = bytes.length;
      if ((bytes[0] & 0x20) != 0) {
        end -= bytes[bytes.length - 1] & 0xFF;
      }
      try {
        return java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-1").digest(java.util.Arrays.copyOfRange(bytes, payloadOffset(), end)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is required by every JDK", e);
      }
    }

    /** The RTP payload's first bytes (the NAL header for H.264). */
    byte[] payloadHead() {
      int off = payloadOffset();
      return java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 2));
    }

    /** Where the payload starts: after the fixed header, the CSRCs and any header extension. */
    private int payloadOffset() {
      int off = 12 + 4 * (bytes[0] & 0x0F);
      if ((bytes[0] & 0x10) != 0) {
        off += 4 + 4 * (((bytes[off + 2] & 0xFF) << 8) | (bytes[off + 3] & 0xFF));
      }
      return off;
    }
  }

  /** Reads interleaved frames for {@code millis} (bounded like {@link #countFrames}) and returns them. */
  java.util.List<Frame> frames(long millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000L;
    java.util.List<Frame> frames = new java.util.ArrayList<>();
    socket.setSoTimeout(50);
    try {
      while (System.nanoTime() < end) {
        int first;
        try {
          first = in.read();
        } catch (java.net.SocketTimeoutException e) {
          continue;
        }
        if (first != '$') {
          throw new IOException("expected an interleaved frame, got byte " + first);
        }
        long at = System.nanoTime();
        socket.setSoTimeout(15_000); // the rest of this frame is on its way
        int ch = in.read();
        int len = (in.read() << 8) | in.read();
        frames.add(new Frame(ch, at, in.readNBytes(len)));
        socket.setSoTimeout(50);
      }
    } finally {
      socket.setSoTimeout(15_000);
    }
    return frames;
  }

  /**
   * Reads interleaved frames for up to {@code millis} until one on {@code channel} holds an RTCP
   * BYE (packet type 203, anywhere in a compound packet); true if one came. Fails on anything but frames.
   */
  public boolean awaitRtcpBye(int channel, long millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000L;
    socket.setSoTimeout(50);
    try {
      while (System.nanoTime() < end) {
        int first;
        try {
          first = in.read();
        } catch (java.net.SocketTimeoutException e) {
          continue;
        }
        if (first < 0) {
          return false;
        }
        if (first != '$') {
          throw new IOException("expected an interleaved frame, got byte " + first);
        }
        socket.setSoTimeout(15_000);
        int ch = in.read();
        int len = (in.read() << 8) | in.read();
        byte[] frame = in.readNBytes(len);
        socket.setSoTimeout(50);
        if (ch == channel) {
          for (int at = 0; at + 4 <= frame.length; at += 4 * (((frame[at + 2] & 0xFF) << 8 | (frame[at + 3] & 0xFF)) + 1)) {
            if ((frame[at + 1] & 0xFF) == 203) {
              return true;
            }
          }
        }
      }
      return false;
    } finally {
      socket.setSoTimeout(15_000);
    }
  }

  /** True once the proxy closed the connection (read returns end of stream). */
  public boolean closedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      throw e;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  /** How long a read waits before it fails with {@link java.net.SocketTimeoutException}. */
  public void soTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream b) {
    byte[] a = b.toByteArray();
    int n = a.length;
    return n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n';
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
