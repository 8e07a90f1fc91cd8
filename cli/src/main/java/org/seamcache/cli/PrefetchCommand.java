package org.seamcache.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seamcache prefetch URL}: asks a running proxy (its admin endpoint) to fetch a stored title into its cache. */
@Command(
    name = "prefetch",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a running proxy to fetch a stored title into its cache before anyone asks (POST /prefetch on its admin port).",
      "The title is fetched whole over TCP and repaired until complete; later viewers are served from disk."
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:the fetch started", "1:the proxy refused it or could not be reached (the message says why)", ExitCodes.L2})
public final class PrefetchCommand implements Callable<Integer> {

  @Parameters(paramLabel = "URL", description = "The origin URL (rtsp://origin/title) or a configured route name.")
  String url;

  @Option(names = "--admin", defaultValue = "127.0.0.1:8081", paramLabel = "HOST:PORT", description = "The proxy's admin address (default ${DEFAULT-VALUE}).")
  String admin;

  @picocli.CommandLine.Mixin ProgressOption progressOption;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    URI endpoint = URI.create("http://" + admin + "/prefetch?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response;
    try {
      response = awaitAnswer(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    } catch (java.io.IOException e) {
      System.err.println("seamcache prefetch: cannot reach the proxy's admin port " + admin + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
      return ExitCodes.FAILURE;
    }
    String body = response.body().strip();
    if (response.statusCode() / 100 == 2) {
      System.out.println(body);
      return ExitCodes.OK;
    }
    System.err.println("seamcache prefetch: " + response.statusCode() + " " + body);
    return ExitCodes.FAILURE;
  }

  /** Waits for the proxy's answer (it comes once the origin described the title), counting the seconds on a terminal. */
  private HttpResponse<String> awaitAnswer(java.util.concurrent.CompletableFuture<HttpResponse<String>> answer)
      throws java.io.IOException, InterruptedException {
    long start = System.nanoTime();
    try (ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "prefetch: waiting for the proxy", progressOption.enabled())) {
      while (true) {
        try {
          return answer.get(250, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          progress.update((System.nanoTime() - start) / 1_000_000_000L, "s");
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof java.io.IOException io ? io : new java.io.IOException(e.getCause().getMessage(), e.getCause());
        }
      }
    }
  }
}
