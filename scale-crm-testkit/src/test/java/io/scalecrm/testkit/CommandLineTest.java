package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.client.model.GrantByProductConfigRequest;
import io.scalecrm.client.model.Licensee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

  @Test
  void launchesWithProductsAndWritesAUsableKey(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("sandbox.pem");
    try (ScaleSandbox sandbox =
        ScaleSandbox.launch(
            new String[] {
              "--port",
              "0",
              "--product",
              "pro-annual:export,sso",
              "--product",
              "basic",
              "--key-out",
              pem.toString(),
              "--issuer",
              "cli-tests"
            })) {
      String text = Files.readString(pem);
      assertThat(text)
          .startsWith("-----BEGIN PRIVATE KEY-----\n")
          .isEqualTo(sandbox.generatedPrivateKeyPem());
      String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
      Clients api =
          Clients.withAuthorization(
              sandbox, TestJwt.with(key, sandbox.generatedKeyId()).issuer("cli-tests")::header);
      Licensee l = api.licensees.setupOrganization(new Licensee().name("CLI"));
      assertThat(
              api.licenses
                  .grantLicensesByProductConfig(
                      l.getId(),
                      new GrantByProductConfigRequest()
                          .productConfigId(SandboxProduct.idFor("pro-annual")))
                  .get(0)
                  .getFeatureNames())
          .isEqualTo("export,sso");
    }
  }

  @Test
  void rejectsUnknownOptions() {
    assertThatThrownBy(() -> ScaleSandbox.launch(new String[] {"--colour", "red"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> ScaleSandbox.launch(new String[] {"--port"}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
