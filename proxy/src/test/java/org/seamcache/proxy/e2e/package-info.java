/**
 * End-to-end test harness: a real RTSP origin (GStreamer's gst-rtsp-server, {@code
 * test-data/harness/origin.py}), real clients (ffprobe, ffmpeg, gst-launch rtspsrc, and the
 * standard-library {@code rtsp_capture.py}), and real UDP loss (nftables in a network namespace).
 *
 * <p>Pieces:
 *
 * <ul>
 *   <li>{@link org.seamcache.proxy.e2e.TestMedia}: the 20 s H.264 + AAC test file, made once and
 *       measured (frame counts, keyframe times).
 *   <li>{@link org.seamcache.proxy.e2e.OriginServer}: JUnit 5 extension running origin.py on a free
 *       port with its own block of RTP ports ({@code /vod}, {@code /vod-video}, {@code /live}).
 *   <li>Clients, each with a bounded timeout and a typed result: {@link
 *       org.seamcache.proxy.e2e.Ffprobe} ({@link org.seamcache.proxy.e2e.StreamCounts}), {@link
 *       org.seamcache.proxy.e2e.Ffmpeg} ({@link org.seamcache.proxy.e2e.FfmpegDecode}: frames, pts
 *       and MD5 per decoded frame, errors, missed RTP packets), {@link
 *       org.seamcache.proxy.e2e.GstLaunch} ({@link org.seamcache.proxy.e2e.GstDecode}), {@link
 *       org.seamcache.proxy.e2e.RtspCapture} ({@link org.seamcache.proxy.e2e.RtpCapture}: every RTP
 *       packet with its payload hash); {@link org.seamcache.proxy.e2e.RtpPayloadComparison} compares
 *       two captures.
 *   <li>{@link org.seamcache.proxy.e2e.LossyNamespace}: a namespace whose loopback drops UDP at
 *       random or in bursts.
 * </ul>
 *
 * <p>Pointing a test at the proxy instead of the origin only changes the URI the client gets, e.g.
 *
 * <pre>{@code
 * @RegisterExtension static OriginServer origin = OriginServer.builder().sharedLive().build();
 *
 * FfmpegDecode direct = Ffmpeg.decode(origin.vodUri(), Transport.TCP, Duration.ofSeconds(40));
 * FfmpegDecode viaProxy = Ffmpeg.decode(proxyUriFor(origin.vodUri()), Transport.TCP, Duration.ofSeconds(40));
 * assertThat(viaProxy.videoFrames()).isEqualTo(TestMedia.get().videoFrameCount());
 * assertThat(viaProxy.video().orElseThrow().md5s()).isEqualTo(direct.video().orElseThrow().md5s());
 * }</pre>
 *
 * <p>Streams run in real time (a full VOD decode takes 20 s), so test classes run concurrently
 * ({@code junit-platform.properties}); every piece here is safe for that. Put {@code @Order(1)} on a
 * class with a full-length run so it starts first.
 *
 * <p>Facts about the origin that tests must respect (measured on gst-rtsp-server 1.22): audio's first seq is RTP-Info seq+1; after a
 * keyframe seek the video rtptime in RTP-Info is stale; a seek on {@code /vod} may start with the
 * whole preceding GOP at one timestamp; a UDP {@code ffmpeg -ss} reports a few "missed" packets with
 * no loss, because it PLAYs twice; a non-shared {@code /live} encodes per session, so its payloads
 * do not match across sessions.
 */
package org.seamcache.proxy.e2e;
