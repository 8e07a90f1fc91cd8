package org.seamcache.proxy.rtsp;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;

/** Installs the RTSP codec handlers shared by the viewer-facing server and the origin client. */
public final class RtspPipeline {
  public static final int MAX_INITIAL_LINE_BYTES = 4096;
  public static final int MAX_HEADER_BYTES = 16 * 1024;
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * Lines may end in a bare LF: RFC 2326 §4 tells receivers to take CR or LF alone as line ends too, and clients do send
   * LF. (Netty's strict line parsing guards HTTP intermediaries against request smuggling; here
   * the framer in front has already cut the message out, with the same LF rule.)
   */
  private static final HttpDecoderConfig DECODER =
      new HttpDecoderConfig()
          .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
          .setMaxHeaderSize(MAX_HEADER_BYTES)
          .setMaxChunkSize(MAX_BODY_BYTES)
          .setStrictLineParsing(false);

  private RtspPipeline() {}

  /**
   * Order matters: the frame decoder sees raw bytes first and hands whole messages to Netty's
   * decoder; frames bypass it. Outbound, frames are encoded below the RTSP encoder, which would
   * otherwise reject them.
   */
  public static void install(ChannelPipeline p) {
    p.addLast("framer", new InterleavedFrameDecoder(MAX_HEADER_BYTES, MAX_BODY_BYTES));
    p.addLast("frameEncoder", InterleavedFrameEncoder.INSTANCE);
    p.addLast("rtspDecoder", new RtspDecoder(DECODER));
    p.addLast("rtspEncoder", new RtspEncoder());
    p.addLast("aggregator", new RtspMessageAggregator(MAX_BODY_BYTES));
    p.addLast("requestLineCheck", RequestLineCheck.INSTANCE);
  }
}
