package org.seamcache.proxy.server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Node-to-node tokens: what one node of a cluster gives a request it sends to a sibling (a viewer it
 * redirects there, or its own fetch of a title the sibling holds), so that the sibling admits it
 * without checking the viewer again. A node mints one only after it admitted the request under its
 * own viewer rules (which every node of a cluster shares), so the registry cannot be used to pull
 * private content from a sibling: a request without a valid cluster token is judged by the
 * sibling's viewer rules like anyone's. The form is the viewer token's ({@link ViewerTokens}), under
 * the cluster secret, signed as another kind and written {@code cluster.EXPIRES-SIGNATURE} in the
 * same {@code token=} parameter, so players carry it through a redirect unchanged. Short-lived: a
 * redirect is followed at once. Immutable; thread-safe.
 */
public final class ClusterTokens {
  /** What a cluster token starts with (a viewer token starts with digits). */
  public static final String PREFIX = "cluster.";
  /** How long a minted token admits: a redirect is followed, a sibling's DESCRIBE sent, at once. */
  public static final long LIFETIME_SECONDS = 60;
  private static final String KIND = "seamcache-cluster-token-v1";

  private final ViewerTokens signer;
  private final LongSupplier epochMillis;

  public ClusterTokens(byte[] secret, LongSupplier epochMillis) {
    this.signer = new ViewerTokens(secret, epochMillis, KIND);
    this.epochMillis = epochMillis;
  }

  /** The cluster secret in {@code file}: its bytes without trailing white space, at least 16. */
  public static ClusterTokens fromFile(Path file, LongSupplier epochMillis) throws IOException {
    return new ClusterTokens(ViewerTokens.secretIn(file), epochMillis);
  }

  /** A token admitting a request for {@code path} on any sibling for {@link #LIFETIME_SECONDS}. */
  public String mint(String path) {
    return PREFIX + signer.mint(path, Math.floorDiv(epochMillis.getAsLong(), 1000) + LIFETIME_SECONDS, null);
  }

  /** {@code url} with a token for its path in its query ({@code token=}, after any other parameters). */
  public String sign(String url) {
    int scheme = url.indexOf("://");
    int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
    int query = url.indexOf('?');
    String path = slash < 0 || (query >= 0 && query < slash) ? "/" : url.substring(slash, query < 0 ? url.length() : query);
    return url + (query < 0 ? "?" : "&") + ViewerTokens.PARAM + "=" + mint(path);
  }

  /** Whether {@code token} claims to be a cluster token (valid or not). */
  public static boolean isClusterToken(String token) {
    return token != null && token.startsWith(PREFIX);
  }

  /** Why the cluster token {@code token} does not admit {@code client} to {@code path}, or empty when it does. */
  Optional<String> refusal(String token, String path, InetAddress client) {
    return signer.refusal(token.substring(PREFIX.length()), path, client)
        .map(why -> why.replace("viewer token", "cluster token"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterTokens t && t.signer.equals(signer);
  }

  @Override
  public int hashCode() {
    return signer.hashCode();
  }

  @Override
  public String toString() {
    return "cluster tokens";
  }
}
