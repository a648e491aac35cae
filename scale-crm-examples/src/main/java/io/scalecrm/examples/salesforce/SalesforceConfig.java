package io.scalecrm.examples.salesforce;

import io.scalecrm.crm.spi.CrmRecordType;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link SalesforceAdapter} connects to Salesforce and what it reads; immutable, built with
 * {@link #builder()}.
 *
 * <p>Secrets (the client secret and the private key) are kept out of {@link #toString()} and have
 * no public accessor.
 *
 * <p>Field names ({@link Builder#skuField}, {@link Builder#accountEmailField}, {@link
 * Builder#b2cField}, {@link Builder#writeBackField}) are Salesforce API names, optionally one
 * relationship deep ({@code Product2.ProductCode}); they are checked against {@code
 * [A-Za-z][A-Za-z0-9_]*}, so no configuration value can change the shape of a SOQL query.
 */
public final class SalesforceConfig {

  /** The OAuth 2.0 flow the adapter uses to obtain its access token. */
  public enum OAuthFlow {
    /** {@code grant_type=client_credentials} with the connected app's consumer key and secret. */
    CLIENT_CREDENTIALS,
    /**
     * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}: an RS256 JWT signed with the
     * private key whose certificate is uploaded to the connected app.
     */
    JWT_BEARER
  }

  /** Which Salesforce objects are the purchases whose lines become licenses. */
  public enum ObjectPair {
    /** {@code Order} with {@code StatusCode = 'Activated'} and its {@code OrderItems}. */
    ORDER("Order", "OrderItem"),
    /** {@code Opportunity} with {@code IsWon = true} and its {@code OpportunityLineItems}. */
    OPPORTUNITY("Opportunity", "OpportunityLineItem");

    private final String parentObject;
    private final String lineObject;

    ObjectPair(String parentObject, String lineObject) {
      this.parentObject = parentObject;
      this.lineObject = lineObject;
    }

    /**
     * The API name of the parent object.
     *
     * @return {@code Order} or {@code Opportunity}
     */
    public String parentObject() {
      return parentObject;
    }

    /**
     * The API name of the line object.
     *
     * @return {@code OrderItem} or {@code OpportunityLineItem}
     */
    public String lineObject() {
      return lineObject;
    }
  }

  /** The default token endpoint base, Salesforce's production login host. */
  public static final URI DEFAULT_LOGIN_URL = URI.create("https://login.salesforce.com");

  /** The default REST API version. */
  public static final String DEFAULT_API_VERSION = "v62.0";

  /** The {@code Order.Status} value that means cancelled unless configured otherwise. */
  public static final String DEFAULT_CANCELLED_STATUS = "Cancelled";

  /** The default field (relative to the line object) holding the SKU. */
  public static final String DEFAULT_SKU_FIELD = "Product2.ProductCode";

  private static final Pattern FIELD =
      Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}(\\.[A-Za-z][A-Za-z0-9_]{0,79})?");
  private static final Pattern VERSION = Pattern.compile("v\\d{2,3}\\.\\d");

  private final URI loginUrl;
  private final String apiVersion;
  private final OAuthFlow flow;
  private final String clientId;
  private final @Nullable String clientSecret;
  private final @Nullable String username;
  private final @Nullable PrivateKey privateKey;
  private final String audience;
  private final ObjectPair objectPair;
  private final String skuField;
  private final @Nullable String accountEmailField;
  private final @Nullable String b2cField;
  private final List<String> cancelledStatuses;
  private final @Nullable String contactInactiveField;
  private final String contactInactiveValue;
  private final @Nullable String lineCancelledField;
  private final String lineCancelledValue;
  private final @Nullable String lineCancelledAtField;
  private final Map<CrmRecordType, String> writeBackFields;
  private final int batchSize;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration requestTimeout;
  private final Clock clock;
  private final Sleeper sleeper;
  private final @Nullable HttpClient httpClient;

  private SalesforceConfig(Builder b) {
    this.loginUrl = requireSafeBase(Objects.requireNonNull(b.loginUrl, "loginUrl"), "loginUrl");
    this.apiVersion = b.apiVersion;
    if (b.flow == null) {
      throw new IllegalStateException(
          "Choose an OAuth flow: clientCredentials(clientId, secret) or jwtBearer(clientId,"
              + " username, privateKey)");
    }
    this.flow = b.flow;
    if (flow == OAuthFlow.CLIENT_CREDENTIALS && isGenericLoginHost(loginUrl)) {
      throw new IllegalArgumentException(clientCredentialsNeedMyDomain(loginUrl, "loginUrl"));
    }
    this.clientId = Objects.requireNonNull(b.clientId, "clientId");
    this.clientSecret = b.clientSecret;
    this.username = b.username;
    this.privateKey = b.privateKey;
    String base = loginUrl.toString();
    this.audience =
        b.audience != null
            ? b.audience
            : base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.objectPair = b.objectPair;
    this.skuField = b.skuField;
    this.accountEmailField = b.accountEmailField;
    this.b2cField = b.b2cField;
    this.cancelledStatuses =
        List.copyOf(
            b.cancelledStatuses != null
                ? b.cancelledStatuses
                : objectPair == ObjectPair.ORDER ? List.of(DEFAULT_CANCELLED_STATUS) : List.of());
    this.contactInactiveField = b.contactInactiveField;
    this.contactInactiveValue = b.contactInactiveValue;
    this.lineCancelledField = b.lineCancelledField;
    this.lineCancelledValue = b.lineCancelledValue;
    this.lineCancelledAtField = b.lineCancelledAtField;
    this.writeBackFields = Collections.unmodifiableMap(new EnumMap<>(b.writeBackFields));
    this.batchSize = b.batchSize;
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.requestTimeout = b.requestTimeout;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.httpClient = b.httpClient;
  }

  /**
   * The settings from environment variables, every one of them; see {@link
   * #builderFromEnvironment(Map)} for the variables.
   *
   * @param env the variables, such as {@code System.getenv()}
   * @return the configuration
   * @throws IllegalArgumentException naming every missing or invalid variable, one per line, never
   *     quoting a value
   */
  public static SalesforceConfig fromEnvironment(Map<String, String> env) {
    return builderFromEnvironment(env).build();
  }

  /**
   * A builder filled from environment variables (blank counts as unset), to adjust further (for
   * example its sleeper) before {@link Builder#build()}. All problems are reported at once:
   *
   * <ul>
   *   <li>{@code SALESFORCE_CLIENT_ID}: the connected app's consumer key (required), and either
   *       <ul>
   *         <li>client credentials: {@code SALESFORCE_CLIENT_SECRET}, with {@code
   *             SALESFORCE_LOGIN_URL} the org's My Domain URL ({@code
   *             https://<my-domain>.my.salesforce.com}, required for this flow); or
   *         <li>JWT bearer: {@code SALESFORCE_USERNAME} (the pre-authorised integration user) and
   *             {@code SALESFORCE_PRIVATE_KEY_FILE} (or the PEM text in {@code
   *             SALESFORCE_PRIVATE_KEY}): an RSA key in PKCS#8 PEM; {@code SALESFORCE_LOGIN_URL}
   *             defaults to {@code https://login.salesforce.com} ({@code
   *             https://test.salesforce.com} for sandboxes), {@code SALESFORCE_AUDIENCE} to it;
   *       </ul>
   *   <li>{@code SALESFORCE_API_VERSION} (default {@value #DEFAULT_API_VERSION}); {@code
   *       SALESFORCE_OBJECTS}: {@code ORDER} (default) or {@code OPPORTUNITY}; {@code
   *       SALESFORCE_SKU_FIELD} (default {@value #DEFAULT_SKU_FIELD});
   *   <li>{@code SALESFORCE_B2C_FIELD}: an Account checkbox marking individuals; {@code
   *       SALESFORCE_EMAIL_FIELD}: the Account field holding its email;
   *   <li>{@code SALESFORCE_CANCELLED_STATUSES}: comma-separated {@code Status} ({@code StageName}
   *       for opportunities) values meaning cancelled ({@code none} for none; default {@value
   *       #DEFAULT_CANCELLED_STATUS} for orders); {@code SALESFORCE_INACTIVE_FIELD} and {@code
   *       SALESFORCE_INACTIVE_VALUE} (default {@code true}): inactive contacts; {@code
   *       SALESFORCE_LINE_CANCELLED_FIELD}, {@code SALESFORCE_LINE_CANCELLED_VALUE} (default {@code
   *       true}) and {@code SALESFORCE_LINE_CANCELLED_AT_FIELD}: cancelled lines;
   *   <li>write-back: {@code SALESFORCE_WRITE_BACK_ACCOUNT_FIELD}, {@code
   *       SALESFORCE_WRITE_BACK_CONTACT_FIELD}, {@code SALESFORCE_WRITE_BACK_ORDER_FIELD}, {@code
   *       SALESFORCE_WRITE_BACK_ORDER_LINE_FIELD}: custom fields that receive Scale ids;
   *   <li>{@code SALESFORCE_BATCH_SIZE} (200 to 2000), {@code SALESFORCE_MAX_RETRIES} (0 to 10),
   *       {@code SALESFORCE_REQUEST_TIMEOUT} (an ISO-8601 duration such as {@code PT2M}).
   * </ul>
   *
   * @param env the variables, such as {@code System.getenv()}
   * @return the filled builder
   * @throws IllegalArgumentException naming every missing or invalid variable, one per line, never
   *     quoting a value
   */
  public static Builder builderFromEnvironment(Map<String, String> env) {
    Env e = new Env(env);
    Builder b = builder();
    String field = "must be a Salesforce field API name, such as Product2.ProductCode";
    String customField = "must be a field API name of the record itself, such as Scale_Id__c";
    String clientId = e.get("SALESFORCE_CLIENT_ID");
    if (clientId == null) {
      e.problem("SALESFORCE_CLIENT_ID is not set: the connected app's consumer key");
    }
    e.apply(
        "SALESFORCE_LOGIN_URL",
        "must be an https URL (plain http only on a loopback host), such as"
            + " https://<my-domain>.my.salesforce.com",
        v -> b.loginUrl(Env.uri(v)));
    boolean secret = e.has("SALESFORCE_CLIENT_SECRET");
    boolean jwt =
        e.has("SALESFORCE_USERNAME")
            || e.has("SALESFORCE_PRIVATE_KEY_FILE")
            || e.has("SALESFORCE_PRIVATE_KEY");
    String either =
        "SALESFORCE_CLIENT_SECRET (client credentials) or SALESFORCE_USERNAME with"
            + " SALESFORCE_PRIVATE_KEY_FILE (JWT bearer)";
    if (secret && jwt) {
      e.problem("Set either " + either + ", not both");
    } else if (!secret && !jwt) {
      e.problem("No Salesforce login is set: set " + either);
    } else if (secret) {
      URI login = null;
      try {
        login = e.has("SALESFORCE_LOGIN_URL") ? Env.uri(e.get("SALESFORCE_LOGIN_URL")) : null;
      } catch (IllegalArgumentException ex) {
        // reported above
      }
      if (!e.has("SALESFORCE_LOGIN_URL")) {
        e.problem(
            "SALESFORCE_LOGIN_URL is not set: the client-credentials flow needs the org's My"
                + " Domain URL, such as https://yourcompany.my.salesforce.com");
      } else if (login != null && isGenericLoginHost(login)) {
        e.problem(clientCredentialsNeedMyDomain(login, "SALESFORCE_LOGIN_URL"));
      }
      if (clientId != null) {
        b.clientCredentials(clientId, e.get("SALESFORCE_CLIENT_SECRET"));
      }
    } else {
      PrivateKey key = privateKey(e);
      String username = e.get("SALESFORCE_USERNAME");
      if (username == null) {
        e.problem(
            "SALESFORCE_USERNAME is not set: the JWT bearer flow needs the integration user's"
                + " username");
      }
      if (clientId != null && username != null && key != null) {
        e.check(
            "SALESFORCE_PRIVATE_KEY_FILE",
            "must hold an RSA key",
            () -> b.jwtBearer(clientId, username, key));
      }
      e.apply("SALESFORCE_AUDIENCE", "must not be blank", b::audience);
    }
    e.apply("SALESFORCE_API_VERSION", "must look like v62.0", b::apiVersion);
    e.apply(
        "SALESFORCE_OBJECTS",
        "must be ORDER or OPPORTUNITY",
        v -> b.objectPair(ObjectPair.valueOf(v.toUpperCase(Locale.ROOT))));
    e.apply("SALESFORCE_SKU_FIELD", field, b::skuField);
    e.apply("SALESFORCE_B2C_FIELD", field, b::b2cField);
    e.apply("SALESFORCE_EMAIL_FIELD", field, b::accountEmailField);
    e.apply(
        "SALESFORCE_CANCELLED_STATUSES",
        "must be comma-separated picklist values (at most 255 characters each), or none",
        v -> b.cancelledStatuses(Env.list(v)));
    pair(
        e,
        "SALESFORCE_INACTIVE_FIELD",
        "SALESFORCE_INACTIVE_VALUE",
        field,
        (f, v) -> b.inactiveContactWhen(f, v));
    String cancelledAt = e.get("SALESFORCE_LINE_CANCELLED_AT_FIELD");
    if (cancelledAt != null && !FIELD.matcher(cancelledAt).matches()) {
      e.problem("SALESFORCE_LINE_CANCELLED_AT_FIELD " + field);
      cancelledAt = null;
    } else if (cancelledAt != null && !e.has("SALESFORCE_LINE_CANCELLED_FIELD")) {
      e.problem(
          "SALESFORCE_LINE_CANCELLED_AT_FIELD is set but SALESFORCE_LINE_CANCELLED_FIELD is not");
    }
    String lineCancelledAt = cancelledAt;
    pair(
        e,
        "SALESFORCE_LINE_CANCELLED_FIELD",
        "SALESFORCE_LINE_CANCELLED_VALUE",
        field,
        (f, v) -> b.cancelledLineWhen(f, v, lineCancelledAt));
    for (CrmRecordType type : CrmRecordType.values()) {
      e.apply(
          "SALESFORCE_WRITE_BACK_" + type.name() + "_FIELD",
          customField,
          v -> b.writeBackField(type, v));
    }
    e.apply(
        "SALESFORCE_BATCH_SIZE",
        "must be a whole number from 200 to 2000",
        v -> b.batchSize(Env.wholeNumber(v)));
    e.apply(
        "SALESFORCE_MAX_RETRIES",
        "must be a whole number from 0 to 10",
        v -> b.maxRetries(Env.wholeNumber(v)));
    e.apply(
        "SALESFORCE_REQUEST_TIMEOUT",
        "must be a positive ISO-8601 duration such as PT2M",
        v -> b.requestTimeout(Env.duration(v)));
    e.throwIfAny();
    return b;
  }

  /** The JWT bearer key from a file or PEM text, or null (with the problem recorded). */
  private static @Nullable PrivateKey privateKey(Env e) {
    String file = e.get("SALESFORCE_PRIVATE_KEY_FILE");
    String text = e.get("SALESFORCE_PRIVATE_KEY");
    if (file != null && text != null) {
      e.problem("Set either SALESFORCE_PRIVATE_KEY_FILE or SALESFORCE_PRIVATE_KEY, not both");
      return null;
    }
    if (file == null && text == null) {
      e.problem(
          "SALESFORCE_PRIVATE_KEY_FILE is not set: the JWT bearer flow needs the connected app's"
              + " RSA private key (PKCS#8 PEM)");
      return null;
    }
    String name = file != null ? "SALESFORCE_PRIVATE_KEY_FILE" : "SALESFORCE_PRIVATE_KEY";
    String pem = text;
    if (file != null) {
      try {
        pem = java.nio.file.Files.readString(java.nio.file.Path.of(file));
      } catch (java.io.IOException | java.nio.file.InvalidPathException | SecurityException ex) {
        e.problem(name + " cannot be read (" + ex.getClass().getSimpleName() + ")");
        return null;
      }
    }
    try {
      return PemKey.rsa(pem);
    } catch (IllegalArgumentException ex) {
      e.problem(name + " " + ex.getMessage());
      return null;
    }
  }

  /** A field variable with an optional value variable (default {@code true}). */
  private static void pair(
      Env e,
      String fieldVariable,
      String valueVariable,
      String rule,
      java.util.function.BiConsumer<String, String> setter) {
    if (e.has(valueVariable) && !e.has(fieldVariable)) {
      e.problem(valueVariable + " is set but " + fieldVariable + " is not");
      return;
    }
    String value = Objects.requireNonNullElse(e.get(valueVariable), "true");
    e.apply(fieldVariable, rule, f -> setter.accept(f, value));
  }

  /**
   * A builder with the defaults: production login URL, API {@value #DEFAULT_API_VERSION}, the
   * {@link ObjectPair#ORDER} pair, SKU from {@value #DEFAULT_SKU_FIELD}, batch size 2000, 4 retries
   * with back-off from 1 s up to 30 s, 2-minute request timeout, system clock and sleeper.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URL of the token endpoint ({@code {loginUrl}/services/oauth2/token}).
   *
   * @return the login URL
   */
  public URI loginUrl() {
    return loginUrl;
  }

  /**
   * The REST API version, such as {@code v62.0}.
   *
   * @return the version
   */
  public String apiVersion() {
    return apiVersion;
  }

  /**
   * The OAuth flow.
   *
   * @return the flow
   */
  public OAuthFlow flow() {
    return flow;
  }

  /**
   * The connected app's consumer key (the JWT's {@code iss} in the JWT-bearer flow).
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * The integration user's username (the JWT's {@code sub}); empty for client credentials.
   *
   * @return the username
   */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /**
   * The JWT's {@code aud} claim; by default the login URL.
   *
   * @return the audience
   */
  public String audience() {
    return audience;
  }

  /**
   * Which objects are read as orders.
   *
   * @return the object pair
   */
  public ObjectPair objectPair() {
    return objectPair;
  }

  /**
   * The line field holding the SKU, such as {@code Product2.ProductCode}.
   *
   * @return the field path
   */
  public String skuField() {
    return skuField;
  }

  /**
   * The Account field read as the licensee's email, if any.
   *
   * @return the field path
   */
  public Optional<String> accountEmailField() {
    return Optional.ofNullable(accountEmailField);
  }

  /**
   * The Account checkbox field that marks an individual (B2C) customer, if any.
   *
   * @return the field path
   */
  public Optional<String> b2cField() {
    return Optional.ofNullable(b2cField);
  }

  /**
   * The values of the parent's {@code Status} ({@link ObjectPair#ORDER}) or {@code StageName}
   * ({@link ObjectPair#OPPORTUNITY}) that mean the purchase was cancelled: such an order comes back
   * with every line cancelled. By default {@value #DEFAULT_CANCELLED_STATUS} for orders and none
   * for opportunities.
   *
   * @return the values, possibly empty
   */
  public List<String> cancelledStatuses() {
    return cancelledStatuses;
  }

  /**
   * The Contact field that marks a contact inactive (compared with {@link
   * #contactInactiveValue()}), if any.
   *
   * @return the field path
   */
  public Optional<String> contactInactiveField() {
    return Optional.ofNullable(contactInactiveField);
  }

  /**
   * The value of {@link #contactInactiveField()} (ignoring case; {@code true} for a checkbox) that
   * means inactive.
   *
   * @return the value
   */
  public String contactInactiveValue() {
    return contactInactiveValue;
  }

  /**
   * The line field that marks one line cancelled (compared with {@link #lineCancelledValue()}), if
   * any.
   *
   * @return the field path
   */
  public Optional<String> lineCancelledField() {
    return Optional.ofNullable(lineCancelledField);
  }

  /**
   * The value of {@link #lineCancelledField()} (ignoring case) that means cancelled.
   *
   * @return the value
   */
  public String lineCancelledValue() {
    return lineCancelledValue;
  }

  /**
   * The line date or datetime field that says when a cancelled line's license ends, if any; a
   * cancelled line without it ends at the moment of the sync.
   *
   * @return the field path
   */
  public Optional<String> lineCancelledAtField() {
    return Optional.ofNullable(lineCancelledAtField);
  }

  /**
   * The custom fields that receive Scale ids, per record type; empty when write-back is off.
   *
   * @return an unmodifiable map
   */
  public Map<CrmRecordType, String> writeBackFields() {
    return writeBackFields;
  }

  /**
   * The largest query batch asked for with {@code Sforce-Query-Options}; a read asks for the
   * smaller of this and its page size (at least 200).
   *
   * @return 200 to 2000
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * How many times a throttled or failed request is retried before giving up.
   *
   * @return the retry count
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The first back-off delay; each further retry doubles it, up to {@link #maxBackoff()}.
   *
   * @return the delay
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * The longest back-off delay.
   *
   * @return the delay
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The timeout of each HTTP request.
   *
   * @return the timeout
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * The clock used for JWT expiry.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The sleeper used between retries.
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  @Nullable HttpClient httpClient() {
    return httpClient;
  }

  @Nullable String clientSecret() {
    return clientSecret;
  }

  @Nullable PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "SalesforceConfig[loginUrl="
        + loginUrl
        + ", apiVersion="
        + apiVersion
        + ", flow="
        + flow
        + ", clientId="
        + clientId
        + (username != null ? ", username=" + username : "")
        + (flow == OAuthFlow.JWT_BEARER ? ", audience=" + audience : "")
        + ", credentials=(redacted), objectPair="
        + objectPair
        + ", skuField="
        + skuField
        + ", accountEmailField="
        + accountEmailField
        + ", b2cField="
        + b2cField
        + ", cancelledStatuses="
        + cancelledStatuses
        + ", contactInactiveField="
        + contactInactiveField
        + ", lineCancelledField="
        + lineCancelledField
        + ", writeBackFields="
        + writeBackFields
        + ", batchSize="
        + batchSize
        + ", maxRetries="
        + maxRetries
        + "]";
  }

  /**
   * Checks that a base URL may receive credentials: https, or http on a loopback host (a local
   * fake).
   */
  static URI requireSafeBase(URI uri, String what) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(what + " must be an absolute http(s) URL: " + uri);
    }
    boolean loopback = host.equals("localhost") || host.equals("[::1]") || host.startsWith("127.");
    if (scheme.equals("http") && !loopback) {
      throw new IllegalArgumentException(
          what + " must use https (plain http is allowed only on a loopback host): " + uri);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(what + " must not have user info, query or fragment");
    }
    return uri;
  }

  /**
   * Whether a login URL is one of Salesforce's shared login hosts, {@code login.salesforce.com} or
   * {@code test.salesforce.com}, rather than an org's own My Domain host.
   */
  static boolean isGenericLoginHost(URI loginUrl) {
    String host = loginUrl.getHost() == null ? "" : loginUrl.getHost().toLowerCase(Locale.ROOT);
    return host.equals("login.salesforce.com") || host.equals("test.salesforce.com");
  }

  /** The message for client credentials on a shared login host; {@code what} names the setting. */
  static String clientCredentialsNeedMyDomain(URI loginUrl, String what) {
    return "The client-credentials flow needs your org's My Domain URL as "
        + what
        + ", such as https://yourcompany.my.salesforce.com (sandbox:"
        + " https://yourcompany--sandboxname.sandbox.my.salesforce.com); "
        + loginUrl.getHost()
        + " does not issue client-credentials tokens. Only the JWT bearer flow may use"
        + " login.salesforce.com or test.salesforce.com.";
  }

  /**
   * Checks a picklist value that is quoted into SOQL: not blank, at most 255 characters, no control
   * characters. Quotes and backslashes are escaped by {@link Soql#quote(String)}.
   */
  static String requirePicklistValue(@Nullable String value, String what) {
    if (value == null || value.isBlank() || value.length() > 255) {
      throw new IllegalArgumentException(what + " needs picklist values of 1 to 255 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(what + " values must not contain control characters");
      }
    }
    return value;
  }

  static String requireField(@Nullable String field, String what) {
    if (field == null || !FIELD.matcher(field).matches()) {
      throw new IllegalArgumentException(
          what + " must be a Salesforce field API name such as Product2.ProductCode, was " + field);
    }
    return field;
  }

  /** Builds a {@link SalesforceConfig}; not thread-safe. */
  public static final class Builder {
    private URI loginUrl = DEFAULT_LOGIN_URL;
    private String apiVersion = DEFAULT_API_VERSION;
    private @Nullable OAuthFlow flow;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable String username;
    private @Nullable PrivateKey privateKey;
    private @Nullable String audience;
    private ObjectPair objectPair = ObjectPair.ORDER;
    private String skuField = DEFAULT_SKU_FIELD;
    private @Nullable String accountEmailField;
    private @Nullable String b2cField;
    private @Nullable List<String> cancelledStatuses;
    private @Nullable String contactInactiveField;
    private String contactInactiveValue = "true";
    private @Nullable String lineCancelledField;
    private String lineCancelledValue = "true";
    private @Nullable String lineCancelledAtField;
    private final Map<CrmRecordType, String> writeBackFields = new EnumMap<>(CrmRecordType.class);
    private int batchSize = 2000;
    private int maxRetries = 4;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofMinutes(2);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private @Nullable HttpClient httpClient;

    private Builder() {}

    /**
     * The base URL of the token endpoint: the org's My Domain URL ({@code
     * https://yourcompany.my.salesforce.com}, required for client credentials), {@code
     * https://login.salesforce.com} (the default, JWT bearer only), {@code
     * https://test.salesforce.com} (sandboxes, JWT bearer only), or a loopback fake.
     *
     * @param loginUrl https, or http on a loopback host
     * @return this builder
     */
    public Builder loginUrl(URI loginUrl) {
      this.loginUrl = requireSafeBase(Objects.requireNonNull(loginUrl, "loginUrl"), "loginUrl");
      return this;
    }

    /**
     * The REST API version.
     *
     * @param apiVersion such as {@code v62.0}
     * @return this builder
     */
    public Builder apiVersion(String apiVersion) {
      if (apiVersion == null || !VERSION.matcher(apiVersion).matches()) {
        throw new IllegalArgumentException("apiVersion must look like v62.0, was " + apiVersion);
      }
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Uses the client-credentials flow (the connected app runs as its "run as" user). This flow
     * needs the org's My Domain URL as {@link #loginUrl(URI)}: {@link #build()} refuses {@code
     * login.salesforce.com} and {@code test.salesforce.com}, which do not issue such tokens.
     *
     * @param clientId the consumer key
     * @param clientSecret the consumer secret
     * @return this builder
     */
    public Builder clientCredentials(String clientId, String clientSecret) {
      this.flow = OAuthFlow.CLIENT_CREDENTIALS;
      this.clientId = requireText(clientId, "clientId");
      this.clientSecret = requireText(clientSecret, "clientSecret");
      this.username = null;
      this.privateKey = null;
      return this;
    }

    /**
     * Uses the JWT-bearer flow.
     *
     * @param clientId the consumer key ({@code iss})
     * @param username the pre-authorised integration user ({@code sub})
     * @param privateKey the RSA key whose certificate is uploaded to the connected app
     * @return this builder
     */
    public Builder jwtBearer(String clientId, String username, PrivateKey privateKey) {
      Objects.requireNonNull(privateKey, "privateKey");
      if (!"RSA".equals(privateKey.getAlgorithm())) {
        throw new IllegalArgumentException(
            "The JWT-bearer flow needs an RSA private key, not " + privateKey.getAlgorithm());
      }
      this.flow = OAuthFlow.JWT_BEARER;
      this.clientId = requireText(clientId, "clientId");
      this.username = requireText(username, "username");
      this.privateKey = privateKey;
      this.clientSecret = null;
      return this;
    }

    /**
     * The JWT's {@code aud}; by default the login URL.
     *
     * @param audience such as {@code https://test.salesforce.com}
     * @return this builder
     */
    public Builder audience(String audience) {
      this.audience = requireText(audience, "audience");
      return this;
    }

    /**
     * Which objects are read as orders; {@link ObjectPair#ORDER} by default.
     *
     * @param objectPair the pair
     * @return this builder
     */
    public Builder objectPair(ObjectPair objectPair) {
      this.objectPair = Objects.requireNonNull(objectPair, "objectPair");
      return this;
    }

    /**
     * The line field holding the SKU (the Scale product configuration key), relative to the line
     * object: {@code Product2.ProductCode} (default), {@code Product2.StockKeepingUnit}, or a
     * custom field such as {@code Product2.Scale_Product_Config_Id__c}.
     *
     * @param skuField the field path
     * @return this builder
     */
    public Builder skuField(String skuField) {
      this.skuField = requireField(skuField, "skuField");
      return this;
    }

    /**
     * The Account field read as the licensee's email, such as {@code PersonEmail} in orgs with
     * person accounts or a custom field; none by default.
     *
     * @param field the field path, or {@code null} for none
     * @return this builder
     */
    public Builder accountEmailField(@Nullable String field) {
      this.accountEmailField = field == null ? null : requireField(field, "accountEmailField");
      return this;
    }

    /**
     * The Account checkbox that marks an individual (B2C) customer: {@code IsPersonAccount} in orgs
     * with person accounts enabled, or a custom checkbox. Without it every account is B2B (the
     * default, because selecting {@code IsPersonAccount} fails in orgs without person accounts).
     *
     * @param field the field path, or {@code null} for none
     * @return this builder
     */
    public Builder b2cField(@Nullable String field) {
      this.b2cField = field == null ? null : requireField(field, "b2cField");
      return this;
    }

    /**
     * The values of the parent's {@code Status} (orders) or {@code StageName} (opportunities) that
     * mean the purchase was cancelled. Such a parent is read even though it is no longer activated
     * or won, and comes back as an order whose lines are all cancelled (or as a cancelled-order
     * tombstone when it has no line that can be read). By default {@value
     * #DEFAULT_CANCELLED_STATUS} for orders and none for opportunities; no values turns this off.
     *
     * @param values picklist API values, such as {@code Cancelled}
     * @return this builder
     */
    public Builder cancelledStatuses(List<String> values) {
      Objects.requireNonNull(values, "values");
      List<String> checked = new java.util.ArrayList<>();
      for (String v : values) {
        checked.add(requirePicklistValue(v, "cancelledStatuses"));
      }
      this.cancelledStatuses = List.copyOf(new java.util.LinkedHashSet<>(checked));
      return this;
    }

    /**
     * Reports contacts whose {@code field} equals {@code value} (ignoring case) as inactive: a
     * tombstone instead of a live contact. For a checkbox such as {@code Inactive__c}, the value is
     * {@code true}.
     *
     * @param field the Contact field, or {@code null} to turn this off
     * @param value the value that means inactive
     * @return this builder
     */
    public Builder inactiveContactWhen(@Nullable String field, String value) {
      this.contactInactiveField = field == null ? null : requireField(field, "inactiveContactWhen");
      this.contactInactiveValue = requireText(value, "inactiveContactWhen value");
      return this;
    }

    /**
     * Reports order lines whose {@code field} equals {@code value} (ignoring case) as cancelled,
     * with the end date from {@code cancelledAtField} when given.
     *
     * @param field the line field, or {@code null} to turn this off
     * @param value the value that means cancelled
     * @param cancelledAtField a date or datetime field of the line that says when its license ends,
     *     or {@code null} for the moment of the sync
     * @return this builder
     */
    public Builder cancelledLineWhen(
        @Nullable String field, String value, @Nullable String cancelledAtField) {
      this.lineCancelledField = field == null ? null : requireField(field, "cancelledLineWhen");
      this.lineCancelledValue = requireText(value, "cancelledLineWhen value");
      this.lineCancelledAtField =
          cancelledAtField == null ? null : requireField(cancelledAtField, "cancelledAtField");
      return this;
    }

    /**
     * Turns on write-back for one record type: the Scale id is PATCHed into this custom field of
     * the record ({@code Account}, {@code Contact}, the parent object for orders, the line object
     * for order lines).
     *
     * @param type the record type
     * @param customField the field's API name, such as {@code Scale_Licensee_Id__c}
     * @return this builder
     */
    public Builder writeBackField(CrmRecordType type, String customField) {
      Objects.requireNonNull(type, "type");
      String field = requireField(customField, "writeBackField");
      if (field.contains(".")) {
        throw new IllegalArgumentException("writeBackField must be a field of the record itself");
      }
      writeBackFields.put(type, field);
      return this;
    }

    /**
     * The largest query batch size sent as {@code Sforce-Query-Options: batchSize=N}. Each read
     * asks for the smaller of this and its page size (Salesforce's minimum is 200), so that pages
     * line up with batches; Salesforce may still return smaller batches.
     *
     * @param batchSize 200 to 2000 (default 2000)
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 200 || batchSize > 2000) {
        throw new IllegalArgumentException("batchSize must be 200 to 2000, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * How many times a throttled ({@code REQUEST_LIMIT_EXCEEDED}, 429) or failed (5xx, network)
     * request is retried.
     *
     * @param maxRetries 0 to 10 (default 4)
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 10) {
        throw new IllegalArgumentException("maxRetries must be 0 to 10, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The exponential back-off: the n-th retry waits between half and all of {@code initial * 2^n},
     * at most {@code max}. A {@code Retry-After} header, when present, wins.
     *
     * @param initial the first delay (default 1 s)
     * @param max the longest delay (default 30 s)
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff needs 0 <= initial <= max");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * The timeout of each HTTP request (default 2 minutes).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("requestTimeout must be positive");
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * The clock used for JWT expiry (default: system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The sleeper used between retries (default: {@link Sleeper#system()}).
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * The HTTP client to use (for a proxy, custom TLS or executor); by default one with HTTP/1.1
     * and a 10-second connect timeout.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException when no OAuth flow was chosen
     * @throws IllegalArgumentException when client credentials are to be used with {@code
     *     login.salesforce.com} or {@code test.salesforce.com} instead of the org's My Domain URL
     */
    public SalesforceConfig build() {
      return new SalesforceConfig(this);
    }

    private static String requireText(@Nullable String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " is required");
      }
      return value;
    }
  }
}
