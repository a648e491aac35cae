package io.scalecrm.examples.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scalecrm.crm.spi.CrmAdapterException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs the assertion of the OAuth 2.0 JWT-bearer flow with the JDK only: header {@code
 * {"alg":"RS256"}}, claims {@code iss}, {@code sub}, {@code aud}, {@code exp}, signed with {@code
 * SHA256withRSA}. Salesforce accepts an {@code exp} at most 3 minutes ahead; this uses {@link
 * #LIFETIME}.
 */
final class JwtBearer {

  /** How far ahead of now the assertion expires. */
  static final Duration LIFETIME = Duration.ofMinutes(2);

  private JwtBearer() {}

  static String sign(
      String issuer,
      String subject,
      String audience,
      Instant now,
      PrivateKey key,
      ObjectMapper json) {
    ObjectNode header = json.createObjectNode().put("alg", "RS256");
    ObjectNode claims =
        json.createObjectNode()
            .put("iss", issuer)
            .put("sub", subject)
            .put("aud", audience)
            .put("exp", now.plus(LIFETIME).getEpochSecond());
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      // the message of a key/provider failure names the algorithm, never the key material
      throw new CrmAdapterException(
          "Salesforce token request: could not sign the JWT assertion with SHA256withRSA ("
              + e.getClass().getSimpleName()
              + ")",
          e,
          false);
    }
  }
}
