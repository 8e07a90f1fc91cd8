package org.seamcache.proxy.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each {@link ViewingReport} to its route's endpoint as a JSON POST (header {@code
 * Idempotency-Key} = the report id), journaled on disk first ({@link ReportJournal}); an endpoint
 * that fails or answers other than 2xx gets the report again after 1 s, doubling to 5 min, until it
 * takes it. Reports still waiting when the proxy stops (or dies) are sent after the next start. One
 * thread of its own; never blocks a caller on the network. Thread-safe.
 */
public final class ViewingReports implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ViewingReports.class);
  private static final long FIRST_RETRY_MILLIS = 1_000;
  private static final long MAX_RETRY_MILLIS = 300_000;
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private final ReportJournal journal;
  private final ScheduledExecutorService sender = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "seamcache-reports");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(SEND_TIMEOUT).build();
  private volatile boolean closed;

  private ViewingReports(ReportJournal journal, List<ReportJournal.Pending> pending) {
    this.journal = journal;
    if (!pending.isEmpty()) {
      log.info("{} viewing report(s) from before the start are sent now", pending.size());
    }
    pending.forEach(p -> sender.execute(() -> send(p, FIRST_RETRY_MILLIS)));
  }

  /** Opens the journal at {@code file} and sends what it still holds. */
  public static ViewingReports open(Path file) {
    List<ReportJournal.Pending> pending = new ArrayList<>();
    ReportJournal journal = ReportJournal.open(file, pending);
    return new ViewingReports(journal, pending);
  }

  /** Journals {@code report} for {@code endpoint} and sends it (from its own thread). */
  public void report(ViewingReport report, URI endpoint) {
    ReportJournal.Pending p = new ReportJournal.Pending(report.id(), endpoint.toString(), report.toJson());
    sender.execute(() -> {
      try {
        journal.made(p);
      } catch (RuntimeException e) {
        log.warn("viewing report {} could not be journaled ({}); sending it anyway", p.id(), e.getMessage());
      }
      send(p, FIRST_RETRY_MILLIS);
    });
  }

  private void send(ReportJournal.Pending p, long retryMillis) {
    if (closed) {
      return;
    }
    String failure;
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(p.endpoint()))
          .timeout(SEND_TIMEOUT)
          .header("Content-Type", "application/json")
          .header("Idempotency-Key", p.id())
          .POST(HttpRequest.BodyPublishers.ofString(p.json()))
          .build();
      HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) {
        journal.delivered(p.id());
        log.debug("viewing report {} delivered to {}", p.id(), p.endpoint());
        return;
      }
      failure = "answered " + r.statusCode();
    } catch (java.io.IOException | IllegalArgumentException e) {
      failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    log.info("viewing report {} not taken by {} ({}); again in {} s", p.id(), p.endpoint(), failure, retryMillis / 1000);
    if (!closed) {
      sender.schedule(() -> send(p, Math.min(MAX_RETRY_MILLIS, retryMillis * 2)), retryMillis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Stops sending; reports already handed over are journaled first (queued work runs, sends and
   * retries are skipped), and what was not delivered stays in the journal for the next start.
   */
  @Override
  public void close() {
    closed = true;
    ((java.util.concurrent.ScheduledThreadPoolExecutor) sender).setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    sender.shutdown();
    try {
      if (!sender.awaitTermination(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
    journal.close();
  }
}
