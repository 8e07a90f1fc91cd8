package org.seamcache.cli.demo;

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

/**
 * Loopback ports for the demo's origin. Its RTP ports must be a range known in advance (the loss
 * rule matches them), taken from 61000-65499: above Linux's ephemeral range (32768-60999), so no
 * kernel-picked port of another program lands in it and meets the loss rule, and apart from the
 * tests' blocks (20000-32699). A block is held with a file lock while the demo runs, so two demos
 * never share one. Thread-safe.
 */
public final class DemoPorts {
  static final int FIRST = 61000;
  static final int BLOCKS = 45;
  static final int BLOCK = 100;
  private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "seamcache-demo-ports");

  /** A reserved block of UDP ports; {@link #release()} gives it back. */
  public record UdpBlock(int first, int last, FileLock lock) {
    public void release() {
      try {
        lock.channel().close();
      } catch (IOException ignored) {
        // the lock dies with the process anyway
      }
    }

    /** The nftables match for packets sent from these ports. */
    public String udpSourceMatch() {
      return "udp sport " + first + "-" + last;
    }
  }

  private DemoPorts() {}

  /** A TCP port that was free on 127.0.0.1 a moment ago. */
  public static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a TCP port on 127.0.0.1", e);
    }
  }

  /** A block no other demo holds and whose ports are all free on 127.0.0.1 now. */
  public static synchronized UdpBlock reserveUdpBlock() {
    int start = (int) (ProcessHandle.current().pid() % BLOCKS);
    for (int i = 0; i < BLOCKS; i++) {
      int first = FIRST + ((start + i) % BLOCKS) * BLOCK;
      FileLock lock = tryLock(first);
      if (lock == null) {
        continue;
      }
      if (allFree(first, first + BLOCK - 1)) {
        return new UdpBlock(first, first + BLOCK - 1, lock);
      }
      new UdpBlock(first, first, lock).release();
    }
    throw new IllegalStateException("no free block of " + BLOCK + " UDP ports in " + FIRST + "-" + (FIRST + BLOCKS * BLOCK - 1));
  }

  private static FileLock tryLock(int first) {
    try {
      Files.createDirectories(LOCKS);
      FileChannel ch = FileChannel.open(LOCKS.resolve("udp-" + first + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
      }
      return lock;
    } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
      return null;
    }
  }

  private static boolean allFree(int first, int last) {
    java.util.List<DatagramSocket> bound = new java.util.ArrayList<>();
    try {
      for (int p = first; p <= last; p++) {
        bound.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p)));
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      bound.forEach(DatagramSocket::close);
    }
  }
}
