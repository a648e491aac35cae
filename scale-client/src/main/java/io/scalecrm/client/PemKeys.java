package io.scalecrm.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads RSA private keys from PKCS#8 PEM text. Error messages name the source but never repeat any
 * part of the key text.
 */
final class PemKeys {
  static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  static final String END = "-----END PRIVATE KEY-----";
  static final String PKCS1_HINT =
      "it is a PKCS#1 key ('BEGIN RSA PRIVATE KEY'); only PKCS#8 ('BEGIN PRIVATE KEY') is"
          + " supported. Convert it with: openssl pkcs8 -topk8 -nocrypt -in scale-key.pem -out"
          + " scale-key-pkcs8.pem";

  private PemKeys() {}

  static PrivateKey fromFile(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the Scale private key file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          null);
    }
    try {
      return fromPem(
          new String(bytes, StandardCharsets.ISO_8859_1), "the private key file " + file);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Parses a PKCS#8 PEM RSA private key.
   *
   * @param pem the PEM text; literal {@code \n} sequences (as found in some environment files) are
   *     read as line breaks
   * @param source names where the text came from, for messages
   */
  static PrivateKey fromPem(String pem, String source) {
    String text = pem.replace("\\n", "\n").replace("\\r", "\r");
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      throw new IllegalArgumentException("Cannot use " + source + ": " + PKCS1_HINT);
    }
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "Cannot use "
              + source
              + ": it is an encrypted PKCS#8 key; an unencrypted one is needed. Decrypt it with:"
              + " openssl pkcs8 -in encrypted.pem -out scale-key-pkcs8.pem");
    }
    if (text.contains("-----BEGIN EC PRIVATE KEY-----")
        || text.contains("-----BEGIN OPENSSH PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "Cannot use "
              + source
              + ": Scale JWTs are signed with RS256, which needs an RSA private key in PKCS#8"
              + " PEM ('BEGIN PRIVATE KEY')");
    }
    if (text.contains("-----BEGIN PUBLIC KEY-----") || text.contains("-----BEGIN CERTIFICATE")) {
      throw new IllegalArgumentException(
          "Cannot use "
              + source
              + ": it holds a public key or certificate; the SDK needs the private key"
              + " ('BEGIN PRIVATE KEY'). The public key is what you register in the Scale console");
    }
    int begin = text.indexOf(BEGIN);
    int end = begin < 0 ? -1 : text.indexOf(END, begin + BEGIN.length());
    if (begin < 0 || end < 0) {
      throw new IllegalArgumentException(
          "Cannot use "
              + source
              + ": it is not a PEM-encoded PKCS#8 private key (expected the text between '"
              + BEGIN
              + "' and '"
              + END
              + "'; a binary DER key can be converted with: openssl pkcs8 -topk8 -nocrypt -inform"
              + " DER -in scale-key.der -out scale-key-pkcs8.pem)");
    }
    String base64 = text.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot use " + source + ": the PEM body is not valid base64", null);
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new IllegalArgumentException(
          "Cannot use "
              + source
              + ": the PKCS#8 data is malformed or is not an RSA key (Scale JWTs need RSA, RS256)",
          null);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no RSA KeyFactory", e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }
}
