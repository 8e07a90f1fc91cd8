package org.seamcache.proxy.report;

import java.net.URI;
import java.nio.file.Path;

/**
 * The process {@link ReportJournalKillTest} kills: opens the journal, makes {@code count} reports
 * for an endpoint that refuses them, says so, and waits to be killed.
 */
public final class ReportingChild {
  private ReportingChild() {}

  public static void main(String[] args) throws Exception {
    ViewingReports reports = ViewingReports.open(Path.of(args[0]));
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      reports.report(new ViewingReport("child-" + i, null, "rtsp://origin/title", "0123456789abcdef", "192.0.2.7", 1_000L * i,
          1_000L * i + 500, 12_345, 0.5), URI.create(args[1]));
    }
    System.out.println("reported " + count);
    System.out.flush();
    System.in.read(); // blocks until the test kills this process (it never writes to our stdin)
  }
}
