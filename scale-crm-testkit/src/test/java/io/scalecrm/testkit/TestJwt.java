package io.scalecrm.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Signs Scale JWTs for tests with the JDK only (RS256), with knobs to make them bad. */
final class TestJwt {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final PrivateKey key;
  private String kid;
  private String alg = "RS256";
  private String issuer = "scale-crm-sync-tests";
  private Instant issuedAt;
  private long lifetimeSeconds = 300;

  private TestJwt(PrivateKey key, String kid, Instant now) {
    this.key = key;
    this.kid = kid;
    this.issuedAt = now;
  }

  static TestJwt forSandbox(ScaleSandbox sandbox) {
    return new TestJwt(
        sandbox.generatedKeyPair().orElseThrow().getPrivate(),
        sandbox.generatedKeyId(),
        Instant.now());
  }

  static TestJwt with(PrivateKey key, String kid) {
    return new TestJwt(key, kid, Instant.now());
  }

  TestJwt kid(String value) {
    this.kid = value;
    return this;
  }

  TestJwt alg(String value) {
    this.alg = value;
    return this;
  }

  TestJwt issuer(String value) {
    this.issuer = value;
    return this;
  }

  TestJwt issuedAt(Instant value) {
    this.issuedAt = value;
    return this;
  }

  TestJwt lifetimeSeconds(long value) {
    this.lifetimeSeconds = value;
    return this;
  }

  /** The compact JWS. */
  String token() {
    String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
    long iat = issuedAt.getEpochSecond();
    String claims =
        "{\"jti\":\""
            + UUID.randomUUID()
            + "\",\"iss\":\""
            + issuer
            + "\",\"sub\":\"sync-tests\",\"iat\":"
            + iat
            + ",\"exp\":"
            + (iat + lifetimeSeconds)
            + ",\"permissions\":[\"*.*\"]}";
    String input =
        B64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    if (alg.equals("none")) {
      return input + ".";
    }
    try {
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initSign(key);
      sig.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(sig.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Authorization header value. */
  String header() {
    return "ScaleJwt " + token();
  }
}
