package io.scalecrm.kafka.connect;

import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A sandbox with the tests' products, and the connector settings that point at it. */
final class TestScale implements AutoCloseable {
  static final String SYSTEM = "salesforce";
  static final String ISSUER = "scale-crm-kafka-tests";
  static final SandboxProduct PRO = SandboxProduct.of("pro-annual", "Acme Pro", "export", "api");
  static final SandboxProduct BASIC = SandboxProduct.of("basic", "Acme Basic", "view");

  final ScaleSandbox sandbox;
  final Path skuMapFile;

  private TestScale(ScaleSandbox sandbox, Path skuMapFile) {
    this.sandbox = sandbox;
    this.skuMapFile = skuMapFile;
  }

  static TestScale start() {
    ScaleSandbox sandbox =
        ScaleSandbox.builder().generateKey().issuer(ISSUER).threads(32).build().start();
    sandbox.seedProductConfiguration(PRO);
    sandbox.seedProductConfiguration(BASIC);
    try {
      Path file = Files.createTempFile("sku-map", ".csv");
      Files.writeString(
          file,
          "sku,productConfigId\nPRO-1Y,"
              + PRO.productConfigId()
              + "\nBASIC,"
              + BASIC.productConfigId()
              + "\n",
          StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      return new TestScale(sandbox, file);
    } catch (IOException e) {
      sandbox.close();
      throw new UncheckedIOException(e);
    }
  }

  /** The values the README's connector JSON reads through {@code ${env:...}}. */
  Map<String, String> environment() {
    return Map.of(
        "SCALE_API_URL", sandbox.baseUrl().toString(),
        "SCALE_JWT_KEY_ID", sandbox.generatedKeyId(),
        "SCALE_JWT_ISSUER", ISSUER,
        "SCALE_JWT_SUBJECT", "kafka-connect-tests",
        "SCALE_PRIVATE_KEY", sandbox.generatedPrivateKeyPem(),
        "SCALE_SKU_MAP_FILE", skuMapFile.toString());
  }

  /** Task or connector settings with the values filled in. */
  Map<String, String> taskProps() {
    Map<String, String> env = environment();
    Map<String, String> p = new HashMap<>();
    p.put(ScaleSinkConfig.API_URL, env.get("SCALE_API_URL"));
    p.put(ScaleSinkConfig.KEY_ID, env.get("SCALE_JWT_KEY_ID"));
    p.put(ScaleSinkConfig.ISSUER, env.get("SCALE_JWT_ISSUER"));
    p.put(ScaleSinkConfig.SUBJECT, env.get("SCALE_JWT_SUBJECT"));
    p.put(ScaleSinkConfig.PRIVATE_KEY, env.get("SCALE_PRIVATE_KEY"));
    p.put(ScaleSinkConfig.SYSTEM, SYSTEM);
    p.put(ScaleSinkConfig.SKU_MAP_FILE, env.get("SCALE_SKU_MAP_FILE"));
    p.put(ScaleSinkConfig.RETRY_BACKOFF_MS, "100");
    return p;
  }

  @Override
  public void close() {
    sandbox.close();
    try {
      Files.deleteIfExists(skuMapFile);
    } catch (IOException e) {
      // a temp file
    }
  }
}
