package org.seamcache.proxy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Hands out loopback ports for test servers: a free TCP port (the kernel picks it), and blocks of
 * UDP ports for an origin's {@code --rtp-ports}, which must be a range known in advance.
 *
 * <p>UDP blocks come from {@value #UDP_FIRST}-{@value #UDP_END_EXCLUSIVE} (below Linux's ephemeral
 * range 32768-60999, so kernel-picked client ports never land in them). Blocks held in this JVM are
 * never handed out twice; the search starts at an offset derived from the PID so that test JVMs of
 * parallel builds start far apart; and every port of a block is bound once on 127.0.0.1 to check it
 * is free right now.
 *
 * <p>Thread-safe (all state is guarded by the class lock).
 */
public final class LoopbackPorts {
  static final int UDP_FIRST = 20000;
  static final int UDP_END_EXCLUSIVE = 32700;
  /** Granularity of UDP allocations. */
  public static final int BLOCK_PORTS = 100;

  private static final int BLOCKS = (UDP_END_EXCLUSIVE - UDP_FIRST) / BLOCK_PORTS;
  private static final BitSet HELD = new BitSet(BLOCKS);
  private static int nextBlock = (int) (ProcessHandle.current().pid() % BLOCKS);

  private LoopbackPorts() {}

  /** A TCP port that was free on 127.0.0.1 a moment ago (bind 0, read, close). */
  public static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind any TCP port on loopback", e);
    }
  }

  /**
   * Reserves a range of at least {@code minPorts} UDP ports (whole blocks, contiguous), every one of
   * which was bindable on 127.0.0.1. Give it back with {@link #release}.
   */
  public static synchronized PortRange reserveUdpRange(int minPorts) {
    int blocks = Math.max(1, (minPorts + BLOCK_PORTS - 1) / BLOCK_PORTS);
    if (blocks > BLOCKS) {
      throw new IllegalArgumentException("at most " + BLOCKS * BLOCK_PORTS + " UDP ports, asked " + minPorts);
    }
    for (int tried = 0; tried < BLOCKS; tried++) {
      int start = (nextBlock + tried) % BLOCKS;
      int held = HELD.nextSetBit(start);
      if (start + blocks > BLOCKS || (held >= 0 && held < start + blocks)) {
        continue;
      }
      PortRange range =
          new PortRange(UDP_FIRST + start * BLOCK_PORTS, UDP_FIRST + (start + blocks) * BLOCK_PORTS - 1);
      if (allBindable(range)) {
        HELD.set(start, start + blocks);
        nextBlock = (start + blocks) % BLOCKS;
        return range;
      }
    }
    throw new IllegalStateException(
        "no free block of " + blocks * BLOCK_PORTS + " UDP ports in " + UDP_FIRST + "-" + (UDP_END_EXCLUSIVE - 1));
  }

  /** Returns a range from {@link #reserveUdpRange} to the pool. */
  public static synchronized void release(PortRange range) {
    HELD.clear((range.first() - UDP_FIRST) / BLOCK_PORTS, (range.last() + 1 - UDP_FIRST) / BLOCK_PORTS);
  }

  private static boolean allBindable(PortRange range) {
    List<DatagramSocket> bound = new ArrayList<>(range.size());
    try {
      for (int port = range.first(); port <= range.last(); port++) {
        bound.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
      }
      return true;
    } catch (IOException e) {
      return false; // someone holds a port of it; try the next block
    } finally {
      bound.forEach(DatagramSocket::close);
    }
  }
}
