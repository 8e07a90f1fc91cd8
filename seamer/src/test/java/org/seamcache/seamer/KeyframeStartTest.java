package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyframeStartTest {

  @ParameterizedTest
  @CsvSource({
    // payloads seen from the real origin (harness examples): SPS 6742.., PPS 68ce.., FU-A IDR start 7c85, FU-A IDR middle 7c05, FU-A non-IDR start 5c81
    "H264, 6742c01e, true",
    "H264, 68ce3c80, true",
    "H264, 7c85aa, true",
    "H264, 7c05aa, false",
    "H264, 5c81aa, false",
    "H264, 4101aa, false",
    "H264, 65aa, true",
    "H264, 18000267420000, true",
    "H264, 18000241aa, false",
    "h264, 7c85, true",
    "H265, 4001aa, true",
    "H265, 2601aa, true",
    "H265, 0201aa, false",
    "H265, 6201a6, false",
    "H265, 620193, true",
    "MPEG4-GENERIC, 0010, true",
    "H264, '', false",
  })
  void recognisesRandomAccessPoints(String encoding, String hex, boolean start) {
    ByteBuffer payload = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    assertThat(KeyframeStart.isStart(encoding, payload)).isEqualTo(start);
    assertThat(payload.position()).isZero();
  }
}
