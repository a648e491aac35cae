package io.scalecrm.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.client.invoker.ApiClient;
import java.net.http.HttpClient;

/**
 * The generated {@link ApiClient} builds a new {@link HttpClient} (with its own connection pool and
 * selector thread) on every {@link #getHttpClient()} call; this one hands out one shared client.
 */
final class SharedApiClient extends ApiClient {
  private final HttpClient httpClient;

  SharedApiClient(HttpClient httpClient, ObjectMapper mapper, String baseUri) {
    super(HttpClient.newBuilder(), mapper, baseUri);
    this.httpClient = httpClient;
  }

  @Override
  public HttpClient getHttpClient() {
    return httpClient;
  }
}
