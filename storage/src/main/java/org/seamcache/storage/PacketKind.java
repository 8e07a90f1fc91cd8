package org.seamcache.storage;

/** What an excerpt holds. The code is the first byte of every excerpt on disk. */
public enum PacketKind {
  RTP(1),
  RTCP(2);

  final byte code;

  PacketKind(int code) {
    this.code = (byte) code;
  }

  /** The kind with this on-disk code, or null. */
  static PacketKind ofCode(byte code) {
    return switch (code) {
      case 1 -> RTP;
      case 2 -> RTCP;
      default -> null;
    };
  }
}
