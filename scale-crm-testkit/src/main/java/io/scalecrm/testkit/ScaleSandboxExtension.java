package io.scalecrm.testkit;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one {@link ScaleSandbox} per test class and gives every test a clean one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static ScaleSandboxExtension sandbox =
 *     new ScaleSandboxExtension().seed(SandboxProduct.of("pro", "Pro", "export"));
 *
 * @Test
 * void syncs(ScaleSandbox scale) { ... scale.baseUrl() ... scale.snapshot() ... }
 * }</pre>
 *
 * <p>Lifecycle: the sandbox (with a generated key) starts before the first test of the class that
 * registers the extension and stops after its last test, nested classes included. <b>Before each
 * test it is {@linkplain ScaleSandbox#reset() reset}</b>: licensees, consumers, containers, grants,
 * licenses, the journal and the faults are dropped, while seeded products and trusted keys stay, so
 * tests cannot see each other's data and need not clean up. Register it in a {@code static} field;
 * test methods, {@code @BeforeEach} and {@code @BeforeAll} methods may declare a {@link
 * ScaleSandbox} parameter.
 */
public final class ScaleSandboxExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

  private final Consumer<ScaleSandbox.Builder> configure;
  private final List<SandboxProduct> products = new CopyOnWriteArrayList<>();
  private @Nullable ScaleSandbox sandbox;
  private @Nullable String ownerId;

  /** An extension whose sandbox trusts a generated key and nothing else. */
  public ScaleSandboxExtension() {
    this(b -> {});
  }

  /**
   * An extension whose sandbox builder is further configured, for example with an issuer, a clock
   * or more trusted keys. A key is always generated.
   *
   * @param configure changes to the builder
   */
  public ScaleSandboxExtension(Consumer<ScaleSandbox.Builder> configure) {
    this.configure = Objects.requireNonNull(configure, "configure");
  }

  /**
   * Seeds product configurations when the sandbox starts (immediately when it runs); they survive
   * the reset before each test.
   *
   * @param toSeed the product configurations
   * @return this extension
   */
  public ScaleSandboxExtension seed(SandboxProduct... toSeed) {
    List<SandboxProduct> list = List.of(toSeed);
    products.addAll(list);
    synchronized (this) {
      if (sandbox != null) {
        list.forEach(sandbox::seedProductConfiguration);
      }
    }
    return this;
  }

  /**
   * The running sandbox.
   *
   * @return the sandbox
   * @throws IllegalStateException outside the test class's lifecycle
   */
  public synchronized ScaleSandbox sandbox() {
    if (sandbox == null) {
      throw new IllegalStateException("The sandbox runs only while the test class runs");
    }
    return sandbox;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (sandbox != null) {
      return; // a nested class: keep the outer class's sandbox
    }
    ScaleSandbox.Builder b = ScaleSandbox.builder().generateKey();
    configure.accept(b);
    ScaleSandbox s = b.build().start();
    products.forEach(s::seedProductConfiguration);
    sandbox = s;
    ownerId = context.getUniqueId();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (sandbox != null && context.getUniqueId().equals(ownerId)) {
      sandbox.close();
      sandbox = null;
      ownerId = null;
    }
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (sandbox == null) {
      throw new ExtensionConfigurationException(
          "ScaleSandboxExtension must be registered in a static field (@RegisterExtension static)");
    }
    sandbox.reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ScaleSandbox.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return sandbox();
  }
}
