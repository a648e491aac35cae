package io.scalecrm.crm;

import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.SandboxSnapshot;
import io.scalecrm.testkit.ScaleSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A sandbox with two product configurations, and connections to it that sign real RS256 JWTs with
 * the sandbox's key. Retries never sleep for real.
 */
final class ScaleTestEnv implements AutoCloseable {
  static final SandboxProduct PRO = SandboxProduct.of("pro-annual", "Acme Pro", "export", "api");
  static final SandboxProduct BASIC = SandboxProduct.of("basic", "Acme Basic", "view");
  static final SkuTable SKUS =
      SkuTable.of(Map.of("PRO", PRO.productConfigId(), "BASIC", BASIC.productConfigId()));

  final ScaleSandbox sandbox;
  private final List<ScaleConnection> connections = new ArrayList<>();

  private ScaleTestEnv(ScaleSandbox sandbox) {
    this.sandbox = sandbox;
    sandbox.seedProductConfiguration(PRO);
    sandbox.seedProductConfiguration(BASIC);
  }

  static ScaleTestEnv start() {
    return new ScaleTestEnv(ScaleSandbox.startWithGeneratedKey());
  }

  private ScaleConnection shared;

  /**
   * The shared connection: retries idempotent calls a few times without sleeping. Shared, as
   * applications share one: every new connection has its own connection pool, and hundreds of idle
   * pooled connections make the JDK server close some, which clients only notice on reuse.
   */
  synchronized ScaleConnection connect() {
    if (shared == null) {
      shared = connect(RetryPolicy.exponential(4, Duration.ofMillis(1), Duration.ofMillis(4)));
    }
    return shared;
  }

  ScaleConnection connect(RetryPolicy policy) {
    ScaleConnection c =
        ScaleConnection.builder()
            .baseUrl(sandbox.baseUrl())
            .credentials(
                ScaleJwtCredentials.builder()
                    .keyId(sandbox.generatedKeyId())
                    .issuer("crm-sync-tests")
                    .subject("crm-sync-tests")
                    .privateKeyPem(sandbox.generatedPrivateKeyPem())
                    .build())
            .retryPolicy(policy)
            .sleeper(d -> {})
            .readTimeout(Duration.ofSeconds(10))
            .build();
    connections.add(c);
    return c;
  }

  CrmSync crmSync() {
    return crmSync(connect(), false);
  }

  CrmSync crmSync(ScaleConnection connection, boolean reissueOnDrift) {
    return CrmSync.builder()
        .connection(connection)
        .mapping(CrmMapping.builder("hubspot").skus(SKUS).build())
        .reissueOnDrift(reissueOnDrift)
        .ambiguityPause(java.time.Duration.ofMillis(5))
        .build();
  }

  /** Write calls the sandbox has received so far (any status). */
  int writes() {
    return sandbox.journal().writes();
  }

  /**
   * The sandbox state in CRM terms, without generated ids or timestamps, sorted; duplicates show up
   * as repeated lines. Two runs that leave the same business state give equal lists.
   */
  List<String> state() {
    SandboxSnapshot s = sandbox.snapshot();
    Map<UUID, String> naturalIds =
        s.licensees().stream()
            .collect(
                Collectors.toMap(
                    SandboxSnapshot.SnapLicensee::id, SandboxSnapshot.SnapLicensee::naturalId));
    Map<UUID, String> consumerKeys =
        s.consumers().stream()
            .collect(
                Collectors.toMap(
                    SandboxSnapshot.SnapConsumer::id,
                    c ->
                        c.externalReference() != null
                            ? c.externalReference()
                            : "email:" + c.email()));
    List<String> out = new ArrayList<>();
    s.licensees()
        .forEach(
            l ->
                out.add(
                    "licensee "
                        + l.naturalId()
                        + " "
                        + l.name()
                        + " "
                        + l.email()
                        + " "
                        + l.type()));
    s.consumers()
        .forEach(
            c ->
                out.add(
                    "consumer "
                        + consumerKeys.get(c.id())
                        + " "
                        + c.name()
                        + " "
                        + c.email()
                        + " "
                        + c.type()));
    s.grants()
        .forEach(
            g ->
                out.add(
                    "access "
                        + naturalIds.get(g.licenseeId())
                        + " "
                        + consumerKeys.get(g.consumerId())));
    s.licenses()
        .forEach(
            l ->
                out.add(
                    "license "
                        + naturalIds.get(l.licenseeId())
                        + " "
                        + l.orderReference()
                        + " qty="
                        + l.qty()
                        + " until="
                        + l.validUntil()
                        + " config="
                        + l.productConfigId()));
    out.sort(null);
    return out;
  }

  /**
   * Every duplicate key in the sandbox: the testkit's checks for licensees and consumers, and for
   * licenses the order references held by more than one <em>active</em> license of a licensee (a
   * license revoked on drift and its replacement share the reference by design).
   */
  Set<String> duplicates() {
    SandboxSnapshot s = sandbox.snapshot();
    java.time.Instant now = java.time.Instant.now();
    Set<String> out = new java.util.TreeSet<>();
    s.duplicates().stream().filter(d -> !d.startsWith("license orderReference")).forEach(out::add);
    s.licenses().stream()
        .filter(l -> l.orderReference() != null)
        .filter(l -> l.validUntil() == null || l.validUntil().isAfter(now))
        .collect(
            Collectors.groupingBy(
                l -> l.licenseeId() + " " + l.orderReference(), Collectors.counting()))
        .forEach(
            (k, n) -> {
              if (n > 1) {
                out.add("active license " + k + " x" + n);
              }
            });
    return out;
  }

  @Override
  public void close() {
    connections.forEach(ScaleConnection::close);
    sandbox.close();
  }
}
