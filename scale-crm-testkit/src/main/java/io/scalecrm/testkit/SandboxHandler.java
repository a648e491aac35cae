package io.scalecrm.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.scalecrm.testkit.FaultInjector.Action;
import io.scalecrm.testkit.FaultInjector.Decision;
import io.scalecrm.testkit.SandboxRoutes.Match;
import io.scalecrm.testkit.SandboxStore.Call;
import io.scalecrm.testkit.SandboxStore.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one HTTP exchange: routes it to an operation, applies faults, checks the JWT, runs the
 * operation and journals the call. Never logs request headers or bodies (they carry tokens).
 */
final class SandboxHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleSandbox.class);
  private static final int MAX_BODY = 1 << 20;
  private static final List<String> PAGING_HEADERS =
      List.of("offset", "limit", "order-by", "order-asc");

  private final SandboxStore store;
  private final JwtVerifier verifier;
  private final FaultInjector faults;
  private final CallJournal journal;
  private final Clock clock;
  private final ObjectMapper mapper;

  SandboxHandler(
      SandboxStore store,
      JwtVerifier verifier,
      FaultInjector faults,
      CallJournal journal,
      Clock clock,
      ObjectMapper mapper) {
    this.store = store;
    this.verifier = verifier;
    this.faults = faults;
    this.journal = journal;
    this.clock = clock;
    this.mapper = mapper;
  }

  /** What to answer: a status, headers and body, or nothing at all (a dropped connection). */
  private record Outcome(int status, Map<String, String> headers, @Nullable JsonNode body) {
    static final Outcome DROP = new Outcome(JournalEntry.NO_RESPONSE, Map.of(), null);

    boolean dropped() {
      return status == JournalEntry.NO_RESPONSE;
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    Instant at = clock.instant();
    String method = ex.getRequestMethod();
    String rawPath = ex.getRequestURI().getRawPath();
    String[] operationId = {"unknown"};
    Outcome outcome;
    try {
      outcome = process(ex, method, rawPath, operationId);
    } catch (RuntimeException e) {
      LOG.warn(
          "Scale sandbox: unexpected failure in {} {} ({})", method, rawPath, operationId[0], e);
      outcome = error(500, "Unexpected sandbox failure", Map.of());
    }
    // journal first, so that a client that has its answer always finds the call journaled
    journal.record(new JournalEntry(operationId[0], method, rawPath, outcome.status(), at));
    try {
      if (!outcome.dropped()) {
        send(ex, outcome);
      }
    } finally {
      // closing before the response headers were sent makes the JDK server drop the connection
      ex.close();
    }
  }

  private Outcome process(HttpExchange ex, String method, String rawPath, String[] operationId)
      throws IOException {
    Decision decision = null;
    try {
      byte[] body = readBody(ex);
      List<Match> matches = SandboxRoutes.match(rawPath);
      Match match = null;
      for (Match m : matches) {
        if (m.route().method().equals(method)) {
          match = m;
          break;
        }
      }
      if (match == null) {
        if (matches.isEmpty()) {
          return error(404, "No operation has this path", Map.of());
        }
        return error(
            405,
            "The path does not accept " + method,
            Map.of("Allow", String.join(", ", SandboxRoutes.methods(matches))));
      }
      operationId[0] = match.route().operationId();
      decision = faults.decide(operationId[0]);
      pause(decision.latency());
      switch (decision.action()) {
        case DROP:
          return Outcome.DROP;
        case THROTTLE:
          String retryAfter = decision.retryAfter() == null ? "1" : decision.retryAfter();
          return error(
              429,
              "Too many requests; retry later (see Retry-After)",
              Map.of("Retry-After", retryAfter));
        case ERROR:
          return error(decision.status(), "Injected fault (sandbox)", Map.of());
        default:
          break;
      }
      verifier.verify(ex.getRequestHeaders().getFirst("Authorization"));
      Reply reply =
          store.handle(
              new Call(
                  operationId[0],
                  match.pathParams(),
                  parseQuery(ex.getRequestURI().getRawQuery()),
                  pagingHeaders(ex),
                  body));
      if (decision.action() == Action.LOSE_RESPONSE) {
        return Outcome.DROP;
      }
      return new Outcome(reply.status(), Map.of(), reply.body());
    } catch (ApiError e) {
      if (decision != null && decision.action() == Action.LOSE_RESPONSE) {
        return Outcome.DROP;
      }
      Map<String, String> headers =
          e.status() == 401 ? Map.of("WWW-Authenticate", "ScaleJwt") : Map.of();
      return error(e.status(), e.getMessage(), headers);
    }
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw ApiError.badRequest("The request body is larger than 1 MiB");
      }
      return bytes;
    }
  }

  private static Map<String, String> parseQuery(@Nullable String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        query.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("The query string is not correctly percent-encoded");
      }
    }
    return query;
  }

  private static Map<String, String> pagingHeaders(HttpExchange ex) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : PAGING_HEADERS) {
      String v = ex.getRequestHeaders().getFirst(name);
      if (v != null) {
        headers.put(name, v);
      }
    }
    return headers;
  }

  private static void pause(Duration latency) {
    if (latency.isZero()) {
      return;
    }
    try {
      Thread.sleep(latency.toMillis(), (int) (latency.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Outcome error(int status, @Nullable String description, Map<String, String> headers) {
    ObjectNode body = mapper.createObjectNode();
    body.put("error", ApiError.reason(status));
    body.put("code", status);
    body.put("description", description == null ? ApiError.reason(status) : description);
    return new Outcome(status, headers, body);
  }

  private void send(HttpExchange ex, Outcome outcome) throws IOException {
    outcome.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    if (outcome.body() == null) {
      ex.sendResponseHeaders(outcome.status(), -1);
      return;
    }
    byte[] bytes = mapper.writeValueAsBytes(outcome.body());
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(outcome.status(), bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
