package io.scalecrm.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful, in-memory fake of the 10Duke Scale License Management API, served over real HTTP/1.1
 * on the loopback interface, that behaves as the project's OpenAPI spec describes: every path,
 * operationId, status code and body shape, the uniqueness rules (409), lookups (404), validation
 * (400), paging headers and Scale JWT authentication (401).
 *
 * <pre>{@code
 * try (ScaleSandbox sandbox = ScaleSandbox.startWithGeneratedKey()) {
 *   SandboxProduct pro = sandbox.seedProductConfiguration(SandboxProduct.of("pro", "Pro", "export"));
 *   ScaleConnection scale = sandbox.connection(); // or connectionBuilder(), credentials()
 *   // ... then inspect sandbox.snapshot() and sandbox.journal()
 * }
 * }</pre>
 *
 * <p><b>Why the JDK's {@code com.sun.net.httpserver.HttpServer}:</b> it is part of the JDK (module
 * {@code jdk.httpserver}, a supported, exported API since Java 6), so the sandbox adds no
 * dependency to the test classpath of anyone using the kit and cannot clash with their Jetty, Netty
 * or Jackson versions; it speaks real HTTP/1.1 with keep-alive, so clients are tested over their
 * real transport; and it gives low-level control over the connection, which the fault injector
 * needs to drop connections without answering. Requests are served by a bounded pool of daemon
 * threads (16 by default).
 *
 * <p><b>Behaviour beyond the spec's wording</b> (each choice is where the spec leaves room):
 *
 * <ul>
 *   <li>State lives in one store guarded by one lock: every operation, its uniqueness checks and
 *       its writes included, is atomic, so concurrent duplicate creates yield exactly one 201.
 *   <li>Emails are unique across licensees and consumers, case-insensitively; naturalId and
 *       externalReference are unique among licensees and, separately, among consumers. The licensee
 *       created by {@code setup-user} and the PERSON consumer created with it share an email and an
 *       externalReference by design, so each is exempt from the email check against the other (also
 *       on later updates).
 *   <li>A JSON {@code null} or an empty string in a request body counts as an absent field. PUT
 *       replaces every writable field; an absent naturalId is generated anew, as on create.
 *   <li>{@code setup-user} always creates a licensee of type PERSON; its consumer copies name,
 *       email and externalReference, gets the given connectedIdentityId and a generated naturalId.
 *   <li>Licenses: {@code qty} must be 1 to 1000 for every quantity dimension (the request schema's
 *       limits).
 *   <li>Removals: {@code DELETE /licensees/{id}} deletes an organization with its containers,
 *       licenses and grants, and answers 400 for a PERSON licensee, which {@code delete-user}
 *       deletes together with the PERSON consumer that has its email (400 for an organization).
 *       Deleting a container deletes its licenses and grants; the default container cannot be
 *       deleted (400) and a licensee always keeps exactly one. Revoking access a consumer does not
 *       have is a no-op. {@code edit-validity} sets the validity window and nothing else. Deleting
 *       a consumer removes its grants.
 *   <li>{@code GET /products} lists the seeded product configurations grouped by product name.
 *   <li>Faults are evaluated before authentication (see {@link FaultInjector}).
 *   <li>Tokens, keys and Authorization headers are never logged.
 * </ul>
 *
 * <p>Instances are thread-safe. Start one per test class and {@link #reset()} between tests (or use
 * {@link ScaleSandboxExtension}).
 */
