package io.scalecrm.client;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the SDK needs to sign Scale JWTs: the key id and issuer registered with the API key in the
 * Scale console ({@code SETTINGS → API Keys}), the subject, the RSA private key, the permissions
 * claim and the token lifetime.
 *
 * <p>Scale has no token endpoint: the SDK mints and signs each JWT itself (RS256) and sends it as
 * {@code Authorization: ScaleJwt <jwt>}. Build instances with {@link #builder()}:
 *
 * <pre>{@code
 * ScaleJwtCredentials credentials = ScaleJwtCredentials.builder()
 *     .keyId("crm-sync-2026")
 *     .issuer("acme-crm-sync")
 *     .subject("crm-sync@acme.example")
 *     .privateKeyFile(Path.of("/run/secrets/scale-key.pem"))
 *     .build();
 * }</pre>
 *
 * <p>The private key must be an RSA key of at least 2048 bits in PKCS#8 PEM ({@code -----BEGIN
 * PRIVATE KEY-----}). A PKCS#1 key ({@code -----BEGIN RSA PRIVATE KEY-----}) can be converted with
 * {@code openssl pkcs8 -topk8 -nocrypt -in scale-key.pem -out scale-key-pkcs8.pem}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the key id, issuer and subject only.
 */
public final class ScaleJwtCredentials {
  /** Scale's minimum RSA key size. */
  static final int MIN_RSA_BITS = 2048;

  private final String keyId;
  private final String issuer;
  private final String subject;
  private final PrivateKey privateKey;
  private final List<String> permissions;
  private final Duration validity;
  private final Duration refreshLeeway;
  private final Duration clockSkew;

  private ScaleJwtCredentials(Builder b, PrivateKey privateKey) {
    this.keyId = b.keyId;
    this.issuer = b.issuer;
    this.subject = b.subject;
    this.privateKey = privateKey;
    this.permissions = List.copyOf(b.permissions);
    this.validity = b.validity;
    this.refreshLeeway = b.refreshLeeway;
    this.clockSkew = b.clockSkew;
  }

  /**
   * Starts building credentials.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The key id ({@code kid} header) registered in the Scale console.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The issuer ({@code iss} claim) registered with the key in the Scale console.
   *
   * @return the issuer
   */
  public String issuer() {
    return issuer;
  }

  /**
   * The subject ({@code sub} claim): the calling identity.
   *
   * @return the subject
   */
  public String subject() {
    return subject;
  }

  /**
   * The {@code permissions} claim, e.g. {@code ["*.*"]}.
   *
   * @return an unmodifiable list
   */
  public List<String> permissions() {
    return permissions;
  }

  /**
   * The lifetime of each token ({@code exp - iat}). As {@code iat} is backdated by {@link
   * #clockSkew()}, a token stays valid for {@code validity - clockSkew} after it is minted.
   *
   * @return the validity
   */
  public Duration validity() {
    return validity;
  }

  /**
   * How long before its expiry a cached token is replaced by a new one.
   *
   * @return the leeway
   */
  public Duration refreshLeeway() {
    return refreshLeeway;
  }

  /**
   * How far {@code iat} is backdated, so that a Scale server whose clock runs a little behind ours
   * does not reject a token as issued in the future.
   *
   * @return the backdating of {@code iat}
   */
  public Duration clockSkew() {
    return clockSkew;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "ScaleJwtCredentials[keyId="
        + keyId
        + ", issuer="
        + issuer
        + ", subject="
        + subject
        + "]";
  }

  /**
   * Builds {@link ScaleJwtCredentials}. Exactly one of {@link #privateKey}, {@link #privateKeyPem}
   * and {@link #privateKeyFile} must be given. Not thread-safe.
   */
  public static final class Builder {
    private String keyId;
    private String issuer;
    private String subject;
    private PrivateKey privateKey;
    private String privateKeyPem;
    private String privateKeyPemSource = "the private key PEM text";
    private Path privateKeyFile;
    private List<String> permissions = List.of("*.*");
    private Duration validity = Duration.ofMinutes(5);
    private Duration refreshLeeway = Duration.ofSeconds(30);
    private Duration clockSkew = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets the key id ({@code kid}) registered in the Scale console. Required.
     *
     * @param keyId the key id
     * @return this builder
     */
    public Builder keyId(String keyId) {
      this.keyId = keyId;
      return this;
    }

