package io.scalecrm.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Mints, signs (RS256) and caches Scale JWTs. {@code iat} is backdated by {@link
 * ScaleJwtCredentials#clockSkew()} and {@code exp} is {@code iat + validity}. A cached token is
 * reused until {@code exp - refreshLeeway}, measured with the injected clock. Thread-safe.
 */
final class ScaleJwtTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final ScaleJwtCredentials credentials;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final String encodedHeader;
  private volatile Token current;

  private static final class Token {
    final String jwt;
    final Instant refreshAt;

    Token(String jwt, Instant refreshAt) {
      this.jwt = jwt;
      this.refreshAt = refreshAt;
    }
  }

  ScaleJwtTokens(ScaleJwtCredentials credentials, Clock clock) {
    this.credentials = credentials;
    this.clock = clock;
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.put("kid", credentials.keyId());
    this.encodedHeader = encodeJson(header);
  }

  /** The current token, minting a new one when the cached one is due for renewal. */
  String token() {
    Token t = current;
    if (t != null && clock.instant().isBefore(t.refreshAt)) {
      return t.jwt;
    }
    synchronized (this) {
      t = current;
      Instant now = clock.instant();
      if (t == null || !now.isBefore(t.refreshAt)) {
        t = mint(now);
        current = t;
      }
      return t.jwt;
    }
  }

  /**
   * Forgets the cached token when it is the one Scale refused, so the next request carries a newly
   * minted one (after a 401 or 403). A token minted since by another thread is kept.
   *
   * @param refused the token the refused request carried, or {@code null} when not known
   */
  void invalidate(String refused) {
    synchronized (this) {
      Token t = current;
      if (t != null && (refused == null || t.jwt.equals(refused))) {
        current = null;
      }
    }
  }

  private Token mint(Instant now) {
    long iat = now.minus(credentials.clockSkew()).getEpochSecond();
    long exp = iat + credentials.validity().getSeconds();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", credentials.issuer());
    claims.put("sub", credentials.subject());
    claims.put("iat", iat);
    claims.put("exp", exp);
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("permissions", credentials.permissions());
    String signingInput = encodedHeader + "." + encodeJson(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(credentials.privateKey());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      String jwt = signingInput + "." + B64.encodeToString(signature.sign());
      Instant refreshAt = Instant.ofEpochSecond(exp).minus(credentials.refreshLeeway());
      return new Token(jwt, refreshAt);
    } catch (GeneralSecurityException e) {
      throw new ScaleException(
          "Cannot sign the Scale JWT for key id "
              + credentials.keyId()
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          null,
          false);
    }
  }

  private String encodeJson(Map<String, Object> value) {
    try {
      return B64.encodeToString(json.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize JWT JSON", e);
    }
  }
}
