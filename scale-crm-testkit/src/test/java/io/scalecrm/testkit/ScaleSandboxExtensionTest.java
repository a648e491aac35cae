package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.model.Licensee;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleSandboxExtensionTest {

  @RegisterExtension
  static ScaleSandboxExtension ext =
      new ScaleSandboxExtension(b -> b.issuer("scale-crm-sync-tests"))
          .seed(SandboxProduct.of("p", "P"));

  static ScaleSandbox first;

  @BeforeAll
  static void resolvesInBeforeAll(ScaleSandbox sandbox) {
    first = sandbox;
    assertThat(sandbox.baseUrl().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  @Order(1)
  void resolvesTheSandbox(ScaleSandbox sandbox) throws Exception {
    assertThat(sandbox).isSameAs(first).isSameAs(ext.sandbox());
    Clients.of(sandbox).licensees.setupOrganization(new Licensee().name("Left behind"));
    sandbox.faults().throttleNext(100, "1");
    assertThat(sandbox.snapshot().licensees()).hasSize(1);
  }

  @Test
  @Order(2)
  void resetsStateJournalAndFaultsBeforeEachTest(ScaleSandbox sandbox) throws Exception {
    assertThat(sandbox.snapshot().licensees()).isEmpty();
    assertThat(sandbox.journal().entries()).isEmpty();
    Clients.of(sandbox).licensees.listLicensees(null, null, null, null); // not throttled
  }

  @Nested
  class Nested1 {
    @Test
    void sharesTheOuterSandbox(ScaleSandbox sandbox) {
      assertThat(sandbox).isSameAs(first);
      assertThat(sandbox.snapshot().licensees()).isEmpty();
    }
  }
}
