package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadHashTest {

  @Test
  void byteArrayAndBufferAgreeForEveryLengthAndOrder() {
    Random rnd = new Random(1);
    byte[] bytes = new byte[80];
    rnd.nextBytes(bytes);
    for (int off = 0; off < 8; off++) {
      for (int len = 0; len + off <= bytes.length; len++) {
        long a = PayloadHash.of(bytes, off, len, true, 96);
        ByteBuffer big = ByteBuffer.wrap(bytes);
        ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).position(3);
        assertThat(PayloadHash.of(big, off, len, true, 96)).isEqualTo(a);
        assertThat(PayloadHash.of(little, off, len, true, 96)).isEqualTo(a);
        assertThat(PayloadHash.of(direct, off, len, true, 96)).isEqualTo(a);
        assertThat(direct.position()).isEqualTo(3);
      }
    }
  }

  @Test
  void markerPayloadTypeLengthAndEveryBitMatter() {
    byte[] bytes = new byte[37];
    new Random(2).nextBytes(bytes);
    long h = PayloadHash.of(bytes, 0, bytes.length, false, 96);
    assertThat(PayloadHash.of(bytes, 0, bytes.length, true, 96)).isNotEqualTo(h);
    assertThat(PayloadHash.of(bytes, 0, bytes.length, false, 97)).isNotEqualTo(h);
    assertThat(PayloadHash.of(bytes, 0, bytes.length - 1, false, 96)).isNotEqualTo(h);
    Set<Long> seen = new HashSet<>();
    seen.add(h);
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(seen.add(PayloadHash.of(bytes, 0, bytes.length, false, 96))).as("bit %d", bit).isTrue();
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    // zero payloads of different lengths differ (the tail packing alone would not tell them apart)
    assertThat(PayloadHash.of(new byte[3], 0, 3, false, 0)).isNotEqualTo(PayloadHash.of(new byte[4], 0, 4, false, 0));
  }

  @Test
  void noCollisionsAmongManyRandomAndStructuredPayloads() {
    Random rnd = new Random(3);
    Set<Long> seen = new HashSet<>();
    int n = 0;
    for (int i = 0; i < 100_000; i++, n++) {
      byte[] p = new byte[8 + rnd.nextInt(200)]; // 8+ random bytes: distinct with near certainty
      rnd.nextBytes(p);
      seen.add(PayloadHash.of(p, 0, p.length, false, 96));
    }
    // low-entropy payloads: counters in otherwise zero buffers
    for (int i = 0; i < 100_000; i++, n++) {
      byte[] p = new byte[64];
      ByteBuffer.wrap(p).putInt(i % 16 * 4, i);
      seen.add(PayloadHash.of(p, 0, p.length, false, 96));
    }
    assertThat(seen).hasSize(n);
  }

  @Test
  void hashOfPacketCoversPayloadOnly() throws MalformedPacketException {
    byte[] a = {(byte) 0x80, (byte) 0xE0, 0, 1, 0, 0, 0, 9, 1, 2, 3, 4, 42, 43, 44};
    byte[] b = {(byte) 0x80, (byte) 0xE0, 9, 9, 7, 7, 7, 7, 5, 6, 7, 8, 42, 43, 44};
    long ha = PayloadHash.ofPacket(ByteBuffer.wrap(a), 0, RtpHeader.parse(a, 0, a.length));
    long hb = PayloadHash.ofPacket(ByteBuffer.wrap(b), 0, RtpHeader.parse(b, 0, b.length));
    assertThat(ha).isEqualTo(hb).isEqualTo(PayloadHash.of(new byte[] {42, 43, 44}, 0, 3, true, 96));
  }
}
