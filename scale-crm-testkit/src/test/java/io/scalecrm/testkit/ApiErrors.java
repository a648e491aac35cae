package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.client.invoker.ApiException;

/** Asserts that a generated-client call fails with a status and Scale's standard error body. */
final class ApiErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A client call that may throw the generated client's checked exception. */
  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  private ApiErrors() {}

  static ApiException expectStatus(int status, Call call) {
    ApiException e = expectApiException(call);
    assertThat(e.getCode()).as("HTTP status (body: %s)", e.getResponseBody()).isEqualTo(status);
    JsonNode body;
    try {
      body = JSON.readTree(e.getResponseBody());
    } catch (Exception parse) {
      throw new AssertionError("error body is not JSON: " + e.getResponseBody(), parse);
    }
    assertThat(body.path("code").asInt()).as("code in the error body").isEqualTo(status);
    assertThat(body.path("error").asText()).as("error in the error body").isNotBlank();
    assertThat(body.path("description").asText()).as("description").isNotBlank();
    return e;
  }

  static ApiException expectApiException(Call call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected an ApiException but got " + e, e);
    }
    throw new AssertionError("expected an ApiException but the call succeeded");
  }

  static String description(ApiException e) {
    try {
      return JSON.readTree(e.getResponseBody()).path("description").asText();
    } catch (Exception parse) {
      throw new AssertionError("error body is not JSON", parse);
    }
  }
}