    /**
     * Sets the issuer ({@code iss}) registered with the key. Required.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    /**
     * Sets the subject ({@code sub}), the calling identity. Required.
     *
     * @param subject the subject
     * @return this builder
     */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Sets the RSA private key (at least 2048 bits).
     *
     * @param privateKey the key
     * @return this builder
     */
    public Builder privateKey(PrivateKey privateKey) {
      this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Sets the RSA private key as PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @param pem the PEM text
     * @return this builder
     */
    public Builder privateKeyPem(String pem) {
      this.privateKeyPem = Objects.requireNonNull(pem, "pem");
      return this;
    }

    Builder privateKeyPem(String pem, String source) {
      privateKeyPem(pem);
      this.privateKeyPemSource = source;
      return this;
    }

    /**
     * Sets a file holding the RSA private key as PKCS#8 PEM; the file is read by {@link #build()}.
     *
     * @param file the PEM file
     * @return this builder
     */
    public Builder privateKeyFile(Path file) {
      this.privateKeyFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Sets the {@code permissions} claim. Default {@code ["*.*"]} (all resources, all actions).
     *
     * @param permissions permissions of the form {@code Resource.permission}, not empty
     * @return this builder
     */
    public Builder permissions(List<String> permissions) {
      this.permissions = new ArrayList<>(Objects.requireNonNull(permissions, "permissions"));
      return this;
    }

    /**
     * Sets the lifetime of each token. Default 5 minutes: short enough that a leaked token is soon
     * useless, long enough that a busy sync mints only a few tokens an hour.
     *
     * @param validity at least one second, and longer than the refresh leeway
     * @return this builder
     */
    public Builder validity(Duration validity) {
      this.validity = Objects.requireNonNull(validity, "validity");
      return this;
    }

    /**
     * Sets how long before expiry a cached token is replaced. Default 30 seconds, so a token never
     * expires in flight, even with a slow request or a few seconds of clock skew.
     *
     * @param refreshLeeway not negative, shorter than the validity
     * @return this builder
     */
    public Builder refreshLeeway(Duration refreshLeeway) {
      this.refreshLeeway = Objects.requireNonNull(refreshLeeway, "refreshLeeway");
      return this;
    }

    /**
     * Sets how far {@code iat} is backdated. Default 30 seconds: a Scale server whose clock is up
     * to that much behind ours still accepts a new token. {@code exp} stays {@code iat + validity},
     * so a token is used for at most {@code validity - clockSkew - refreshLeeway} after it is
     * minted.
     *
     * @param clockSkew not negative; {@code clockSkew + refreshLeeway} shorter than the validity
     * @return this builder
     */
    public Builder clockSkew(Duration clockSkew) {
      this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
      return this;
    }

    /**
     * Checks the settings, loads the key and creates the credentials.
     *
     * @return the credentials
     * @throws IllegalArgumentException when a setting is missing or invalid, or the key cannot be
     *     used (the message never contains key material)
     */
    public ScaleJwtCredentials build() {
      requireText(keyId, "keyId");
      requireText(issuer, "issuer");
      requireText(subject, "subject");
      if (permissions.isEmpty()) {
        throw new IllegalArgumentException("permissions must not be empty (default is [\"*.*\"])");
      }
      for (String p : permissions) {
        if (p == null || p.isBlank()) {
          throw new IllegalArgumentException("permissions must not contain null or blank entries");
        }
      }
      if (validity.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("validity must be at least 1 second, got " + validity);
      }
      if (refreshLeeway.isNegative() || refreshLeeway.compareTo(validity) >= 0) {
        throw new IllegalArgumentException(
            "refreshLeeway must be at least zero and shorter than validity ("
                + validity
                + "), got "
                + refreshLeeway);
      }
      if (clockSkew.isNegative() || clockSkew.plus(refreshLeeway).compareTo(validity) >= 0) {
        throw new IllegalArgumentException(
            "clockSkew must be at least zero, and clockSkew + refreshLeeway shorter than validity ("
                + validity
                + "), got clockSkew "
                + clockSkew
                + " and refreshLeeway "
                + refreshLeeway);
      }
      int sources =
          (privateKey != null ? 1 : 0)
              + (privateKeyPem != null ? 1 : 0)
              + (privateKeyFile != null ? 1 : 0);
      if (sources != 1) {
        throw new IllegalArgumentException(
            "Give exactly one of privateKey, privateKeyPem and privateKeyFile (got "
                + sources
                + ")");
      }
      PrivateKey key;
      if (privateKey != null) {
        key = privateKey;
      } else if (privateKeyPem != null) {
        key = PemKeys.fromPem(privateKeyPem, privateKeyPemSource);
      } else {
        key = PemKeys.fromFile(privateKeyFile);
      }
      checkKey(key);
      return new ScaleJwtCredentials(this, key);
    }

    private static void requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " is required and must not be blank");
      }
    }

    private static void checkKey(PrivateKey key) {
      if (!"RSA".equalsIgnoreCase(key.getAlgorithm())) {
        throw new IllegalArgumentException(
            "Scale JWTs are signed with RS256, which needs an RSA private key; got a "
                + key.getAlgorithm()
                + " key");
      }
      if (key instanceof RSAKey) {
        int bits = ((RSAKey) key).getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
          throw new IllegalArgumentException(
              "The RSA key has "
                  + bits
                  + " bits; Scale requires at least "
                  + MIN_RSA_BITS
                  + ". Create a new key pair (e.g. openssl genpkey -algorithm RSA -pkeyopt"
                  + " rsa_keygen_bits:3072 -out scale-key.pem) and register its public key in the"
                  + " Scale console");
        }
      }
      try {
        Signature.getInstance("SHA256withRSA").initSign(key);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "The private key cannot sign SHA256withRSA (" + e.getClass().getSimpleName() + ")",
            null);
      }
    }
  }
}
