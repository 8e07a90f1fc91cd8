package org.seamcache.cli;

/** Exit codes of the content commands, the same in every command and listed in each {@code --help}. */
final class ExitCodes {

  static final int OK = 0;
  /** The command failed, or {@code verify} found the recording unsound. */
  static final int FAILURE = 1;
  /** Bad options or arguments (Picocli's own code). */
  static final int USAGE = 2;
  /** No content has that id (or the prefix matches several). */
  static final int UNKNOWN_ID = 3;
  /** The content is being recorded (or read) and the command would disturb it. */
  static final int BUSY = 4;

  // For {@code exitCodeList} in each command's annotation (annotations take constants only).
  static final String HEADING = "%nExit codes:%n";
  static final String L0 = "0:success";
  static final String L1 = "1:failure, or the recording is unsound (verify)";
  static final String L2 = "2:usage error";
  static final String L3 = "3:unknown content id";
  static final String L4 = "4:content busy (being recorded by a live proxy, or read)";

  private ExitCodes() {}
}
