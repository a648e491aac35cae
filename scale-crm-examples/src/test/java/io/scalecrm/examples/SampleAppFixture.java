package io.scalecrm.examples;

import io.scalecrm.examples.runner.StopSignal;
import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the sample apps' end-to-end tests share: a sandbox seeded with the contract data's SKUs, the
 * environment an app reads its Scale settings from, and running an app with captured output.
 */
public final class SampleAppFixture implements AutoCloseable {
  /** The SKUs of {@code ContractData.standard()}. */
  public static final String[] SKUS = {"PRO-SEATS", "BASIC-SEATS", "API-CALLS", "ANALYTICS"};

  /** The sandbox. */
  public final ScaleSandbox scale = ScaleSandbox.startWithGeneratedKey();

  /** The environment: SCALE_* settings and SKU_MAP; tests add the CRM's settings. */
  public final Map<String, String> env = new HashMap<>();

  /** A sample app's {@code run(args, env, out, err, stop)}. */
  @FunctionalInterface
  public interface App {
    /**
     * Runs the app.
     *
     * @param args the command line
     * @param env the environment
     * @param out standard output
     * @param err standard error
     * @param stop the graceful-stop signal
     * @return the exit code
     */
    int run(
        String[] args, Map<String, String> env, PrintStream out, PrintStream err, StopSignal stop);
  }

  /**
   * Starts the sandbox, seeds the SKUs and writes the SKU map into {@code dir}.
   *
   * @param dir a temporary directory
   * @param appName the app's name, used as JWT issuer and subject
   * @throws IOException when the SKU map cannot be written
   */
  public SampleAppFixture(Path dir, String appName) throws IOException {
    StringBuilder skuMap = new StringBuilder("sku,productConfigId\n");
    for (String sku : SKUS) {
      SandboxProduct product = scale.seedProductConfiguration(SandboxProduct.of(sku, sku));
      skuMap.append(sku).append(',').append(product.productConfigId()).append('\n');
    }
    env.put("SKU_MAP", Files.writeString(dir.resolve("skus.csv"), skuMap).toString());
    env.put("SCALE_API_URL", scale.baseUrl().toString());
    env.put("SCALE_JWT_KEY_ID", scale.generatedKeyId());
    env.put("SCALE_JWT_ISSUER", appName);
    env.put("SCALE_JWT_SUBJECT", appName);
    env.put("SCALE_PRIVATE_KEY", scale.generatedPrivateKeyPem());
  }

  /**
   * An app run: its exit code, and what it printed to standard output and standard error.
   *
   * @param exitCode the exit code
   * @param output standard output
   * @param errors standard error
   */
  public record Run(int exitCode, String output, String errors) {}

  /**
   * Runs an app with this environment.
   *
   * @param app the app's run method
   * @param args the command line
   * @return the exit code and output
   */
  public Run run(App app, String... args) {
    return run(app, env, args);
  }

  /**
   * Runs an app with the given environment.
   *
   * @param app the app's run method
   * @param env the environment
   * @param args the command line
   * @return the exit code and output
   */
  public static Run run(App app, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        app.run(
            args,
            Map.copyOf(env),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new StopSignal());
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    scale.close();
  }
}
