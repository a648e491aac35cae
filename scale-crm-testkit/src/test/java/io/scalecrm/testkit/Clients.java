package io.scalecrm.testkit;

import io.scalecrm.client.api.LicenseConsumersApi;
import io.scalecrm.client.api.LicenseContainersApi;
import io.scalecrm.client.api.LicenseesApi;
import io.scalecrm.client.api.LicensesApi;
import io.scalecrm.client.api.ProductsApi;
import io.scalecrm.client.invoker.ApiClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;

/** The generated client's APIs, pointed at a sandbox, with an Authorization header per request. */
final class Clients {
  final ApiClient client;
  final LicenseesApi licensees;
  final LicenseConsumersApi consumers;
  final LicenseContainersApi containers;
  final LicensesApi licenses;
  final ProductsApi products;

  private Clients(ApiClient client) {
    this.client = client;
    this.licensees = new LicenseesApi(client);
    this.consumers = new LicenseConsumersApi(client);
    this.containers = new LicenseContainersApi(client);
    this.licenses = new LicensesApi(client);
    this.products = new ProductsApi(client);
  }

  /** Signs a fresh JWT for every request. */
  static Clients of(ScaleSandbox sandbox) {
    TestJwt jwt = TestJwt.forSandbox(sandbox);
    return withAuthorization(sandbox, jwt::header);
  }

  /** Sends the given Authorization value (null: none) with every request. */
  static Clients withAuthorization(ScaleSandbox sandbox, Supplier<String> authorization) {
    ApiClient client =
        new ApiClient(
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)),
            ApiClient.createDefaultObjectMapper(),
            sandbox.baseUrl().toString());
    client.setReadTimeout(Duration.ofSeconds(10));
    client.setRequestInterceptor(
        b -> {
          String value = authorization.get();
          if (value != null) {
            b.header("Authorization", value);
          }
        });
    return new Clients(client);
  }
}
