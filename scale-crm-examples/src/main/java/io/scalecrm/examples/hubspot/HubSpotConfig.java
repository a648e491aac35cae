package io.scalecrm.examples.hubspot;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link HubSpotAdapter}: where HubSpot is, the private-app token, which API path
 * shape to use, and how HubSpot properties map onto the canonical CRM records.
 *
 * <p>Create it with {@link #builder()}; only the token is required. The token is kept in a wrapper
 * that never appears in {@link #toString()}, logs or exception messages.
 */
public final class HubSpotConfig {

  /** The environment variable holding the private-app token. */
  public static final String ENV_TOKEN = "HUBSPOT_TOKEN";

  /** The HubSpot API root used when none is configured. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.hubapi.com");

  /** The date version used by {@link PathVersion#DATED} paths unless configured otherwise. */
  public static final String DEFAULT_API_DATE = "2026-03";

  /** The {@code dealstage} of a lost deal in HubSpot's default pipeline. */
  public static final String DEFAULT_CANCELLED_DEAL_STAGE = "closedlost";

  /** The most results one HubSpot search can page through. */
  static final int HUBSPOT_SEARCH_RESULT_CAP = 10_000;

  private static final Pattern API_DATE = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9_]{1,100}");

  /** The shape of HubSpot's REST paths. */
  public enum PathVersion {
    /** Numeric versions: {@code /crm/v3/objects/...} and {@code /crm/v4/associations/...}. */
    LEGACY,
    /**
     * Date versions: {@code /crm/objects/<date>/...} and {@code /crm/associations/<date>/...}, with
     * the date from {@link Builder#apiDate(String)}.
     */
    DATED
  }

  private final URI baseUrl;
  private final Secret token;
  private final PathVersion pathVersion;
  private final String apiDate;
  private final String wonDealProperty;
  private final String wonDealValue;
  private final String cancelledDealProperty;
  private final List<String> cancelledDealValues;
  private final @Nullable String contactInactiveProperty;
  private final String contactInactiveValue;
  private final @Nullable String lineCancelledProperty;
  private final String lineCancelledValue;
  private final @Nullable String lineCancelledAtProperty;
  private final String skuProperty;
  private final @Nullable String b2cProperty;
  private final @Nullable String b2cValue;
  private final @Nullable String companyDisplayNameProperty;
  private final @Nullable String companyEmailProperty;
  private final @Nullable String companyContactInfoProperty;
  private final Map<String, String> companyOtherIdProperties;
  private final @Nullable String contactIdentityProperty;
  private final @Nullable String lineSubscriptionProperty;
  private final @Nullable String lineContractProperty;
  private final @Nullable String scaleIdProperty;
  private final int maxRetries;
  private final Duration retryBackoff;
  private final Duration requestTimeout;
  private final Duration searchIndexLag;
  private final int searchResultCap;
  private final Clock clock;
  private final Sleeper sleeper;

  private HubSpotConfig(Builder b) {
    if (b.token == null) {
      throw new IllegalStateException(
          "HubSpotConfig needs the private-app token (privateAppToken)");
    }
    this.baseUrl = b.baseUrl;
    this.token = b.token;
    this.pathVersion = b.pathVersion;
    this.apiDate = b.apiDate;
    this.wonDealProperty = b.wonDealProperty;
    this.wonDealValue = b.wonDealValue;
    this.cancelledDealProperty = b.cancelledDealProperty;
    this.cancelledDealValues = List.copyOf(b.cancelledDealValues);
    this.contactInactiveProperty = b.contactInactiveProperty;
    this.contactInactiveValue = b.contactInactiveValue;
    this.lineCancelledProperty = b.lineCancelledProperty;
    this.lineCancelledValue = b.lineCancelledValue;
    this.lineCancelledAtProperty = b.lineCancelledAtProperty;
    this.skuProperty = b.skuProperty;
    this.b2cProperty = b.b2cProperty;
    this.b2cValue = b.b2cValue;
    this.companyDisplayNameProperty = b.companyDisplayNameProperty;
    this.companyEmailProperty = b.companyEmailProperty;
    this.companyContactInfoProperty = b.companyContactInfoProperty;
    this.companyOtherIdProperties =
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.companyOtherIdProperties));
    this.contactIdentityProperty = b.contactIdentityProperty;
    this.lineSubscriptionProperty = b.lineSubscriptionProperty;
    this.lineContractProperty = b.lineContractProperty;
    this.scaleIdProperty = b.scaleIdProperty;
    this.maxRetries = b.maxRetries;
    this.retryBackoff = b.retryBackoff;
    this.requestTimeout = b.requestTimeout;
    this.searchIndexLag = b.searchIndexLag;
    this.searchResultCap = b.searchResultCap;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
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
  public static HubSpotConfig fromEnvironment(Map<String, String> env) {
    return builderFromEnvironment(env).build();
  }

  /**
   * A builder filled from environment variables (blank counts as unset), to adjust further (for
   * example its clock) before {@link Builder#build()}. All problems are reported at once:
   *
   * <ul>
   *   <li>{@value #ENV_TOKEN}: the private-app token (required);
   *   <li>{@code HUBSPOT_BASE_URL} (default {@code https://api.hubapi.com}); {@code
   *       HUBSPOT_PATH_VERSION}: {@code DATED} (default) or {@code LEGACY}; {@code
   *       HUBSPOT_API_DATE}: the date of dated paths (default {@value #DEFAULT_API_DATE});
   *   <li>{@code HUBSPOT_WON_PROPERTY} and {@code HUBSPOT_WON_VALUE}: won deals (default {@code
   *       hs_is_closed_won} = {@code true}); {@code HUBSPOT_CANCELLED_PROPERTY} and {@code
   *       HUBSPOT_CANCELLED_VALUES}: deals that left the won stage (default {@code dealstage} in
   *       {@code closedlost}; a comma-separated list, {@code none} for no cancellations);
   *   <li>{@code HUBSPOT_SKU_PROPERTY}: the line item SKU (default {@code hs_sku});
   *   <li>{@code HUBSPOT_B2C_PROPERTY} and {@code HUBSPOT_B2C_VALUE} (default {@code B2C}): the
   *       company property that marks individuals; {@code HUBSPOT_EMAIL_PROPERTY}, {@code
   *       HUBSPOT_DISPLAY_NAME_PROPERTY}, {@code HUBSPOT_CONTACT_INFO_PROPERTY}: company
   *       properties; {@code HUBSPOT_OTHER_ID_PROPERTIES}: {@code key=property,…} copied into the
   *       account's other ids;
   *   <li>{@code HUBSPOT_IDENTITY_PROPERTY}: the contact's identity provider subject; {@code
   *       HUBSPOT_INACTIVE_PROPERTY} and {@code HUBSPOT_INACTIVE_VALUE} (default {@code true}):
   *       inactive contacts;
   *   <li>{@code HUBSPOT_SUBSCRIPTION_PROPERTY}, {@code HUBSPOT_CONTRACT_PROPERTY}: line item
   *       references; {@code HUBSPOT_LINE_CANCELLED_PROPERTY}, {@code HUBSPOT_LINE_CANCELLED_VALUE}
   *       (default {@code true}) and {@code HUBSPOT_LINE_CANCELLED_AT_PROPERTY}: cancelled lines;
   *   <li>{@code HUBSPOT_SCALE_ID_PROPERTY}: turns write-back on into this property;
   *   <li>{@code HUBSPOT_MAX_RETRIES}, {@code HUBSPOT_RETRY_BACKOFF}, {@code
   *       HUBSPOT_REQUEST_TIMEOUT}, {@code HUBSPOT_SEARCH_INDEX_LAG}: durations in ISO-8601 such as
   *       {@code PT30S}.
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
    String property = "must be a HubSpot property name (letters, digits and _)";
    e.require(ENV_TOKEN, "the HubSpot private-app token", "must not be blank", b::privateAppToken);
    e.apply(
        "HUBSPOT_BASE_URL",
        "must be an https URL (plain http only on a loopback host), such as"
            + " https://api.hubapi.com",
        v -> b.baseUrl(Env.uri(v)));
    e.apply(
        "HUBSPOT_PATH_VERSION",
        "must be DATED or LEGACY",
        v -> b.pathVersion(PathVersion.valueOf(v.toUpperCase(java.util.Locale.ROOT))));
    e.apply("HUBSPOT_API_DATE", "must look like 2026-03", b::apiDate);
    if (e.has("HUBSPOT_WON_PROPERTY") || e.has("HUBSPOT_WON_VALUE")) {
      String wonValue = Objects.requireNonNullElse(e.get("HUBSPOT_WON_VALUE"), "true");
      String wonProperty =
          Objects.requireNonNullElse(e.get("HUBSPOT_WON_PROPERTY"), "hs_is_closed_won");
      e.check("HUBSPOT_WON_PROPERTY", property, () -> b.wonDealFilter(wonProperty, wonValue));
    }
    if (e.has("HUBSPOT_CANCELLED_PROPERTY") || e.has("HUBSPOT_CANCELLED_VALUES")) {
      List<String> stages = List.of(DEFAULT_CANCELLED_DEAL_STAGE);
      if (e.has("HUBSPOT_CANCELLED_VALUES")) {
        try {
          stages = Env.list(e.get("HUBSPOT_CANCELLED_VALUES"));
        } catch (IllegalArgumentException ex) {
          e.problem(
              "HUBSPOT_CANCELLED_VALUES must be a comma-separated list of deal stages, or none");
        }
      }
      List<String> cancelled = stages;
      String cancelledProperty =
          Objects.requireNonNullElse(e.get("HUBSPOT_CANCELLED_PROPERTY"), "dealstage");
      e.check(
          "HUBSPOT_CANCELLED_PROPERTY",
          property,
          () -> b.cancelledDealWhen(cancelledProperty, cancelled));
    }
    e.apply("HUBSPOT_SKU_PROPERTY", property, b::skuProperty);
    pair(e, "HUBSPOT_B2C_PROPERTY", "HUBSPOT_B2C_VALUE", "B2C", property, b::b2cWhen);
    e.apply("HUBSPOT_EMAIL_PROPERTY", property, b::companyEmailProperty);
    e.apply("HUBSPOT_DISPLAY_NAME_PROPERTY", property, b::companyDisplayNameProperty);
    e.apply("HUBSPOT_CONTACT_INFO_PROPERTY", property, b::companyContactInfoProperty);
    e.apply(
        "HUBSPOT_OTHER_ID_PROPERTIES",
        "must be key=property pairs separated by commas, such as vat=vat_number",
        v -> {
          for (String entry : Env.list(v)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("not key=property");
            }
            b.companyOtherId(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
          }
        });
    e.apply("HUBSPOT_IDENTITY_PROPERTY", property, b::contactIdentityProperty);
    pair(
        e,
        "HUBSPOT_INACTIVE_PROPERTY",
        "HUBSPOT_INACTIVE_VALUE",
        "true",
        property,
        b::inactiveContactWhen);
    e.apply("HUBSPOT_SUBSCRIPTION_PROPERTY", property, b::lineSubscriptionProperty);
    e.apply("HUBSPOT_CONTRACT_PROPERTY", property, b::lineContractProperty);
    String cancelledAt = e.get("HUBSPOT_LINE_CANCELLED_AT_PROPERTY");
    if (cancelledAt != null && !PROPERTY.matcher(cancelledAt).matches()) {
      e.problem("HUBSPOT_LINE_CANCELLED_AT_PROPERTY " + property);
      cancelledAt = null;
    } else if (cancelledAt != null && !e.has("HUBSPOT_LINE_CANCELLED_PROPERTY")) {
      e.problem(
          "HUBSPOT_LINE_CANCELLED_AT_PROPERTY is set but HUBSPOT_LINE_CANCELLED_PROPERTY is not");
    }
    String lineCancelledAt = cancelledAt;
    pair(
        e,
        "HUBSPOT_LINE_CANCELLED_PROPERTY",
        "HUBSPOT_LINE_CANCELLED_VALUE",
        "true",
        property,
        (p, v) -> b.cancelledLineWhen(p, v, lineCancelledAt));
    e.apply("HUBSPOT_SCALE_ID_PROPERTY", property, b::scaleIdProperty);
    e.apply(
        "HUBSPOT_MAX_RETRIES",
        "must be a whole number, 0 or more",
        v -> b.maxRetries(Env.wholeNumber(v)));
    e.apply(
        "HUBSPOT_RETRY_BACKOFF",
        "must be an ISO-8601 duration such as PT1S",
        v -> b.retryBackoff(Env.duration(v)));
    e.apply(
        "HUBSPOT_REQUEST_TIMEOUT",
        "must be a positive ISO-8601 duration such as PT30S",
        v -> b.requestTimeout(Env.duration(v)));
    e.apply(
        "HUBSPOT_SEARCH_INDEX_LAG",
        "must be an ISO-8601 duration such as PT30S",
        v -> b.searchIndexLag(Env.duration(v)));
    e.throwIfAny();
    return b;
  }

  /** A property variable with an optional value variable (default {@code fallback}). */
  private static void pair(
      Env e,
      String propertyVariable,
      String valueVariable,
      String fallback,
      String rule,
      java.util.function.BiConsumer<String, String> setter) {
    if (e.has(valueVariable) && !e.has(propertyVariable)) {
      e.problem(valueVariable + " is set but " + propertyVariable + " is not");
      return;
    }
    String value = Objects.requireNonNullElse(e.get(valueVariable), fallback);
    e.apply(propertyVariable, rule, p -> setter.accept(p, value));
  }

  /**
   * A builder with the defaults: {@link #DEFAULT_BASE_URL}, {@link PathVersion#DATED} {@value
   * #DEFAULT_API_DATE}, won deals = {@code hs_is_closed_won = true}, cancelled deals = {@code
   * dealstage = closedlost}, SKU from {@code hs_sku}, every company B2B, no inactive contacts or
   * cancelled line flags, 5 retries, the system clock and sleeper.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The HubSpot API root, for example {@code https://api.hubapi.com}.
   *
   * @return the base URL
   */
  public URI baseUrl() {
    return baseUrl;
  }

  Secret token() {
    return token;
  }

  /**
   * The path shape the adapter uses.
   *
   * @return the path version
   */
  public PathVersion pathVersion() {
    return pathVersion;
  }

  /**
   * The date segment of {@link PathVersion#DATED} paths, such as {@code 2026-03}.
   *
   * @return the API date
   */
  public String apiDate() {
    return apiDate;
  }

  /**
   * The deal property that marks a won deal.
   *
   * @return the property name, {@code hs_is_closed_won} by default
   */
  public String wonDealProperty() {
    return wonDealProperty;
  }

  /**
   * The value of {@link #wonDealProperty()} on won deals.
   *
   * @return the value, {@code true} by default
   */
  public String wonDealValue() {
    return wonDealValue;
  }

  /**
   * The deal property whose {@link #cancelledDealValues()} mark a deal that left the won stage:
   * such a deal comes back as an order whose lines are all cancelled.
   *
   * @return the property name, {@code dealstage} by default
   */
  public String cancelledDealProperty() {
    return cancelledDealProperty;
  }

  /**
   * The values of {@link #cancelledDealProperty()} (compared ignoring case) that mean cancelled:
   * deal stage ids such as {@code closedlost} or a custom "cancelled" stage.
   *
   * @return the values, {@code [closedlost]} by default; empty when deals are never cancelled
   */
  public List<String> cancelledDealValues() {
    return cancelledDealValues;
  }

  /**
   * The contact property that marks a contact inactive, or {@code null} when contacts are never
   * inactive.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String contactInactiveProperty() {
    return contactInactiveProperty;
  }

  /**
   * The value of {@link #contactInactiveProperty()} (compared ignoring case) that means inactive.
   *
   * @return the value
   */
  public String contactInactiveValue() {
    return contactInactiveValue;
  }

  /**
   * The line item property that marks one line cancelled, or {@code null} for none.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String lineCancelledProperty() {
    return lineCancelledProperty;
  }

  /**
   * The value of {@link #lineCancelledProperty()} (compared ignoring case) that means cancelled.
   *
   * @return the value
   */
  public String lineCancelledValue() {
    return lineCancelledValue;
  }

  /**
   * The line item date property that says when a cancelled line's license ends, or {@code null}:
   * then it ends at the moment of the sync.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String lineCancelledAtProperty() {
    return lineCancelledAtProperty;
  }

  /**
   * The line item property holding the SKU that maps to a Scale product configuration.
   *
   * @return the property name, {@code hs_sku} by default
   */
  public String skuProperty() {
    return skuProperty;
  }

  /**
   * The company property that marks an individual (B2C) customer, or {@code null} when every
   * company is a business.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String b2cProperty() {
    return b2cProperty;
  }

  /**
   * The value of {@link #b2cProperty()} (compared ignoring case) that marks a B2C company.
   *
   * @return the value, or {@code null} when every company is a business
   */
  public @Nullable String b2cValue() {
    return b2cValue;
  }

  /**
   * The company property read as the account's display name, or {@code null} for none.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String companyDisplayNameProperty() {
    return companyDisplayNameProperty;
  }

  /**
   * The company property read as the account's email, or {@code null} for none.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String companyEmailProperty() {
    return companyEmailProperty;
  }

  /**
   * The company property read as the account's free-text contact information, or {@code null}.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String companyContactInfoProperty() {
    return companyContactInfoProperty;
  }

  /**
   * The company properties copied into {@code CrmAccount.otherIds}: key in otherIds to property.
   *
   * @return the mapping, empty by default
   */
  public Map<String, String> companyOtherIdProperties() {
    return companyOtherIdProperties;
  }

  /**
   * The contact property holding the subject in the vendor's identity provider, or {@code null}.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String contactIdentityProperty() {
    return contactIdentityProperty;
  }

  /**
   * The line item property read as the line's subscription reference, or {@code null}.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String lineSubscriptionProperty() {
    return lineSubscriptionProperty;
  }

  /**
   * The line item property read as the line's contract reference, or {@code null}.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String lineContractProperty() {
    return lineContractProperty;
  }

  /**
   * The property (the same name on companies, contacts, deals and line items) that receives the
   * Scale id on write-back, or {@code null} when write-back is off.
   *
   * @return the property name, or {@code null}
   */
  public @Nullable String scaleIdProperty() {
    return scaleIdProperty;
  }

  /**
   * How often a throttled (429), failed (5xx) or unreachable request is retried before giving up.
   *
   * @return the number of retries
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The first back-off delay when HubSpot sends no {@code Retry-After}; it doubles per retry, up to
   * 32 times this value.
   *
   * @return the base back-off
   */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /**
   * The timeout of one HTTP request.
   *
   * @return the timeout
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * How far HubSpot's search index may lag writes: a read leaves out records modified less than
   * this long before it started, so that no record becomes searchable behind a checkpoint; a later
   * read returns them.
   *
   * @return the lag
   */
  public Duration searchIndexLag() {
    return searchIndexLag;
  }

  int searchResultCap() {
    return searchResultCap;
  }

  /**
   * The clock that bounds each read (see {@link #searchIndexLag()}) and dates {@code Retry-After}.
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

  @Override
  public String toString() {
    return "HubSpotConfig[baseUrl="
        + baseUrl
        + ", token=redacted, pathVersion="
        + pathVersion
        + (pathVersion == PathVersion.DATED ? " " + apiDate : "")
        + ", won="
        + wonDealProperty
        + "="
        + wonDealValue
        + ", cancelled="
        + cancelledDealProperty
        + " in "
        + cancelledDealValues
        + ", sku="
        + skuProperty
        + ", b2c="
        + (b2cProperty == null ? "none" : b2cProperty + "=" + b2cValue)
        + ", scaleIdProperty="
        + scaleIdProperty
        + ", maxRetries="
        + maxRetries
        + "]";
  }

  /** Builds a {@link HubSpotConfig}; not thread-safe. */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private @Nullable Secret token;
    private PathVersion pathVersion = PathVersion.DATED;
    private String apiDate = DEFAULT_API_DATE;
    private String wonDealProperty = "hs_is_closed_won";
    private String wonDealValue = "true";
    private String cancelledDealProperty = "dealstage";
    private List<String> cancelledDealValues = List.of(DEFAULT_CANCELLED_DEAL_STAGE);
    private @Nullable String contactInactiveProperty;
    private String contactInactiveValue = "true";
    private @Nullable String lineCancelledProperty;
    private String lineCancelledValue = "true";
    private @Nullable String lineCancelledAtProperty;
    private String skuProperty = "hs_sku";
    private @Nullable String b2cProperty;
    private @Nullable String b2cValue;
    private @Nullable String companyDisplayNameProperty;
    private @Nullable String companyEmailProperty;
    private @Nullable String companyContactInfoProperty;
    private final Map<String, String> companyOtherIdProperties = new LinkedHashMap<>();
    private @Nullable String contactIdentityProperty;
    private @Nullable String lineSubscriptionProperty;
    private @Nullable String lineContractProperty;
    private @Nullable String scaleIdProperty;
    private int maxRetries = 5;
    private Duration retryBackoff = Duration.ofSeconds(1);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration searchIndexLag = Duration.ofSeconds(30);
    private int searchResultCap = HUBSPOT_SEARCH_RESULT_CAP;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /**
     * Sets the API root; a loopback URL for tests.
     *
     * @param baseUrl the base URL, without a trailing path: https, or http on a loopback host (the
     *     token must not travel in the clear)
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      String scheme =
          baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(java.util.Locale.ROOT);
      String host = baseUrl.getHost();
      boolean loopback =
          host != null
              && (host.equals("localhost") || host.equals("[::1]") || host.startsWith("127."));
      if (host == null
          || !(scheme.equals("https") || (scheme.equals("http") && loopback))
          || baseUrl.getRawUserInfo() != null
          || baseUrl.getRawQuery() != null) {
        throw new IllegalArgumentException(
            "baseUrl must be an https URL without user info or query (plain http only on a"
                + " loopback host)");
      }
      String text = baseUrl.toString();
      this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      return this;
    }

    /**
     * Sets the private-app access token, sent as {@code Authorization: Bearer}.
     *
     * @param token the token
     * @return this builder
     */
    public Builder privateAppToken(String token) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("The private-app token is blank");
      }
      this.token = new Secret(token.strip());
      return this;
    }

    /**
     * Sets the path shape.
     *
     * @param pathVersion legacy numeric or date-versioned paths
     * @return this builder
     */
    public Builder pathVersion(PathVersion pathVersion) {
      this.pathVersion = Objects.requireNonNull(pathVersion, "pathVersion");
      return this;
    }

    /**
     * Sets the date of {@link PathVersion#DATED} paths.
     *
     * @param apiDate a date version such as {@code 2026-03}
     * @return this builder
     */
    public Builder apiDate(String apiDate) {
      if (apiDate == null || !API_DATE.matcher(apiDate).matches()) {
        throw new IllegalArgumentException("apiDate must look like 2026-03");
      }
      this.apiDate = apiDate;
      return this;
    }

    /**
     * Sets the filter that selects won deals.
     *
     * @param property the deal property
     * @param value the value on won deals
     * @return this builder
     */
    public Builder wonDealFilter(String property, String value) {
      this.wonDealProperty = property(property, "wonDealFilter");
      this.wonDealValue = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets which deals count as cancelled: those whose {@code property} has one of {@code values}
     * (ignoring case). A cancelled deal is read even though it is no longer won, and comes back as
     * an order whose lines are all cancelled (or, when its lines cannot be read, as a
     * cancelled-order tombstone). A deal that is both won and cancelled counts as cancelled.
     *
     * @param property the deal property, {@code dealstage} by default
     * @param values the values, such as the stage ids {@code closedlost} (the default) and {@code
     *     cancelled}; none turns cancellations off
     * @return this builder
     */
    public Builder cancelledDealWhen(String property, List<String> values) {
      this.cancelledDealProperty = property(property, "cancelledDealWhen");
      List<String> checked = new ArrayList<>();
      for (String v : Objects.requireNonNull(values, "values")) {
        if (v == null || v.isBlank()) {
          throw new IllegalArgumentException("cancelledDealWhen values must not be blank");
        }
        checked.add(v.strip());
      }
      this.cancelledDealValues = List.copyOf(new LinkedHashSet<>(checked));
      return this;
    }

    /**
     * Reports contacts whose {@code property} equals {@code value} (ignoring case) as inactive: a
     * tombstone instead of a live contact.
     *
     * @param property the contact property, or {@code null} to turn this off
     * @param value the value that means inactive
     * @return this builder
     */
    public Builder inactiveContactWhen(@Nullable String property, String value) {
      this.contactInactiveProperty = optionalProperty(property, "inactiveContactWhen");
      this.contactInactiveValue = text(value, "inactiveContactWhen value");
      return this;
    }

    /**
     * Reports line items whose {@code property} equals {@code value} (ignoring case) as cancelled
     * lines, ending at the date in {@code cancelledAtProperty} (a date means 00:00 UTC of that day)
     * or, without one, at the moment of the sync.
     *
     * @param property the line item property, or {@code null} to turn this off
     * @param value the value that means cancelled
     * @param cancelledAtProperty a date property of the line item, or {@code null}
     * @return this builder
     */
    public Builder cancelledLineWhen(
        @Nullable String property, String value, @Nullable String cancelledAtProperty) {
      this.lineCancelledProperty = optionalProperty(property, "cancelledLineWhen");
      this.lineCancelledValue = text(value, "cancelledLineWhen value");
      this.lineCancelledAtProperty = optionalProperty(cancelledAtProperty, "cancelledAtProperty");
      return this;
    }

    /**
     * Sets the line item property that holds the SKU.
     *
     * @param property the property name
     * @return this builder
     */
    public Builder skuProperty(String property) {
      this.skuProperty = property(property, "skuProperty");
      return this;
    }

    /**
     * Marks companies whose {@code property} equals {@code value} (ignoring case) as B2C.
     *
     * @param property the company property
     * @param value the value that means B2C
     * @return this builder
     */
    public Builder b2cWhen(String property, String value) {
      this.b2cProperty = property(property, "b2cWhen");
      this.b2cValue = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Reads the account display name from a company property.
     *
     * @param property the property name, or {@code null} for none
     * @return this builder
     */
    public Builder companyDisplayNameProperty(@Nullable String property) {
      this.companyDisplayNameProperty = optionalProperty(property, "companyDisplayNameProperty");
      return this;
    }

    /**
     * Reads the account email from a company property (companies have none by default).
     *
     * @param property the property name, or {@code null} for none
     * @return this builder
     */
    public Builder companyEmailProperty(@Nullable String property) {
      this.companyEmailProperty = optionalProperty(property, "companyEmailProperty");
      return this;
    }

    /**
     * Reads the account contact information from a company property.
     *
     * @param property the property name, or {@code null} for none
     * @return this builder
     */
    public Builder companyContactInfoProperty(@Nullable String property) {
      this.companyContactInfoProperty = optionalProperty(property, "companyContactInfoProperty");
      return this;
    }

    /**
     * Copies a company property into {@code CrmAccount.otherIds}.
     *
     * @param key the key in otherIds, for example {@code domain}
     * @param property the company property
     * @return this builder
     */
    public Builder companyOtherId(String key, String property) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("companyOtherId needs a key");
      }
      companyOtherIdProperties.put(key, property(property, "companyOtherId"));
      return this;
    }

    /**
     * Reads the contact's connected identity id from a contact property.
     *
     * @param property the property name, or {@code null} for none
     * @return this builder
     */
    public Builder contactIdentityProperty(@Nullable String property) {
      this.contactIdentityProperty = optionalProperty(property, "contactIdentityProperty");
      return this;
    }

    /**
     * Reads the line's subscription reference from a line item property.
     *
     * @param property the property name, or {@code null} for none
     * @return this builder
     */
    public Builder lineSubscriptionProperty(@Nullable String property) {
      this.lineSubscriptionProperty = optionalProperty(property, "lineSubscriptionProperty");
      return this;
    }

    /**
     * Reads the line's contract reference from a line item property.
     *
     * @param property the property name, or {@code null} for none
     * @return this builder
     */
    public Builder lineContractProperty(@Nullable String property) {
      this.lineContractProperty = optionalProperty(property, "lineContractProperty");
      return this;
    }

    /**
     * Turns on write-back of Scale ids into this property (a custom single-line text property that
     * must exist on companies, contacts, deals and line items).
     *
     * @param property the property name, or {@code null} to turn write-back off
     * @return this builder
     */
    public Builder scaleIdProperty(@Nullable String property) {
      this.scaleIdProperty = optionalProperty(property, "scaleIdProperty");
      return this;
    }

    /**
     * Sets how often a throttled, failed or unreachable request is retried.
     *
     * @param maxRetries 0 or more
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the first back-off delay used when HubSpot sends no {@code Retry-After}.
     *
     * @param retryBackoff a non-negative duration
     * @return this builder
     */
    public Builder retryBackoff(Duration retryBackoff) {
      this.retryBackoff = nonNegative(retryBackoff, "retryBackoff");
      return this;
    }

    /**
     * Sets the timeout of one HTTP request.
     *
     * @param requestTimeout a positive duration
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      if (nonNegative(requestTimeout, "requestTimeout").isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive");
      }
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * Sets how far HubSpot's search index may lag writes (see {@link
     * HubSpotConfig#searchIndexLag()}).
     *
     * @param searchIndexLag a non-negative duration
     * @return this builder
     */
    public Builder searchIndexLag(Duration searchIndexLag) {
      this.searchIndexLag = nonNegative(searchIndexLag, "searchIndexLag");
      return this;
    }

    /** Test hook: the fake HubSpot can cap searches lower than HubSpot's 10,000. */
    Builder searchResultCap(int searchResultCap) {
      if (searchResultCap < 2) {
        throw new IllegalArgumentException("searchResultCap must be at least 2");
      }
      this.searchResultCap = searchResultCap;
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the sleeper used between retries.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException when the token is missing
     */
    public HubSpotConfig build() {
      return new HubSpotConfig(this);
    }

    private static String property(String name, String setting) {
      if (name == null || !PROPERTY.matcher(name).matches()) {
        throw new IllegalArgumentException(setting + " needs a HubSpot property name");
      }
      return name;
    }

    private static String text(@Nullable String value, String setting) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(setting + " must not be blank");
      }
      return value.strip();
    }

    private static @Nullable String optionalProperty(@Nullable String name, String setting) {
      return name == null ? null : property(name, setting);
    }

    private static Duration nonNegative(Duration d, String setting) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(setting + " must not be negative");
      }
      return d;
    }
  }
}
