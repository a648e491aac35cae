package io.scalecrm.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks the {@code Authorization: ScaleJwt <jwt>} header of a request: RS256 only, a trusted
 * {@code kid}, a valid signature, {@code exp} in the future and {@code iat} not in the future (60
 * seconds of clock skew allowed either way, by the sandbox's clock) and, when configured, the
 * issuer. Every failure is a 401 whose description never contains the token.
 */
final class JwtVerifier {

  static final long SKEW_SECONDS = 60;
  private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]*");

  private final Map<String, PublicKey> keys;
  private final @Nullable String issuer;
  private final Clock clock;
  private final ObjectMapper mapper;

  JwtVerifier(
      Map<String, PublicKey> keys, @Nullable String issuer, Clock clock, ObjectMapper mapper) {
    this.keys = Map.copyOf(keys);
    this.issuer = issuer;
    this.clock = clock;
    this.mapper = mapper;
  }

  /** Throws a 401 {@link ApiError} unless the header carries an acceptable Scale JWT. */
  void verify(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw ApiError.unauthorized("Missing Authorization header (expected: ScaleJwt <jwt>)");
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!scheme.equalsIgnoreCase("ScaleJwt")) {
      throw ApiError.unauthorized("The Authorization scheme must be ScaleJwt");
    }
    String token = space < 0 ? "" : value.substring(space + 1).strip();
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw ApiError.unauthorized("The ScaleJwt is not a compact JWS (header.payload.signature)");
    }
    for (String p : parts) {
      if (!B64URL.matcher(p).matches()) {
        throw ApiError.unauthorized("The ScaleJwt is not base64url-encoded");
      }
    }
    JsonNode header = decodeJson(parts[0], "header");
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual() || !alg.textValue().equals("RS256")) {
      throw ApiError.unauthorized("The ScaleJwt must be signed with RS256");
    }
    JsonNode kid = header.get("kid");
    if (kid == null || !kid.isTextual()) {
      throw ApiError.unauthorized("The ScaleJwt header has no kid");
    }
    PublicKey key = keys.get(kid.textValue());
    if (key == null) {
      throw ApiError.unauthorized("The ScaleJwt names a key id that is not registered");
    }
    if (!signatureValid(key, parts)) {
      throw ApiError.unauthorized("The ScaleJwt signature is not valid");
    }
    JsonNode claims = decodeJson(parts[1], "payload");
    long now = clock.instant().getEpochSecond();
    long exp = numericClaim(claims, "exp");
    if (now > exp + SKEW_SECONDS) {
      throw ApiError.unauthorized("The ScaleJwt has expired");
    }
    long iat = numericClaim(claims, "iat");
    if (iat > now + SKEW_SECONDS) {
      throw ApiError.unauthorized("The ScaleJwt was issued in the future (iat)");
    }
    if (issuer != null) {
      JsonNode iss = claims.get("iss");
      if (iss == null || !iss.isTextual() || !iss.textValue().equals(issuer)) {
        throw ApiError.unauthorized("The ScaleJwt issuer (iss) is not the registered one");
      }
    }
  }

  private JsonNode decodeJson(String part, String what) {
    try {
      JsonNode node = mapper.readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw ApiError.unauthorized("The ScaleJwt " + what + " is not a JSON object");
      }
      return node;
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw ApiError.unauthorized("The ScaleJwt " + what + " is not valid JSON");
    }
  }

  private static boolean signatureValid(PublicKey key, String[] parts) {
    try {
      byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static long numericClaim(JsonNode claims, String name) {
    JsonNode v = claims.get(name);
    if (v == null || !v.isNumber()) {
      throw ApiError.unauthorized("The ScaleJwt has no numeric '" + name + "' claim");
    }
    return v.asLong();
  }
}
