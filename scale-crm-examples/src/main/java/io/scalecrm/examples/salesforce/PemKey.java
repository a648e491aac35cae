package io.scalecrm.examples.salesforce;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads an RSA private key from PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}) with the JDK.
 * Messages say what is wrong with the text, never quote it.
 */
final class PemKey {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PemKey() {}

  /**
   * Parses the key.
   *
   * @param pem the PEM text
   * @return the RSA private key
   * @throws IllegalArgumentException saying why the text is not such a key
   */
  static PrivateKey rsa(String pem) {
    if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8 with: openssl pkcs8"
              + " -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
    }
    if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "is an encrypted key; decrypt it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in"
              + " key.pem -out key-pkcs8.pem");
    }
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("is not a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
    }
    String base64 = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a readable RSA private key in PKCS#8 PEM", null);
    }
  }
}
