package io.scalecrm.testkit;

import java.time.Instant;
import java.util.Objects;

/**
 * One request that a {@link ScaleSandbox} received.
 *
 * @param operationId the spec's operationId, for example {@code "setupOrganization"}, or {@code
 *     "unknown"} for a path the spec does not have
 * @param method the HTTP method
 * @param path the request path, without the query string
 * @param status the status answered, or {@link #NO_RESPONSE} when the connection was dropped
 *     without an answer (a fault)
 * @param at when the request arrived, by the sandbox's clock
 */
public record JournalEntry(String operationId, String method, String path, int status, Instant at) {

  /** The {@link #status()} of a request whose connection was dropped without an answer. */
  public static final int NO_RESPONSE = 0;

  /**
   * Checks that nothing is null.
   *
   * @param operationId the spec's operationId, or {@code "unknown"}
   * @param method the HTTP method
   * @param path the request path, without the query string
   * @param status the status answered, or {@link #NO_RESPONSE}
   * @param at when the request arrived, by the sandbox's clock
   */
  public JournalEntry {
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(at, "at");
  }
}
