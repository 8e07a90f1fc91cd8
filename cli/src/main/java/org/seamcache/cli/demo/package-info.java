/**
 * The parts of {@code seamcache demo}: a test origin, loss on its link, viewers, and the cleanup
 * that ends every process and removes every file and rule the demo made.
 */
package org.seamcache.cli.demo;
