package io.scalecrm.client.connection;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;

/** RSA test keys, generated once per test JVM (generation is slow-ish). */
final class TestKeys {
  private TestKeys() {}

  private static final class Main {
    static final KeyPair PAIR = generate(2048);
  }

  private static final class Other {
    static final KeyPair PAIR = generate(2048);
  }

  /** The key pair the tests sign with. */
  static KeyPair main() {
    return Main.PAIR;
  }

  /** An unrelated key pair, to show that verification can fail. */
  static KeyPair other() {
    return Other.PAIR;
  }

  static KeyPair generate(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PKCS#8 PEM text of a private key. */
  static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
