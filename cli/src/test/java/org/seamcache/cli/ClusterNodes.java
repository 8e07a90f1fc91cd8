package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the cluster tests ask of their nodes: a title's registry name, a prefetch, one DESCRIBE. */
final class ClusterNodes {
  private ClusterNodes() {}

  /** The registry's directory name of a title (first 128 bits of the SHA-256 of its content key, hex). */
  static String hash(URI title) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(title.toString().getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void prefetch(int adminPort, URI title) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + adminPort + "/prefetch?url=" + java.net.URLEncoder.encode(title.toString(), StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }

  /** One DESCRIBE on a fresh connection: the status code and the headers (lower-case names). */
  static Map<String, String> describe(int port, URI url) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      Map<String, String> h = new LinkedHashMap<>();
      h.put("status", in.readLine().split(" ")[1]);
      for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
        int colon = line.indexOf(':');
        h.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
      }
      return h;
    }
  }
}
