package org.seamcache.cli.seam;

import java.util.Arrays;
import org.seamcache.cli.pcap.RtpStreamKey;

/**
 * The packets of one RTP stream found in one capture, as parallel columns (no object per packet):
 * capture time, sequence number, timestamp, marker and payload type, payload hash, and where the
 * payload bytes are in the file. Not thread-safe.
 */
public final class StreamColumns {
  public final RtpStreamKey key;
  public long[] captureNanos = new long[1024];
  public int[] seq = new int[1024];
  public long[] timestamp = new long[1024];
  public byte[] markerAndType = new byte[1024];
  public long[] hash = new long[1024];
  public long[] payloadOffset = new long[1024];
  public int[] payloadLength = new int[1024];
  public int size;

  public StreamColumns(RtpStreamKey key) {
    this.key = key;
  }

  public void add(long nanos, int sequence, long ts, boolean marker, int payloadType, long payloadHash,
      long payloadFileOffset, int length) {
    if (size == seq.length) {
      int cap = size * 2;
      captureNanos = Arrays.copyOf(captureNanos, cap);
      seq = Arrays.copyOf(seq, cap);
      timestamp = Arrays.copyOf(timestamp, cap);
      markerAndType = Arrays.copyOf(markerAndType, cap);
      hash = Arrays.copyOf(hash, cap);
      payloadOffset = Arrays.copyOf(payloadOffset, cap);
      payloadLength = Arrays.copyOf(payloadLength, cap);
    }
    captureNanos[size] = nanos;
    seq[size] = sequence;
    timestamp[size] = ts;
    markerAndType[size] = (byte) ((marker ? 0x80 : 0) | payloadType);
    hash[size] = payloadHash;
    payloadOffset[size] = payloadFileOffset;
    payloadLength[size] = length;
    size++;
  }
}
