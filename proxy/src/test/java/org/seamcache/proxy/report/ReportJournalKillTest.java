package org.seamcache.proxy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports survive a kill -9: a process journals reports its endpoint refuses and is killed; the
 * next process to open the journal sends them, and each reaches the endpoint exactly once.
 */
class ReportJournalKillTest {
  @TempDir Path dir;

  @Test
  void reportsMadeBeforeAKillNineAreSentByTheNextProcessOnceEach() throws Exception {
    AtomicBoolean refusing = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    List<String> taken = new CopyOnWriteArrayList<>();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.createContext("/r", ex -> {
      ex.getRequestBody().readAllBytes();
      attempts.incrementAndGet();
      boolean take = !refusing.get();
      if (take) {
        taken.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
      }
      ex.sendResponseHeaders(take ? 200 : 503, -1);
      ex.close();
    });
    endpoint.start();
    String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/r";
    Path journal = dir.resolve("reports.journal");
    try {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElseThrow());
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access")) {
          command.add(arg);
        }
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReportingChild.class.getName(), journal.toString(), url, "3"));
      Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).isEqualTo("reported 3");
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 3); // each journaled, then tried once
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing closed
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(taken).isEmpty();

      refusing.set(false);
      try (ViewingReports next = ViewingReports.open(journal)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> taken.size() == 3);
      }
      assertThat(taken).containsExactlyInAnyOrder("child-0", "child-1", "child-2");
      List<ReportJournal.Pending> pending = new ArrayList<>();
      ReportJournal.open(journal, pending).close();
      assertThat(pending).as("a delivered report is not sent again: the journal kept each delivery").isEmpty();
    } finally {
      endpoint.stop(0);
    }
  }
}
