package org.seamcache.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a recording's excerpts in order, or from a given {@link ExcerptIndex}. A cursor: {@link
 * #next()} moves to the following excerpt and the accessors describe it until the next call. It
 * maps files read-only, so it is safe on a recording a live proxy is still writing (it then stops at
 * what was committed when it reads).
 *
 * <p>Confined to one thread (Chronicle tailers are single-threaded).
 */
public final class RecordingReader implements AutoCloseable {

  private final SingleChronicleQueue queue;
  private final boolean ownsQueue;
  private final Runnable onClose;
  private final ExcerptTailer tailer;
  private final ExcerptCodec codec = new ExcerptCodec();
  private final ExcerptCodec.DecodedExcerpt current = new ExcerptCodec.DecodedExcerpt();
  private long currentIndex = -1;
  private boolean closed;

  RecordingReader(SingleChronicleQueue queue, boolean ownsQueue, Runnable onClose) {
    this.queue = queue;
    this.ownsQueue = ownsQueue;
    this.onClose = onClose;
    this.tailer = queue.createTailer();
  }

  /** A reader over the queue in {@code queueDir}, with its own read-only queue handle. */
  static RecordingReader openQueueDir(Path queueDir) {
    return new RecordingReader(QueueOpener.forReading(queueDir), true, () -> {});
  }

  /**
   * Moves to the next excerpt. Returns false at the end of what is committed.
   *
   * @throws CorruptExcerptException if that excerpt is unsound; the cursor is on it, so calling
   *     {@code next()} again goes on with the one after
   */
  public boolean next() {
    while (true) {
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          return false;
        }
        if (dc.isData()) {
          return decode(dc);
        }
      }
    }
  }

  private boolean decode(DocumentContext dc) {
    currentIndex = dc.index();
    String broken = codec.read(dc.wire().bytes(), current);
    if (broken != null) {
      throw new CorruptExcerptException(new ExcerptIndex(currentIndex), broken);
    }
    return true;
  }

  /** Positions the cursor so that {@link #next()} reads the excerpt at {@code index}; false if absent. */
  public boolean moveTo(ExcerptIndex index) {
    return tailer.moveToIndex(index.value());
  }

  /** Positions the cursor before the first excerpt. */
  public void toStart() {
    tailer.toStart();
  }

  /** The excerpt at {@code index}, or null if there is none. */
  public RecordedPacket read(ExcerptIndex index) {
    return moveTo(index) && next() ? current() : null;
  }

  public ExcerptIndex index() {
    return new ExcerptIndex(currentIndex);
  }

  public PacketKind kind() {
    return current.kind;
  }

  public int track() {
    return current.track;
  }

  public int leg() {
    return current.leg;
  }

  public long arrivalNanos() {
    return current.arrivalNanos;
  }

  public long extendedSeq() {
    return current.extendedSeq;
  }

  public long extendedTimestamp() {
    return current.extendedTimestamp;
  }

  public boolean marker() {
    return current.marker;
  }

  /** Whether the leg's extenders confirmed a jump of its numbering at this packet (see {@link Recording#offerRtp}). */
  public boolean resynced() {
    return current.resynced;
  }

  public int payloadType() {
    return current.payloadType;
  }

  public long payloadHash() {
    return current.payloadHash;
  }

  public int length() {
    return current.length;
  }

  /** The current packet's bytes; a read-only view valid until the next call to {@link #next()}. */
  public ByteBuffer packet() {
    return ByteBuffer.wrap(current.packet, 0, current.length).slice().asReadOnlyBuffer();
  }

  /** The current excerpt as an immutable value (copies the bytes). */
  public RecordedPacket current() {
    return new RecordedPacket(
        index(),
        current.kind,
        current.track,
        current.leg,
        current.arrivalNanos,
        current.extendedSeq,
        current.extendedTimestamp,
        current.marker,
        current.payloadType,
        current.payloadHash,
        java.util.Arrays.copyOf(current.packet, current.length));
  }

  /** True once the queue handle under this reader is closed (for tests of handle eviction). */
  boolean queueClosed() {
    return queue.isClosed();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      tailer.close();
      if (ownsQueue) {
        queue.close();
      }
    } finally {
      onClose.run();
    }
  }
}
