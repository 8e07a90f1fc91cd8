package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile-input check for every codec: real values, randomly mutated, must either parse or fail with the typed
 * exception (never a stray runtime exception that would kill a Netty handler), and whatever parses must format to
 * a fixed point: format(parse(format(v))) equals format(v).
 */
class MutatedInputTest {

  @FunctionalInterface
  interface Parser {
    Object parse(String text) throws Exception;
  }

  @FunctionalInterface
  interface Formatter {
    String format(Object value);
  }

  record Codec(String name, Parser parser, Formatter formatter, List<String> seeds) {}

  private static final String ALPHABET = ";,=\"\\-:.@/[]% \t\r\n0123456789aAfFzZ*+$_";

  private static final List<Codec> CODECS = List.of(
      new Codec("Transport", TransportHeader::parse, v -> ((TransportHeader) v).format(), List.of(
          "RTP/AVP;unicast;client_port=31838-31839;server_port=50002-50003;ssrc=E85DEF80;mode=\"PLAY\"",
          "RTP/AVP/TCP;unicast;interleaved=0-1,RTP/AVP;multicast;destination=224.2.0.1;ttl=16;x=\"a,b\"")),
      new Codec("Session", SessionHeader::parse, v -> ((SessionHeader) v).format(), List.of(
          "GL+Qe3cH_FYtlPdr;timeout=60")),
      new Codec("Range", RangeHeader::parse, v -> ((RangeHeader) v).format(), List.of(
          "npt=12:05:35.3-20", "npt=now-", "npt=9.984-30", "smpte=10:07:00-")),
      new Codec("RTP-Info", RtpInfoHeader::parse, v -> ((RtpInfoHeader) v).format(), List.of(
          "url=rtsp://127.0.0.1:8554/vod/stream=0;seq=20949;rtptime=406436899, "
              + "url=\"rtsp://h/a;b,c\";seq=26550;rtptime=102823251")),
      new Codec("WWW-Authenticate", WwwAuthenticateHeader::parse, v -> ((WwwAuthenticateHeader) v).format(), List.of(
          "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b\", opaque=\"5ccc\", "
              + "Basic realm=\"a \\\"b\\\"\"")),
      new Codec("RtspUrl", RtspUrl::parse, v -> ((RtspUrl) v).format(), List.of(
          "rtsp://us%40er:p@ss@[fe80::1]:10554/vod?x=1", "rtsps://cam/live")),
      new Codec("SDP", Sdp::parse, v -> ((Sdp) v).format(), List.of(
          "v=0\r\no=- 1 1 IN IP4 h\r\ns=x\r\na=control:*\r\na=range:npt=now-30\r\n"
              + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 a=1;b=2\r\na=control:stream=0\r\n"
              + "m=audio 0 RTP/AVP 0 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/2\r\n")));

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20261121})
  void mutatedInputsFailCleanlyOrReachAFixedPoint(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int parsed = 0;
    for (Codec codec : CODECS) {
      for (int i = 0; i < 1500; i++) {
        String input = mutate(codec.seeds().get(random.nextInt(codec.seeds().size())), random);
        Object value;
        try {
          value = codec.parser().parse(input);
        } catch (RtspHeaderException | SdpException expected) {
          continue;
        } catch (Exception e) {
          throw new AssertionError(codec.name() + " threw " + e + " for input: " + input, e);
        }
        parsed++;
        String once = codec.formatter().format(value);
        try {
          assertThat(codec.formatter().format(codec.parser().parse(once)))
              .as("%s fixed point of %s", codec.name(), input)
              .isEqualTo(once);
        } catch (Exception e) {
          fail(codec.name() + " could not parse its own format '" + once + "' (from input '" + input + "')", e);
        }
      }
    }
    assertThat(parsed).as("some mutants must still parse, or the test checks nothing").isGreaterThan(1000);
  }

  private static String mutate(String s, SplittableRandom random) {
    StringBuilder sb = new StringBuilder(s);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
      switch (random.nextInt(5)) {
        case 0 -> {
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
        }
        case 1 -> sb.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 2 -> {
          if (sb.length() > 0) {
            sb.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          }
        }
        case 3 -> {
          int end = Math.min(sb.length(), at + 1 + random.nextInt(12));
          sb.insert(at, sb.substring(at, end));
        }
        default -> sb.setLength(at);
      }
    }
    return sb.toString();
  }
}
