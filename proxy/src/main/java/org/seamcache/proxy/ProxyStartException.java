package org.seamcache.proxy;

/** The proxy could not start (a port is taken, an address does not exist...). */
public final class ProxyStartException extends RuntimeException {
  public ProxyStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
