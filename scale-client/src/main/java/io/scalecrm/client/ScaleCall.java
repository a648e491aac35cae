package io.scalecrm.client;

import io.scalecrm.client.invoker.ApiException;

/**
 * One call of the generated client, e.g. {@code () -> connection.licensees().getLicensee(id)}, to
 * be run by {@link ScaleConnection#call}.
 *
 * <p>Each {@link #execute()} must send at most one HTTP request: it is run once per attempt, so a
 * retry sends the request again (with a fresh Scale JWT when the old one is about to expire).
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ScaleCall<T> {
  /**
   * Sends the request and returns the decoded answer.
   *
   * @return the result
   * @throws ApiException as thrown by the generated client; {@link ScaleConnection#call} translates
   *     it
   */
  T execute() throws ApiException;
}
