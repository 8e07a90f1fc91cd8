package org.seamcache.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Which hand-made H.264 RTP payloads (RFC 6184) count as the first key frame's arrival, and at which packet. */
class KeyFrameArrivalTest {
  private static final int NRI = 0x60;

  private static ByteBuffer nal(int type, int... rest) {
    ByteBuffer b = ByteBuffer.allocate(1 + rest.length);
    b.put((byte) (NRI | type));
    for (int r : rest) {
      b.put((byte) r);
    }
    return b.flip();
  }

  private static ByteBuffer fuA(int type, boolean start) {
    return ByteBuffer.wrap(new byte[] {(byte) (NRI | 28), (byte) ((start ? 0x80 : 0) | type), 0x11, 0x22});
  }

  /** A STAP-A of one-byte-bodied units of these types. */
  private static ByteBuffer stapA(int... types) {
    ByteBuffer b = ByteBuffer.allocate(1 + types.length * 4);
    b.put((byte) (NRI | 24));
    for (int t : types) {
      b.putShort((short) 2).put((byte) (NRI | t)).put((byte) 0x42);
    }
    return b.flip();
  }

  @Test
  void anIdrAloneIsTheKeyFrameAtItsArrival() {
    KeyFrameArrival k = new KeyFrameArrival();
    assertThat(k.onPayload(nal(1, 0x9A), 100)).isFalse();
    assertThat(k.onPayload(nal(5, 0x88), 200)).isTrue();
    assertThat(k.nanos()).isEqualTo(200);
    assertThat(k.onPayload(nal(5, 0x88), 300)).isTrue();
    assertThat(k.nanos()).as("the first key frame stays the first").isEqualTo(200);
  }

  @Test
  void onlyTheStartOfAnFuACarryingAnIdrCounts() {
    KeyFrameArrival k = new KeyFrameArrival();
    assertThat(k.onPayload(fuA(5, false), 100)).as("joined in the middle of an IDR: not decodable").isFalse();
    assertThat(k.onPayload(fuA(1, true), 200)).isFalse();
    assertThat(k.onPayload(fuA(5, true), 300)).isTrue();
    assertThat(k.nanos()).isEqualTo(300);
  }

  @Test
  void aStapACarryingAnIdrAnywhereCounts() {
    KeyFrameArrival k = new KeyFrameArrival();
    assertThat(k.onPayload(stapA(6, 1), 100)).isFalse();
    assertThat(k.onPayload(stapA(7, 8, 5), 200)).isTrue();
    assertThat(k.nanos()).isEqualTo(200);
  }

  @Test
  void parameterSetsDirectlyBeforeTheIdrMoveItsArrivalToTheSps() {
    KeyFrameArrival k = new KeyFrameArrival();
    k.onPayload(nal(7, 0x42), 100);
    k.onPayload(nal(8, 0xCE), 110);
    assertThat(k.onPayload(fuA(5, true), 120)).isTrue();
    assertThat(k.nanos()).isEqualTo(100);
  }

  @Test
  void anSpsNotDirectlyFollowedByAnIdrDoesNotCount() {
    KeyFrameArrival k = new KeyFrameArrival();
    k.onPayload(stapA(7, 8), 100);
    assertThat(k.onPayload(fuA(1, true), 110)).isFalse();
    assertThat(k.onPayload(nal(5, 0x88), 120)).isTrue();
    assertThat(k.nanos()).isEqualTo(120);
  }

  @Test
  void emptyAndMalformedPayloadsAreNoKeyFrame() {
    KeyFrameArrival k = new KeyFrameArrival();
    assertThat(k.onPayload(ByteBuffer.allocate(0), 100)).isFalse();
    assertThat(k.onPayload(ByteBuffer.wrap(new byte[] {(byte) (NRI | 24), 0x00, 0x09, 0x65}), 110))
        .as("a STAP-A whose unit runs past its end").isFalse();
    assertThat(k.onPayload(ByteBuffer.wrap(new byte[] {(byte) (NRI | 28)}), 120)).as("an FU-A without its header").isFalse();
    assertThat(k.nanos()).isZero();
  }
}
