package io.scalecrm.client;

import io.scalecrm.client.api.LicenseConsumersApi;
import io.scalecrm.client.api.LicenseContainersApi;
import io.scalecrm.client.api.LicenseesApi;
import io.scalecrm.client.api.LicensesApi;
import io.scalecrm.client.api.ProductsApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A connection to one Scale account's License Management API: Scale JWT authentication, one shared
 * {@link HttpClient}, retries and typed errors around the generated client.
 *
 * <pre>{@code
 * try (ScaleConnection scale = ScaleConnection.builder()
 *     .baseUrl("https://acme.scale.10duke.com/api")
 *     .credentials(credentials)
 *     .userAgentSuffix("acme-billing/2.1")
 *     .build()) {
 *   Licensee licensee = scale.call("getLicensee", Idempotency.IDEMPOTENT,
 *       () -> scale.licensees().getLicensee(id));
 * }
 * }</pre>
 *
 * <p>Every request made through {@link #licensees()}, {@link #licenseConsumers()}, {@link
 * #licenseContainers()}, {@link #licenses()} or {@link #products()} carries {@code Authorization:
 * ScaleJwt <jwt>} (a cached token, re-minted {@link ScaleJwtCredentials#refreshLeeway()} before it
 * expires) and {@code User-Agent: scale-crm-sync/<version> java/<java.version> [suffix]}. Wrap each
 * call in {@link #call} to get retries and typed exceptions instead of the generated checked {@code
 * ApiException}. Redirects are not followed (a redirect to another host would carry the token).
 *
 * <p><b>Environment.</b> {@link Builder#fromEnvironment()} fills every setting that was not set on
 * the builder from these variables:
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Meaning</th></tr>
 *   <tr><td>{@code SCALE_API_URL}</td><td>the account's API base URL</td></tr>
 *   <tr><td>{@code SCALE_JWT_KEY_ID}</td><td>key id ({@code kid}) from the Scale console</td></tr>
 *   <tr><td>{@code SCALE_JWT_ISSUER}</td><td>issuer ({@code iss}) registered with the key</td></tr>
 *   <tr><td>{@code SCALE_JWT_SUBJECT}</td><td>subject ({@code sub})</td></tr>
 *   <tr><td>{@code SCALE_PRIVATE_KEY_FILE}</td><td>path of the PKCS#8 PEM private key</td></tr>
 *   <tr><td>{@code SCALE_PRIVATE_KEY}</td><td>the PKCS#8 PEM text itself (instead of the file;
 *       {@code \n} escapes are accepted)</td></tr>
 *   <tr><td>{@code SCALE_JWT_PERMISSIONS}</td><td>comma-separated permissions, default
 *       {@code *.*}</td></tr>
 *   <tr><td>{@code SCALE_CONNECT_TIMEOUT}</td><td>ISO-8601 duration, e.g. {@code PT10S}</td></tr>
 *   <tr><td>{@code SCALE_READ_TIMEOUT}</td><td>ISO-8601 duration, e.g. {@code PT30S}</td></tr>
 *   <tr><td>{@code SCALE_MAX_ATTEMPTS}</td><td>attempts per call for the default retry
 *       policy</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe; share one instance. {@link #close()} releases the HTTP client if
 * the connection created it.
 */
public final class ScaleConnection implements AutoCloseable {
  /** Environment variable for the API base URL. */
  public static final String ENV_API_URL = "SCALE_API_URL";

  /** Environment variable for the key id ({@code kid}). */
  public static final String ENV_JWT_KEY_ID = "SCALE_JWT_KEY_ID";

  /** Environment variable for the issuer ({@code iss}). */
  public static final String ENV_JWT_ISSUER = "SCALE_JWT_ISSUER";

  /** Environment variable for the subject ({@code sub}). */
  public static final String ENV_JWT_SUBJECT = "SCALE_JWT_SUBJECT";

  /** Environment variable for the path of the PKCS#8 PEM private key file. */
  public static final String ENV_PRIVATE_KEY_FILE = "SCALE_PRIVATE_KEY_FILE";

  /** Environment variable for the PKCS#8 PEM private key text. */
  public static final String ENV_PRIVATE_KEY = "SCALE_PRIVATE_KEY";

  /** Environment variable for the comma-separated {@code permissions} claim. */
  public static final String ENV_JWT_PERMISSIONS = "SCALE_JWT_PERMISSIONS";

  /** Environment variable for the connect timeout (ISO-8601 duration). */
  public static final String ENV_CONNECT_TIMEOUT = "SCALE_CONNECT_TIMEOUT";

  /** Environment variable for the read timeout (ISO-8601 duration). */
  public static final String ENV_READ_TIMEOUT = "SCALE_READ_TIMEOUT";

  /** Environment variable for the maximum number of attempts of the default retry policy. */
  public static final String ENV_MAX_ATTEMPTS = "SCALE_MAX_ATTEMPTS";

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private final ConnectionCore core;
  private final Listeners listeners;
  private final boolean view;

  private ScaleConnection(ConnectionCore core, Listeners listeners, boolean view) {
    this.core = core;
    this.listeners = listeners;
    this.view = view;
  }

  /**
   * Starts building a connection.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one call of the generated client with retries, and translates its failures.
   *
   * <p>Each attempt runs {@code call.execute()} once. Failures become {@link ScaleHttpException}
   * (non-2xx; {@link ScaleAuthenticationException} for 401/403), {@link ScaleConnectionException}
   * (no answer) or a non-retryable {@link ScaleException} (e.g. an answer that is not the expected
   * JSON); the generated {@code ApiException} never escapes, not even as a cause. Which failures
   * are retried depends on {@code idempotency}; how often and how long to wait, on the {@link
   * RetryPolicy}. When retries are used up, the last failure is thrown with the earlier ones
   * attached as suppressed exceptions. An interrupt ends the call at once with a {@link
   * ScaleConnectionException}, and the thread's interrupt flag stays set.
   *
   * @param operation names the operation in exceptions, logs and listener calls, e.g. {@code
   *     getLicensee}
   * @param idempotency whether the call may be repeated after an ambiguous failure
   * @param call the generated call, sending one request per execution
   * @param <T> the result type
   * @return what the call returned
   * @throws ScaleException when the call fails for good
   * @throws IllegalStateException when the connection is closed
   */
  public <T> T call(String operation, Idempotency idempotency, ScaleCall<T> call) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(idempotency, "idempotency");
    Objects.requireNonNull(call, "call");
    if (operation.isBlank()) {
      throw new IllegalArgumentException("operation must not be blank");
    }
    return core.call(operation, idempotency, call, listeners);
  }

  /**
   * The generated licensees API, configured for this connection.
   *
   * @return the shared API object
   */
  public LicenseesApi licensees() {
    return core.licensees;
  }

  /**
   * The generated license consumers API, configured for this connection.
   *
   * @return the shared API object
   */
  public LicenseConsumersApi licenseConsumers() {
    return core.licenseConsumers;
  }

  /**
   * The generated license containers API, configured for this connection.
   *
   * @return the shared API object
   */
  public LicenseContainersApi licenseContainers() {
    return core.licenseContainers;
  }

  /**
   * The generated licenses API, configured for this connection.
   *
   * @return the shared API object
   */
  public LicensesApi licenses() {
    return core.licenses;
  }

  /**
   * The generated products API (products and their configurations), configured for this connection.
   *
   * @return the shared API object
   */
  public ProductsApi products() {
    return core.products;
  }

  /**
   * Checks that Scale answers and accepts this connection's credentials, with one cheap
   * authenticated read (the first licensee, if any). Call it at start-up so that a wrong URL or key
   * fails fast, before any work is done.
   *
   * @throws ScaleAuthenticationException when Scale refuses the JWT (wrong key id, issuer or key)
   * @throws ScaleException when Scale cannot be reached or answers with another error
   */
  public void verify() {
    call(
        "listLicensees", Idempotency.IDEMPOTENT, () -> licensees().listLicensees(0, 1, null, null));
  }

  /**
   * A view of this connection that also notifies {@code extra}: it shares the HTTP client, token
   * cache, APIs and retry policy, and calls made through it notify this connection's listeners and
   * then {@code extra}. Closing a view does nothing; close the original connection.
   *
   * @param extra the additional listener
   * @return the view
   */
  public ScaleConnection withListener(ScaleCallListener extra) {
    Objects.requireNonNull(extra, "extra");
    return new ScaleConnection(core, listeners.plus(extra), true);
  }

  /**
   * The API base URL, without a trailing slash.
   *
   * @return the base URL
   */
  public URI baseUrl() {
    return core.baseUrl;
  }

  /**
   * The clock used for token times, {@code Retry-After} dates and the retry budget.
   *
   * @return the clock
   */
  public Clock clock() {
    return core.clock;
  }

  /**
   * The retry policy of {@link #call}.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return core.retryPolicy;
  }

  /**
   * The read timeout: how long one attempt waits for the answer.
   *
   * @return the timeout
   */
  public Duration readTimeout() {
    return core.readTimeout;
  }

  /**
   * The connect timeout of the HTTP client the connection created (not used with an own {@link
   * Builder#httpClient}).
   *
   * @return the timeout
   */
  public Duration connectTimeout() {
    return core.connectTimeout;
  }

  /**
   * The {@code User-Agent} header sent with every request.
   *
   * @return the header value
   */
  public String userAgent() {
    return core.userAgent;
  }

  /**
   * Closes the HTTP client if this connection created it (on JDK 21 and later; on 17 the client has
   * no close and is left to the garbage collector), and makes further {@link #call}s fail.
   * Idempotent. On a view made by {@link #withListener} this does nothing.
   */
  @Override
  public void close() {
    if (!view) {
      core.close();
    }
  }

  @Override
  public String toString() {
    return "ScaleConnection[baseUrl="
        + core.baseUrl
        + ", "
        + core.credentials
        + ", "
        + core.retryPolicy
        + (view ? ", view" : "")
        + "]";
  }

  /** Builds a {@link ScaleConnection}. Not thread-safe. */
  public static final class Builder {
    private static final Pattern SUFFIX = Pattern.compile("[\\x21-\\x7e]+( [\\x21-\\x7e]+)*");

    private URI baseUrl;
    private ScaleJwtCredentials credentials;
    private Duration connectTimeout;
    private Duration readTimeout;
    private RetryPolicy retryPolicy;
    private Clock clock;
    private Sleeper sleeper;
    private HttpClient httpClient;
    private String userAgentSuffix;
    private ScaleCallListener listener;
    private Map<String, String> env;

    private Builder() {}

    /**
     * Sets the account's API base URL (shown in the Scale console under SETTINGS, Dashboard).
     * Required. Must be {@code https://}; {@code http://} is accepted only for loopback hosts
     * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), e.g. a local sandbox.
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sets the account's API base URL; see {@link #baseUrl(URI)}.
     *
     * @param baseUrl the base URL
     * @return this builder
     * @throws IllegalArgumentException when the text is not a URI
     */
    public Builder baseUrl(String baseUrl) {
      return baseUrl(toUri(Objects.requireNonNull(baseUrl, "baseUrl"), "baseUrl"));
    }

    /**
     * Sets the Scale JWT credentials. Required (or from the environment).
     *
     * @param credentials the credentials
     * @return this builder
     */
    public Builder credentials(ScaleJwtCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Sets how long to wait for a new connection. Default 10 seconds. Applies only to the HTTP
     * client the connection creates; cannot be combined with {@link #httpClient}.
     *
     * @param connectTimeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long one attempt waits for Scale's answer. Default 30 seconds. A timed-out attempt
     * is ambiguous (Scale may have processed it), so creates are not retried after it.
     *
     * @param readTimeout a positive duration
     * @return this builder
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
      return this;
    }

    /**
     * Sets the retry policy. Default {@link RetryPolicy#defaults()}.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the clock for token times, {@code Retry-After} dates and the retry budget. Default
     * {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how the connection waits between retries. Default {@link Sleeper#system()}.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Uses an own HTTP client (e.g. with a proxy or custom TLS) instead of creating one. The
     * connection does not close it. Configure redirects as {@link HttpClient.Redirect#NEVER}: a
     * followed redirect may carry the Scale JWT to another host.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Appends a product token to the {@code User-Agent}, e.g. {@code acme-billing/2.1}, so Scale
     * support can tell integrations apart.
     *
     * @param suffix printable ASCII words separated by single spaces
     * @return this builder
     */
    public Builder userAgentSuffix(String suffix) {
      Objects.requireNonNull(suffix, "suffix");
      if (!SUFFIX.matcher(suffix).matches()) {
        throw new IllegalArgumentException(
            "userAgentSuffix must be printable ASCII words separated by single spaces, e.g."
                + " \"acme-billing/2.1\"");
      }
      this.userAgentSuffix = suffix;
      return this;
    }

    /**
     * Sets the listener notified of every attempt (replacing any listener set before).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(ScaleCallListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Fills every setting not set on this builder from the process environment, when {@link
     * #build()} runs; see the {@linkplain ScaleConnection class documentation} for the variables.
     *
     * @return this builder
     */
    public Builder fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    /**
     * Fills every setting not set on this builder from the given variables, when {@link #build()}
     * runs; settings made on the builder always win, whatever the order of calls. Blank values
     * count as unset.
     *
     * @param env the variables, e.g. {@code System.getenv()}
     * @return this builder
     */
    public Builder fromEnvironment(Map<String, String> env) {
      Objects.requireNonNull(env, "env");
      Map<String, String> copy = new HashMap<>();
      env.forEach(
          (k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
              copy.put(k, v);
            }
          });
      this.env = copy;
      return this;
    }

    /**
     * Checks the settings and creates the connection.
     *
     * @return the connection
     * @throws IllegalStateException when a required setting is missing
     * @throws IllegalArgumentException when a setting is invalid (messages name the setting or
     *     environment variable and never contain key material)
     */
    public ScaleConnection build() {
      URI url = baseUrl;
      if (url == null && envValue(ENV_API_URL) != null) {
        url = toUri(envValue(ENV_API_URL), ENV_API_URL);
      }
      if (url == null) {
        throw new IllegalStateException(
            "baseUrl is required: call baseUrl(...) or fromEnvironment() with " + ENV_API_URL);
      }
      url = checkBaseUrl(url);
      ScaleJwtCredentials creds = credentials != null ? credentials : credentialsFromEnv();
      Duration connect = connectTimeout;
      if (connect != null && httpClient != null) {
        throw new IllegalStateException(
            "connectTimeout applies only to the HttpClient the connection creates; set it on"
                + " your own HttpClient instead");
      }
      if (connect == null) {
        connect = envDuration(ENV_CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
      }
      Duration read =
          readTimeout != null ? readTimeout : envDuration(ENV_READ_TIMEOUT, DEFAULT_READ_TIMEOUT);
      requirePositive(connect, "connectTimeout");
      requirePositive(read, "readTimeout");
      RetryPolicy policy = retryPolicy;
      if (policy == null) {
        policy = RetryPolicy.defaults();
        String attempts = envValue(ENV_MAX_ATTEMPTS);
        if (attempts != null) {
          policy = policy.withMaxAttempts(parseAttempts(attempts));
        }
      }
      HttpClient client = httpClient;
      boolean owns = client == null;
      if (client == null) {
        client =
            HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
      }
      ConnectionCore core =
          new ConnectionCore(
              url,
              creds,
              connect,
              read,
              policy,
              clock != null ? clock : Clock.systemUTC(),
              sleeper != null ? sleeper : Sleeper.system(),
              client,
              owns,
              userAgent(userAgentSuffix));
      Listeners ls = listener == null ? Listeners.NONE : Listeners.NONE.plus(listener);
      return new ScaleConnection(core, ls, false);
    }

    private String envValue(String name) {
      return env == null ? null : env.get(name);
    }

    private ScaleJwtCredentials credentialsFromEnv() {
      List<String> names =
          List.of(ENV_JWT_KEY_ID, ENV_JWT_ISSUER, ENV_JWT_SUBJECT, ENV_PRIVATE_KEY_FILE);
      if (env == null) {
        throw new IllegalStateException(
            "credentials are required: call credentials(...) or fromEnvironment() with "
                + String.join(", ", names)
                + " (or "
                + ENV_PRIVATE_KEY
                + ")");
      }
      String keyFile = envValue(ENV_PRIVATE_KEY_FILE);
      String keyPem = envValue(ENV_PRIVATE_KEY);
      List<String> missing = new ArrayList<>();
      for (String name : List.of(ENV_JWT_KEY_ID, ENV_JWT_ISSUER, ENV_JWT_SUBJECT)) {
        if (envValue(name) == null) {
          missing.add(name);
        }
      }
      if (keyFile == null && keyPem == null) {
        missing.add(ENV_PRIVATE_KEY_FILE + " (or " + ENV_PRIVATE_KEY + ")");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "credentials are required: call credentials(...) or set " + String.join(", ", missing));
      }
      if (keyFile != null && keyPem != null) {
        throw new IllegalArgumentException(
            "Set only one of " + ENV_PRIVATE_KEY_FILE + " and " + ENV_PRIVATE_KEY);
      }
      ScaleJwtCredentials.Builder b =
          ScaleJwtCredentials.builder()
              .keyId(envValue(ENV_JWT_KEY_ID).trim())
              .issuer(envValue(ENV_JWT_ISSUER).trim())
              .subject(envValue(ENV_JWT_SUBJECT).trim());
      if (keyFile != null) {
        b.privateKeyFile(Path.of(keyFile.trim()));
      } else {
        b.privateKeyPem(keyPem, "the " + ENV_PRIVATE_KEY + " environment variable");
      }
      String permissions = envValue(ENV_JWT_PERMISSIONS);
      if (permissions != null) {
        List<String> list =
            Arrays.stream(permissions.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toList());
        b.permissions(list);
      }
      return b.build();
    }

    private Duration envDuration(String name, Duration fallback) {
      String value = envValue(name);
      if (value == null) {
        return fallback;
      }
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            name + " must be an ISO-8601 duration like PT10S, got '" + value.trim() + "'", null);
      }
    }

    private static int parseAttempts(String value) {
      try {
        int n = Integer.parseInt(value.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          ENV_MAX_ATTEMPTS + " must be a whole number of at least 1, got '" + value.trim() + "'");
    }

    private static void requirePositive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
    }
  }

  static URI toUri(String text, String name) {
    try {
      return new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          name + " is not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")", null);
    }
  }

  /** Checks the scheme and host, and removes trailing slashes. */
  static URI checkBaseUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || url.isOpaque() || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute https:// URL, e.g. https://acme.scale.example/api");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("baseUrl must not contain user info (user:password@)");
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("baseUrl has no valid host name: " + url);
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("baseUrl must not have a query or fragment: " + url);
    }
    if (scheme.equals("http") && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "baseUrl "
              + url
              + " uses plain http://, which would send the Scale JWT unencrypted; use https://"
              + " (http:// is accepted only for loopback hosts: localhost, 127.0.0.0/8, ::1)");
    }
    String text = url.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return Arrays.stream(h.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
    }
    if (h.contains(":") && h.matches("[0-9a-f:.%]+")) {
      try {
        // an IPv6 literal: parsed, never looked up
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  static String userAgent(String suffix) {
    String ua = "scale-crm-sync/" + sdkVersion() + " java/" + System.getProperty("java.version");
    return suffix == null ? ua : ua + " " + suffix;
  }

  private static String sdkVersion() {
    try (InputStream in =
        ScaleConnection.class.getResourceAsStream(
            "/META-INF/maven/io.scalecrm/scale-client/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v.trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    String v = ScaleConnection.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
