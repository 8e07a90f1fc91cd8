package org.seamcache.proxy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out loopback ports for test servers: a free TCP port (the kernel picks it), and blocks of
 * UDP ports for an origin's {@code --rtp-ports}, which must be a range known in advance.
 *
 * <p>UDP blocks come from {@value #UDP_FIRST}-{@value #UDP_END_EXCLUSIVE} (below Linux's ephemeral
 * range 32768-60999, so kernel-picked client ports never land in them). A block is held with a file
 * lock in {@code /tmp/seamcache-e2e-ports/} for as long as it is reserved, so test JVMs of parallel
 * builds (other worktrees, surefire forks) never get the same block; an origin binds its RTP ports
 * only when a client SETUPs, so a bind check alone could not see another JVM's idle origin. Every
 * port of a block is also bound once on 127.0.0.1 to check nobody else holds it right now.
 *
 * <p>Thread-safe (all state is guarded by the class lock).
 */
public final class LoopbackPorts {
  static final int UDP_FIRST = 20000;
  static final int UDP_END_EXCLUSIVE = 32700;
  /** Granularity of UDP allocations. */
  public static final int BLOCK_PORTS = 100;

  private static final int BLOCKS = (UDP_END_EXCLUSIVE - UDP_FIRST) / BLOCK_PORTS;
  private static final Path LOCK_DIR = Path.of(System.getProperty("java.io.tmpdir"), "seamcache-e2e-ports");
  /** Block index -> the lock held on it by this JVM. */
  private static final Map<Integer, FileLock> HELD = new HashMap<>();
  // Start where another JVM is unlikely to: fewer lock collisions to step over.
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
   * Reserves a range of at least {@code minPorts} UDP ports (whole blocks, contiguous), held by no
   * other reservation in any JVM on this machine, every port of which was bindable on 127.0.0.1.
   * Give it back with {@link #release}.
   */
  public static synchronized PortRange reserveUdpRange(int minPorts) {
    int blocks = Math.max(1, (minPorts + BLOCK_PORTS - 1) / BLOCK_PORTS);
    if (blocks > BLOCKS) {
      throw new IllegalArgumentException("at most " + BLOCKS * BLOCK_PORTS + " UDP ports, asked " + minPorts);
    }
    for (int tried = 0; tried < BLOCKS; tried++) {
      int start = (nextBlock + tried) % BLOCKS;
      if (start + blocks > BLOCKS) {
        continue;
      }
      List<Integer> locked = lockBlocks(start, blocks);
      if (locked.size() < blocks) {
        locked.forEach(LoopbackPorts::unlock);
        continue;
      }
      PortRange range = new PortRange(UDP_FIRST + start * BLOCK_PORTS, UDP_FIRST + (start + blocks) * BLOCK_PORTS - 1);
      if (allBindable(range)) {
        nextBlock = (start + blocks) % BLOCKS;
        return range;
      }
      locked.forEach(LoopbackPorts::unlock);
    }
    throw new IllegalStateException(
        "no free block of " + blocks * BLOCK_PORTS + " UDP ports in " + UDP_FIRST + "-" + (UDP_END_EXCLUSIVE - 1)
            + " (locks in " + LOCK_DIR + ")");
  }

  /** Returns a range from {@link #reserveUdpRange} to the pool. */
  public static synchronized void release(PortRange range) {
    for (int b = (range.first() - UDP_FIRST) / BLOCK_PORTS; b <= (range.last() - UDP_FIRST) / BLOCK_PORTS; b++) {
      unlock(b);
    }
  }

  /** {@link #reserveUdpRange}, searching from the block that holds {@code port} (tests of the allocator). */
  static synchronized PortRange reserveUdpRangeFrom(int port, int minPorts) {
    nextBlock = (port - UDP_FIRST) / BLOCK_PORTS;
    return reserveUdpRange(minPorts);
  }

  /** Locks blocks start.. in order until one is taken; returns the ones now held. */
  private static List<Integer> lockBlocks(int start, int blocks) {
    List<Integer> locked = new ArrayList<>();
    for (int b = start; b < start + blocks; b++) {
      if (HELD.containsKey(b)) {
        break; // held by this JVM
      }
      FileLock lock = tryLock(b);
      if (lock == null) {
        break; // held by another JVM
      }
      HELD.put(b, lock);
      locked.add(b);
    }
    return locked;
  }

  private static FileLock tryLock(int block) {
    try {
      Files.createDirectories(LOCK_DIR);
      FileChannel ch =
          FileChannel.open(
              LOCK_DIR.resolve("udp-" + (UDP_FIRST + block * BLOCK_PORTS) + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
      }
      return lock;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock UDP port block in " + LOCK_DIR, e);
    }
  }

  private static void unlock(int block) {
    FileLock lock = HELD.remove(block);
    if (lock != null) {
      try {
        lock.channel().close(); // releases the lock too
      } catch (IOException ignored) {
        // the lock dies with the channel or the JVM anyway
      }
    }
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
