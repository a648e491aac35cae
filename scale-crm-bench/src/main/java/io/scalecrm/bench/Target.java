package io.scalecrm.bench;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.testkit.ScaleSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** A sandbox in this JVM, and connections to it. */
final class Target implements AutoCloseable {
  static final String PRINCIPAL = "scale-crm-bench";
  static final String PRINCIPAL_KEY_ID = ScaleSandbox.GENERATED_KEY_ID;

  final ScaleSandbox sandbox;

  private Target(ScaleSandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** Starts a sandbox with {@code threads} request threads, seeded with the export's products. */
  static Target start(int threads) {
    ScaleSandbox sandbox = ScaleSandbox.builder().threads(threads).generateKey().build().start();
    sandbox.seedProductConfiguration(Export.PRO);
    sandbox.seedProductConfiguration(Export.BASIC);
    return new Target(sandbox);
  }

  /** Forgets every entity and call, then injects {@code latencyMs} per call. */
  void reset(int latencyMs) {
    sandbox.reset();
    if (latencyMs > 0) {
      sandbox.faults().latency(Duration.ofMillis(latencyMs));
    }
  }

  ScaleConnection connect() {
    return connect(sandbox.baseUrl(), sandbox.generatedPrivateKeyPem());
  }

  static ScaleConnection connect(URI baseUrl, String privateKeyPem) {
    return ScaleConnection.builder()
        .baseUrl(baseUrl)
        .credentials(
            ScaleJwtCredentials.builder()
                .keyId(ScaleSandbox.GENERATED_KEY_ID)
                .issuer(PRINCIPAL)
                .subject(PRINCIPAL)
                .privateKeyPem(privateKeyPem)
                .build())
        .userAgentSuffix(PRINCIPAL)
        .build();
  }

  /** The calls received since the last reset, per operation. */
  Map<String, Long> calls() {
    Map<String, Long> out = new TreeMap<>();
    sandbox.journal().counts().forEach((op, n) -> out.put(op, n.longValue()));
    return out;
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
