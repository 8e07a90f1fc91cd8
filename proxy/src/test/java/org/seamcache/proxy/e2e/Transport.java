package org.seamcache.proxy.e2e;

/** The RTSP lower transport a client asks for: RTP over UDP, or interleaved in the RTSP TCP connection. */
public enum Transport {
  UDP("udp"),
  TCP("tcp");

  private final String clientName;

  Transport(String clientName) {
    this.clientName = clientName;
  }

  /** The name ffmpeg ({@code -rtsp_transport}), rtspsrc ({@code protocols=}) and rtsp_capture.py use. */
  public String clientName() {
    return clientName;
  }
}