public final class ScaleSandbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleSandbox.class);

  static {
    // The JDK server writes response headers and body separately; with Nagle's algorithm on, the
    // body then waits for the client's delayed ACK (about 40 ms per request). The property is read
    // once, when the JDK server's configuration is first loaded; an explicit setting is respected.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The key id given to the key pair created by {@link Builder#generateKey()}. */
  public static final String GENERATED_KEY_ID = "sandbox-key";

  /** The issuer of {@link #credentials()} when the sandbox accepts any issuer. */
  public static final String DEFAULT_ISSUER = "scale-sandbox";

  /** The subject of {@link #credentials()}. */
  public static final String SUBJECT = "scale-sandbox-client";

  private final String host;
  private final int port;
  private final int threads;
  private final Clock clock;
  private final @Nullable String issuer;
  private final @Nullable KeyPair generatedKeyPair;
  private final ObjectMapper mapper;
  private final SandboxStore store;
  private final FaultInjector faults = new FaultInjector();
  private final CallJournal journal = new CallJournal();
  private final JwtVerifier verifier;

  private final Object lifecycle = new Object();
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;
  private @Nullable URI baseUrl;
  private boolean closed;

  private ScaleSandbox(Builder b, @Nullable KeyPair generated, Map<String, PublicKey> keys) {
    this.host = b.host;
    this.port = b.port;
    this.threads = b.threads;
    this.clock = b.clock;
    this.issuer = b.issuer;
    this.generatedKeyPair = generated;
    this.mapper =
        new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.store = new SandboxStore(clock, mapper);
    this.verifier = new JwtVerifier(keys, b.issuer, clock, mapper);
  }

  /**
   * A builder for a sandbox.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds and starts a sandbox on an ephemeral loopback port that trusts a freshly generated key
   * (see {@link Builder#generateKey()}).
   *
   * @return the started sandbox
   */
  public static ScaleSandbox startWithGeneratedKey() {
    return builder().generateKey().build().start();
  }

  /**
   * Starts serving. Calling it again on a started sandbox does nothing.
   *
   * @return this sandbox
   * @throws IllegalStateException when the sandbox was closed
   * @throws UncheckedIOException when the port cannot be bound
   */
  public ScaleSandbox start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("The sandbox was closed; build a new one");
      }
      if (server != null) {
        return this;
      }
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              threads,
              threads,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "scale-sandbox-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      HttpServer s;
      try {
        s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
      } catch (IOException e) {
        pool.shutdownNow();
        throw new UncheckedIOException("Cannot bind the Scale sandbox to " + host + ":" + port, e);
      }
      s.createContext("/", new SandboxHandler(store, verifier, faults, journal, clock, mapper));
      s.setExecutor(pool);
      s.start();
      String authority =
          host.contains(":") ? "[" + host + "]" : host; // IPv6 literals need brackets
      this.baseUrl = URI.create("http://" + authority + ":" + s.getAddress().getPort());
      this.server = s;
      this.executor = pool;
      LOG.debug("Scale sandbox listening on {}", baseUrl);
      return this;
    }
  }

  /**
   * The base URL to give the client, such as {@code http://127.0.0.1:54321} (no trailing slash).
   *
   * @return the base URL
   * @throws IllegalStateException when the sandbox is not running
   */
  public URI baseUrl() {
    synchronized (lifecycle) {
      if (baseUrl == null || closed) {
        throw new IllegalStateException("The sandbox is not running; call start()");
      }
      return baseUrl;
    }
  }

  /** Stops serving and releases the port and threads. Calling it again does nothing. */
  @Override
  public void close() {
    HttpServer s;
    ExecutorService pool;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      s = server;
      pool = executor;
      server = null;
      executor = null;
    }
    if (s != null) {
      s.stop(0);
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /**
   * The key pair created by {@link Builder#generateKey()}.
   *
   * @return the key pair, or empty when none was generated
   */
  public Optional<KeyPair> generatedKeyPair() {
    return Optional.ofNullable(generatedKeyPair);
  }

  /**
   * The key id of the generated key, {@value #GENERATED_KEY_ID}.
   *
   * @return the key id
   * @throws IllegalStateException when no key was generated
   */
  public String generatedKeyId() {
    requireGenerated();
    return GENERATED_KEY_ID;
  }

  /**
   * The generated private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), for a client
   * that signs its own JWTs. Treat it as a secret of the test: never log it.
   *
   * @return the PEM text
   * @throws IllegalStateException when no key was generated
   */
  public String generatedPrivateKeyPem() {
    KeyPair kp = requireGenerated();
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(kp.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }

  /**
   * Credentials that this sandbox accepts: the generated key, its key id {@value
   * #GENERATED_KEY_ID}, the configured issuer (or {@value #DEFAULT_ISSUER}) and the subject {@value
   * #SUBJECT}. {@code toString()} shows no key material.
   *
   * @return the credentials
   * @throws IllegalStateException when no key was generated
   */
  public ScaleJwtCredentials credentials() {
    KeyPair kp = requireGenerated();
    return ScaleJwtCredentials.builder()
        .keyId(GENERATED_KEY_ID)
        .issuer(issuer != null ? issuer : DEFAULT_ISSUER)
        .subject(SUBJECT)
        .privateKey(kp.getPrivate())
        .build();
  }

  /**
   * A connection builder already pointed at this sandbox: its base URL, {@link #credentials()} and
   * the sandbox's clock (so that tokens are valid by the clock the sandbox checks them with). Set
   * anything else (retry policy, listener, timeouts) before {@code build()}.
   *
   * @return a new builder
   * @throws IllegalStateException when the sandbox is not running or no key was generated
   */
  public ScaleConnection.Builder connectionBuilder() {
    return ScaleConnection.builder().baseUrl(baseUrl()).credentials(credentials()).clock(clock);
  }

  /**
   * A new, ready connection to this sandbox ({@link #connectionBuilder()} with the defaults). The
   * caller owns it and closes it; closing the sandbox does not.
   *
   * <pre>{@code
   * try (ScaleSandbox sandbox = ScaleSandbox.startWithGeneratedKey();
   *     ScaleConnection scale = sandbox.connection()) {
   *   scale.verify();
   * }
   * }</pre>
   *
   * @return the connection
   * @throws IllegalStateException when the sandbox is not running or no key was generated
   */
  public ScaleConnection connection() {
    return connectionBuilder().build();
  }

  private KeyPair requireGenerated() {
    if (generatedKeyPair == null) {
      throw new IllegalStateException("No key was generated; use builder().generateKey()");
    }
    return generatedKeyPair;
  }

  /**
   * Adds (or replaces) a product configuration that {@code grant-by-product-config} can issue
   * licenses from. Seeded products survive {@link #reset()}.
   *
   * @param product the product configuration
   * @return the same product
   */
  public SandboxProduct seedProductConfiguration(SandboxProduct product) {
    return store.seed(Objects.requireNonNull(product, "product"));
  }

  /**
   * The fault injector, changeable at run time.
   *
   * @return the fault injector
   */
  public FaultInjector faults() {
    return faults;
  }

  /**
   * The journal of the requests received.
   *
   * @return the journal
   */
  public CallJournal journal() {
    return journal;
  }

  /**
   * A consistent copy of the current state.
   *
   * @return the snapshot
   */
  public SandboxSnapshot snapshot() {
    return store.snapshot();
  }

  /**
   * Drops all licensees, consumers, containers, grants and licenses, clears the journal and the
   * faults; seeded products and trusted keys stay.
   */
  public void reset() {
    store.reset();
    journal.reset();
    faults.clear();
  }

  @Override
  public String toString() {
    synchronized (lifecycle) {
      return "ScaleSandbox["
          + (closed ? "closed" : baseUrl == null ? "not started" : baseUrl)
          + "]";
    }
  }

  /**
   * Runs a sandbox from the command line until the process is killed.
   *
   * <pre>
   * --port N          port to listen on (default 8080; 0 for any free port)
   * --product NAME    seed a product configuration NAME (product name NAME, SEATS); repeatable;
   *                   NAME:feature1,feature2 adds features
   * --issuer ISS      require this iss claim
   * --key-out FILE    write the generated private key (PKCS#8 PEM) to FILE
   * </pre>
   *
   * <p>The base URL, key id and product configuration ids are logged through SLF4J at INFO, so put
   * an SLF4J provider such as slf4j-simple on the class path to see them.
   *
   * @param args the arguments
   * @throws Exception when the sandbox cannot start
   */
  public static void main(String[] args) throws Exception {
    ScaleSandbox sandbox = launch(args);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                },
                "scale-sandbox-shutdown"));
    stopped.await();
  }

  /** Parses the command line, starts the sandbox and logs how to reach it. */
  static ScaleSandbox launch(String[] args) throws IOException {
    int port = 8080;
    String issuer = null;
    Path keyOut = null;
    List<SandboxProduct> products = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value after " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--port":
          port = Integer.parseInt(value);
          break;
        case "--product":
          products.add(parseProduct(value));
          break;
        case "--issuer":
          issuer = value;
          break;
        case "--key-out":
          keyOut = Path.of(value);
          break;
        default:
          throw new IllegalArgumentException(
              "Unknown option " + arg + " (known: --port, --product, --issuer, --key-out)");
      }
    }
    Builder b = builder().port(port).generateKey();
    if (issuer != null) {
      b.issuer(issuer);
    }
    ScaleSandbox sandbox = b.build();
    try {
      sandbox.start();
      for (SandboxProduct p : products) {
        sandbox.seedProductConfiguration(p);
        LOG.info(
            "Seeded product configuration '{}' (product '{}'): productConfigId {}",
            p.productConfigName(),
            p.productName(),
            p.productConfigId());
      }
      if (keyOut != null) {
        writePrivate(keyOut, sandbox.generatedPrivateKeyPem());
        LOG.info("Wrote the private key (PKCS#8 PEM) to {}", keyOut.toAbsolutePath());
      }
      LOG.info(
          "Scale sandbox running at {} - sign JWTs with RS256, kid '{}'{}",
          sandbox.baseUrl(),
          sandbox.generatedKeyId(),
          issuer == null ? "" : ", iss '" + issuer + "'");
      return sandbox;
    } catch (IOException | RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  private static SandboxProduct parseProduct(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      return SandboxProduct.of(value, value);
    }
    String name = value.substring(0, colon);
    String[] features =
        value.substring(colon + 1).isBlank()
            ? new String[0]
            : value.substring(colon + 1).split(",");
    return SandboxProduct.of(name, name, features);
  }

  private static void writePrivate(Path file, String pem) throws IOException {
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      LOG.debug("Cannot restrict the permissions of {} on this file system", file);
    }
  }

  /** Configures a {@link ScaleSandbox}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private int threads = 16;
    private Clock clock = Clock.systemUTC();
    private @Nullable String issuer;
    private boolean generateKey;
    private final Map<String, PublicKey> keys = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The port to listen on; 0 (the default) picks a free one.
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The loopback address to listen on: {@code 127.0.0.1} (the default), {@code localhost} or
     * {@code ::1}. The sandbox never listens on other interfaces.
     *
     * @param host a loopback host
     * @return this builder
     */
    public Builder host(String host) {
      try {
        if (!InetAddress.getByName(Objects.requireNonNull(host, "host")).isLoopbackAddress()) {
          throw new IllegalArgumentException("The sandbox listens on loopback only, not " + host);
        }
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("Unknown host " + host, e);
      }
      this.host = host;
      return this;
    }

    /**
     * The number of threads serving requests (default 16).
     *
     * @param threads 1 to 256
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads must be 1 to 256, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Trusts an RSA public key (2048 bits or more) for JWTs whose header names {@code kid}. May be
     * called for several keys.
     *
     * @param kid the key id
     * @param key the RSA public key
     * @return this builder
     */
    public Builder trustKey(String kid, PublicKey key) {
      if (kid == null || kid.isBlank()) {
        throw new IllegalArgumentException("kid must not be blank");
      }
      if (!(key instanceof RSAPublicKey)) {
        throw new IllegalArgumentException("Only RSA public keys are supported");
      }
      if (((RSAPublicKey) key).getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("RSA keys must have at least 2048 bits");
      }
      keys.put(kid, key);
      return this;
    }

    /**
     * Requires JWTs to carry this {@code iss} claim. By default any issuer is accepted.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder issuer(String issuer) {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalArgumentException("issuer must not be blank");
      }
      this.issuer = issuer;
      return this;
    }

    /**
     * The clock for timestamps, JWT expiry and default validity (default: the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Generates a 2048-bit RSA key pair at {@link #build()} and trusts it under the key id {@value
     * ScaleSandbox#GENERATED_KEY_ID}.
     *
     * @return this builder
     */
    public Builder generateKey() {
      this.generateKey = true;
      return this;
    }

    /**
     * Builds the sandbox (not yet started).
     *
     * @return the sandbox
     * @throws IllegalStateException when no key is trusted
     */
    public ScaleSandbox build() {
      Map<String, PublicKey> trusted = new LinkedHashMap<>(keys);
      KeyPair generated = null;
      if (generateKey) {
        if (trusted.containsKey(GENERATED_KEY_ID)) {
          throw new IllegalStateException(
              "The key id " + GENERATED_KEY_ID + " is reserved for the generated key");
        }
        try {
          KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
          gen.initialize(2048);
          generated = gen.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("The JDK has no RSA key generator", e);
        }
        trusted.put(GENERATED_KEY_ID, generated.getPublic());
      }
      if (trusted.isEmpty()) {
        throw new IllegalStateException(
            "The sandbox trusts no key: call generateKey() or trustKey(kid, key)");
      }
      return new ScaleSandbox(this, generated, trusted);
    }
  }
}
