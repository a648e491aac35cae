package io.scalecrm.examples.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stateful, in-memory Salesforce on loopback, implementing just what {@link SalesforceAdapter}
 * uses: the OAuth token endpoint (client credentials, and JWT bearer verified with the test public
 * key), SOQL queries recognised by the adapter's {@link Soql} templates (no SOQL parser) with
 * {@code nextRecordsUrl} paging, and sObject GET/PATCH. Response shapes follow Salesforce's REST
 * documentation: records carry {@code attributes {type, url}}, child relationships nest as a query
 * result or {@code null}, errors are {@code [{"message","errorCode"}]} arrays, and every API
 * response carries {@code Sforce-Limit-Info}.
 *
 * <p>{@code query} leaves out deleted rows ({@code IsDeleted = true}), {@code queryAll} returns
 * them, in relationship subqueries too. Rows that share a {@code SystemModstamp} come in an order
 * that is not Java's string order of their ids: by default descending by id, or shuffled per query
 * ({@link #shuffleTies(long)}); nothing documents how Salesforce orders them, so the adapter must
 * not depend on it.
 *
 * <p>Knobs: throttle the next N API calls with {@code REQUEST_LIMIT_EXCEEDED}, expire the current
 * sessions once, reject all sessions, answer 500 to everything, expire query locators (all, or only
 * those of child relationships); every request is recorded.
 */
final class FakeSalesforce implements AutoCloseable {

  static final String CLIENT_ID = "3MVG9fake.consumer.key";
  static final String CLIENT_SECRET = "fake-consumer-secret-9f8e7d";
  static final String USERNAME = "integration@example.com.scale";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  private static final Pattern LITERAL =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final Pattern LOCATOR_PATH =
      Pattern.compile("/services/data/(v\\d+\\.\\d)/query/(01g[A-Za-z0-9]+)-(\\d+)");
  private static final Pattern QUERY_PATH =
      Pattern.compile("/services/data/(v\\d+\\.\\d)/(query|queryAll)");
  private static final Pattern SOBJECT_PATH =
      Pattern.compile("/services/data/(v\\d+\\.\\d)/sobjects/([A-Za-z0-9_]+)/([^/]+)");

  /** One recorded request. */
  record Recorded(
      String method,
      String path,
      @Nullable String soql,
      @Nullable String queryOptions,
      @Nullable String authorization,
      String body) {}

  /** A scripted error reply. */
  private record Failure(
      int status, String errorCode, String message, @Nullable Integer retryAfterSeconds) {}

  /** One query cursor: the snapshot rows and their batch size. */
  private record Locator(List<ObjectNode> rows, int batchSize) {}

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final String baseUrl;
  private boolean closed;

  // auth
  private @Nullable String jwtAudience;
  private @Nullable RSAPublicKey jwtKey;
  private final Set<String> validTokens = new HashSet<>();
  private int tokensIssued;

  // data: object -> id -> record (fields only, no attributes)
  private final Map<String, TreeMap<String, ObjectNode>> store = new HashMap<>();
  private final Map<String, Locator> locators = new HashMap<>();
  private int locatorSeq;
  private int batchSize = 2000;
  private int childBatchSize = 200;
  private java.util.@Nullable Random tieShuffle;
  private boolean reverseStamps;

  // knobs
  private final Deque<Failure> scriptedFailures = new ArrayDeque<>();
  private boolean rejectAllSessions;
  private boolean clientRevoked;
  private final Set<String> issuedTokens = new HashSet<>();
  private boolean serverErrorAlways;
  private long apiUsage;
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());

  static {
    // The JDK server writes headers and body in two segments; without TCP_NODELAY every reply
    // waits for the client's delayed ACK (about 40 ms). Read once, when the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private FakeSalesforce(Clock clock) throws IOException {
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts a fake on a free loopback port.
   *
   * @param clock the clock used to check JWT expiry and stamp PATCHed records
   */
  static FakeSalesforce start(Clock clock) {
    try {
      return new FakeSalesforce(clock);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fake's base URL, used as login URL and returned as {@code instance_url}. */
  String url() {
    return baseUrl;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.stop(0);
    }
  }

  // ---------------------------------------------------------------- configuration and knobs

  /** Accepts JWT assertions signed by the given key with this audience. */
  synchronized FakeSalesforce trustJwt(RSAPublicKey key, String audience) {
    this.jwtKey = key;
    this.jwtAudience = audience;
    return this;
  }

  /** Rows per query batch (the smaller of this and the client's {@code batchSize} wins). */
  synchronized FakeSalesforce batchSize(int size) {
    this.batchSize = size;
    return this;
  }

  /** Rows per batch of a child relationship subquery. */
  synchronized FakeSalesforce childBatchSize(int size) {
    this.childBatchSize = size;
    return this;
  }

  /**
   * Answers the next {@code times} API calls with HTTP 403 {@code REQUEST_LIMIT_EXCEEDED} for the
   * org's daily allowance ({@code TotalRequests Limit exceeded.}).
   */
  synchronized FakeSalesforce requestLimitExceeded(int times) {
    return failNext(times, 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
  }

  /**
   * Answers the next {@code times} API calls with HTTP 403 {@code REQUEST_LIMIT_EXCEEDED} for too
   * many concurrent long-running requests.
   */
  synchronized FakeSalesforce concurrentLimitExceeded(int times) {
    return failNext(
        times, 403, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.");
  }

  /** Answers the next {@code times} API calls with this status and error code. */
  synchronized FakeSalesforce failNext(int times, int status, String errorCode) {
    return failNext(times, status, errorCode, "Scripted " + errorCode);
  }

  private FakeSalesforce failNext(int times, int status, String errorCode, String message) {
    for (int i = 0; i < times; i++) {
      scriptedFailures.add(new Failure(status, errorCode, message, null));
    }
    return this;
  }

  /** Answers the next API call with HTTP 503 and a {@code Retry-After} header. */
  synchronized FakeSalesforce unavailableWithRetryAfter(int seconds) {
    scriptedFailures.add(
        new Failure(503, "SERVER_UNAVAILABLE", "Scripted SERVER_UNAVAILABLE", seconds));
    return this;
  }

  /** Expires every session issued so far: the next API call gets 401 INVALID_SESSION_ID. */
  synchronized FakeSalesforce expireSessions() {
    validTokens.clear();
    return this;
  }

  /**
   * Revokes the connected app: every session expires and token requests fail with {@code
   * invalid_client} (as after the consumer secret was rotated).
   */
  synchronized FakeSalesforce revokeClient() {
    validTokens.clear();
    clientRevoked = true;
    return this;
  }

  /** Every access token issued so far. */
  synchronized Set<String> issuedTokens() {
    return Set.copyOf(issuedTokens);
  }

  /** Rejects every session, even fresh ones. */
  synchronized FakeSalesforce rejectAllSessions(boolean reject) {
    this.rejectAllSessions = reject;
    return this;
  }

  /** Answers every request, token requests included, with HTTP 500. */
  synchronized FakeSalesforce serverErrorAlways(boolean fail) {
    this.serverErrorAlways = fail;
    return this;
  }

  /** Forgets all open query locators, as Salesforce does after they idle too long. */
  synchronized FakeSalesforce expireQueryLocators() {
    locators.clear();
    return this;
  }

  /** Forgets the open query locators of child relationships only. */
  synchronized FakeSalesforce expireChildQueryLocators() {
    locators.keySet().removeIf(id -> id.startsWith(CHILD_LOCATOR));
    return this;
  }

  /** Sorts query rows by descending {@code SystemModstamp}, as a broken server might. */
  synchronized FakeSalesforce reverseSystemModstampOrder(boolean reverse) {
    this.reverseStamps = reverse;
    return this;
  }

  /** Orders rows that share a {@code SystemModstamp} randomly, anew for every query. */
  synchronized FakeSalesforce shuffleTies(long seed) {
    this.tieShuffle = new java.util.Random(seed);
    return this;
  }

  /** The requests received so far. */
  List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The API requests (not token requests) received so far. */
  List<Recorded> apiRequests() {
    return requests().stream().filter(r -> r.path().startsWith("/services/data/")).toList();
  }

  /** The token requests received so far. */
  List<Recorded> tokenRequests() {
    return requests().stream().filter(r -> r.path().equals("/services/oauth2/token")).toList();
  }

  synchronized int tokensIssued() {
    return tokensIssued;
  }

  // ---------------------------------------------------------------- data

  /** Stores (or replaces) a record; returns the stored node, which tests may edit further. */
  synchronized ObjectNode put(String object, String id, Instant modstamp) {
    ObjectNode node = json.createObjectNode();
    node.put("Id", id);
    node.put("SystemModstamp", STAMP.format(modstamp));
    node.put("IsDeleted", false);
    store.computeIfAbsent(object, k -> new TreeMap<>()).put(id, node);
    return node;
  }

  /** Deletes a record into the recycle bin: {@code IsDeleted = true}, stamped at {@code when}. */
  synchronized ObjectNode delete(String object, String id, Instant when) {
    ObjectNode node = get(object, id);
    if (node == null) {
      throw new IllegalArgumentException("No " + object + " " + id);
    }
    node.put("IsDeleted", true);
    node.put("SystemModstamp", STAMP.format(when));
    return node;
  }

  synchronized @Nullable ObjectNode get(String object, String id) {
    TreeMap<String, ObjectNode> records = store.get(object);
    return records == null ? null : records.get(id);
  }

  ObjectNode account(String id, String name, Instant modstamp) {
    return put("Account", id, modstamp).put("Name", name);
  }

  ObjectNode contact(
      String id,
      @Nullable String accountId,
      @Nullable String firstName,
      String lastName,
      @Nullable String email,
      Instant modstamp) {
    return put("Contact", id, modstamp)
        .put("AccountId", accountId)
        .put("FirstName", firstName)
        .put("LastName", lastName)
        .put("Email", email);
  }

  ObjectNode order(String id, String accountId, boolean activated, Instant modstamp) {
    String status = activated ? "Activated" : "Draft";
    return put("Order", id, modstamp)
        .put("AccountId", accountId)
        .put("Status", status)
        .put("StatusCode", status)
        .put("EffectiveDate", (String) null)
        .put("EndDate", (String) null);
  }

  ObjectNode opportunity(String id, String accountId, boolean won, Instant modstamp) {
    return put("Opportunity", id, modstamp)
        .put("AccountId", accountId)
        .put("IsWon", won)
        .put("StageName", won ? "Closed Won" : "Prospecting")
        .put("CloseDate", "2026-01-10");
  }

  /** An order line; {@code quantity} as Salesforce sends it, e.g. {@code 5.0}. */
  ObjectNode orderItem(String orderId, String id, String quantity, @Nullable String productCode) {
    return line("OrderItem", "OrderId", orderId, id, quantity, productCode)
        .put("EndDate", (String) null);
  }

  ObjectNode opportunityLineItem(
      String opportunityId, String id, String quantity, @Nullable String productCode) {
    return line("OpportunityLineItem", "OpportunityId", opportunityId, id, quantity, productCode);
  }

  private ObjectNode line(
      String object,
      String parentField,
      String parentId,
      String id,
      String quantity,
      @Nullable String productCode) {
    ObjectNode line = put(object, id, Instant.EPOCH).put(parentField, parentId);
    line.put("Quantity", new BigDecimal(quantity));
    line.put("ServiceDate", (String) null);
    ObjectNode product = line.putObject("Product2");
    product
        .putObject("attributes")
        .put("type", "Product2")
        .put("url", sobjectUrl("Product2", "01t" + id));
    product.put("ProductCode", productCode);
    return line;
  }

  // ---------------------------------------------------------------- HTTP

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        route(exchange);
      } catch (RuntimeException e) {
        // a bug in the fake: make it visible as a 500 the adapter will retry and then report
        sendErrors(exchange, 500, "UNKNOWN_EXCEPTION", "Fake failure: " + e);
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> params = decodeForm(rawQuery);
    requests.add(
        new Recorded(
            method,
            path,
            params.get("q"),
            exchange.getRequestHeaders().getFirst("Sforce-Query-Options"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    if (serverErrorAlways) {
      sendErrors(exchange, 500, "UNKNOWN_EXCEPTION", "An unexpected error occurred.");
      return;
    }
    if (path.equals("/services/oauth2/token") && method.equals("POST")) {
      token(exchange, decodeForm(body));
      return;
    }
    if (!path.startsWith("/services/data/")) {
      sendErrors(exchange, 404, "NOT_FOUND", "The requested resource does not exist");
      return;
    }
    apiUsage++;
    exchange.getResponseHeaders().add("Sforce-Limit-Info", "api-usage=" + apiUsage + "/15000");
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (rejectAllSessions
        || auth == null
        || !auth.startsWith("Bearer ")
        || !validTokens.contains(auth.substring(7))) {
      sendErrors(exchange, 401, "INVALID_SESSION_ID", "Session expired or invalid");
      return;
    }
    if (!scriptedFailures.isEmpty()) {
      Failure failure = scriptedFailures.poll();
      if (failure.retryAfterSeconds() != null) {
        exchange
            .getResponseHeaders()
            .add("Retry-After", String.valueOf(failure.retryAfterSeconds()));
      }
      sendErrors(exchange, failure.status(), failure.errorCode(), failure.message());
      return;
    }
    Matcher m;
    if ((m = LOCATOR_PATH.matcher(path)).matches() && method.equals("GET")) {
      nextBatch(exchange, m.group(1), m.group(2), Integer.parseInt(m.group(3)));
    } else if ((m = QUERY_PATH.matcher(path)).matches() && method.equals("GET")) {
      query(
          exchange,
          m.group(1),
          m.group(2).equals("queryAll"),
          params.get("q"),
          exchange.getRequestHeaders().getFirst("Sforce-Query-Options"));
    } else if ((m = SOBJECT_PATH.matcher(path)).matches()) {
      sobject(exchange, method, m.group(2), m.group(3), body);
    } else {
      sendErrors(exchange, 404, "NOT_FOUND", "The requested resource does not exist");
    }
  }

  private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
    String grant = form.getOrDefault("grant_type", "");
    if (clientRevoked) {
      sendOAuthError(exchange, "invalid_client", "invalid client credentials");
      return;
    }
    if (grant.equals("client_credentials")) {
      if (!CLIENT_ID.equals(form.get("client_id"))
          || !CLIENT_SECRET.equals(form.get("client_secret"))) {
        sendOAuthError(exchange, "invalid_client", "invalid client credentials");
        return;
      }
    } else if (grant.equals(SalesforceClient.JWT_GRANT)) {
      String problem = verifyJwt(form.get("assertion"));
      if (problem != null) {
        sendOAuthError(exchange, "invalid_grant", problem);
        return;
      }
    } else {
      sendOAuthError(exchange, "unsupported_grant_type", "grant type not supported");
      return;
    }
    // not SecureRandom: seeding it can take seconds on a build machine, and fake tokens need
    // only be unique and unguessable by accident
    String token =
        "00DFAKE0000001!AQ"
            + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + tokensIssued;
    validTokens.add(token);
    issuedTokens.add(token);
    tokensIssued++;
    ObjectNode reply = json.createObjectNode();
    reply.put("access_token", token);
    reply.put("instance_url", baseUrl);
    reply.put("id", baseUrl + "/id/00DFAKE000000001AAA/005FAKE000000001AAA");
    reply.put("token_type", "Bearer");
    reply.put("issued_at", String.valueOf(clock.millis()));
    reply.put("signature", "ZmFrZS1zaWduYXR1cmU=");
    send(exchange, 200, reply);
  }

  /** Verifies the assertion as Salesforce does; returns what is wrong, or null. */
  private @Nullable String verifyJwt(@Nullable String assertion) {
    if (jwtKey == null || assertion == null) {
      return "JWT bearer flow not configured";
    }
    try {
      SignedJWT jwt = SignedJWT.parse(assertion);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
        return "unsupported algorithm";
      }
      if (!jwt.verify(new RSASSAVerifier(jwtKey))) {
        return "invalid assertion signature";
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!CLIENT_ID.equals(claims.getIssuer())) {
        return "client identifier invalid";
      }
      if (!USERNAME.equals(claims.getSubject())) {
        return "user hasn't approved this consumer";
      }
      if (claims.getAudience() == null || !claims.getAudience().contains(jwtAudience)) {
        return "audience is invalid";
      }
      Date exp = claims.getExpirationTime();
      Instant now = clock.instant();
      if (exp == null || !exp.toInstant().isAfter(now)) {
        return "expired authorization code";
      }
      if (exp.toInstant().isAfter(now.plus(Duration.ofMinutes(3)))) {
        return "exp too far in the future";
      }
      return null;
    } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
      return "invalid assertion";
    }
  }

  private void query(
      HttpExchange exchange,
      String version,
      boolean all,
      @Nullable String soql,
      @Nullable String options)
      throws IOException {
    Recognised q = soql == null ? null : recognise(soql);
    if (q == null) {
      sendErrors(exchange, 400, "MALFORMED_QUERY", "unexpected query");
      return;
    }
    if (q.since() != null && !LITERAL.matcher(q.since()).matches()) {
      sendErrors(exchange, 400, "MALFORMED_QUERY", "bad datetime literal " + q.since());
      return;
    }
    Instant since = q.since() == null ? Instant.EPOCH : Instant.parse(q.since());
    String object;
    switch (q.template()) {
      case ACCOUNTS:
        object = "Account";
        break;
      case CONTACTS:
        object = "Contact";
        break;
      case ORDERS:
        object = "Order";
        break;
      case OPPORTUNITIES:
        object = "Opportunity";
        break;
      case ORDER_LINES:
        object = "OrderItem";
        break;
      default:
        object = "OpportunityLineItem";
        break;
    }
    List<String> cancelled = cancelledValues(q.values().getOrDefault("cancelled", ""));
    String parent = q.values().get("parent");
    List<ObjectNode> rows = new ArrayList<>();
    for (ObjectNode record : store.getOrDefault(object, new TreeMap<>()).values()) {
      boolean deleted = record.path("IsDeleted").asBoolean();
      if (deleted && !all) {
        continue;
      }
      if (q.template() == Soql.ORDERS
          && !"Activated".equals(record.path("StatusCode").asText())
          && !deleted
          && !cancelled.contains(record.path("Status").asText())) {
        continue;
      }
      if (q.template() == Soql.OPPORTUNITIES
          && !record.path("IsWon").asBoolean()
          && !deleted
          && !cancelled.contains(record.path("StageName").asText())) {
        continue;
      }
      if (parent != null) {
        String parentField = object.equals("OrderItem") ? "OrderId" : "OpportunityId";
        if (!parent.equals("'" + record.path(parentField).asText() + "'")) {
          continue;
        }
        rows.add(renderLine(object, record, version));
        continue;
      }
      if (stamp(record).isBefore(since)) {
        continue;
      }
      rows.add(render(object, record, version, all));
    }
    if (parent == null) {
      Comparator<JsonNode> byStamp = Comparator.comparing(FakeSalesforce::stamp);
      rows.sort((reverseStamps ? byStamp.reversed() : byStamp).thenComparing(tieOrder()));
    } else {
      rows.sort(tieOrder()); // lines: no ORDER BY
    }
    int size = batchSize;
    if (options != null && options.startsWith("batchSize=")) {
      size = Math.min(size, Integer.parseInt(options.substring("batchSize=".length()).trim()));
    }
    String id = "01gFAKE" + String.format("%012d", ++locatorSeq);
    locators.put(id, new Locator(rows, size));
    sendBatch(exchange, version, id, 0);
  }

  /** The order of rows with equal {@code SystemModstamp}s: never Java's order of their ids. */
  private Comparator<JsonNode> tieOrder() {
    if (tieShuffle == null) {
      return Comparator.comparing((JsonNode r) -> r.path("Id").asText()).reversed();
    }
    Map<String, Integer> rank = new HashMap<>();
    java.util.Random random = tieShuffle;
    return Comparator.comparing(
        (JsonNode r) -> rank.computeIfAbsent(r.path("Id").asText(), k -> random.nextInt()));
  }

  /** The quoted values of a {@code " OR Status IN ('a', 'b')"} clause. */
  private static List<String> cancelledValues(String clause) {
    List<String> values = new ArrayList<>();
    Matcher m = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'").matcher(clause);
    while (m.find()) {
      values.add(m.group(1).replaceAll("\\\\(.)", "$1"));
    }
    return values;
  }

  private void nextBatch(HttpExchange exchange, String version, String locator, int offset)
      throws IOException {
    if (!locators.containsKey(locator)) {
      sendErrors(exchange, 400, "INVALID_QUERY_LOCATOR", "invalid query locator");
      return;
    }
    sendBatch(exchange, version, locator, offset);
  }

  private void sendBatch(HttpExchange exchange, String version, String locator, int offset)
      throws IOException {
    Locator l = locators.get(locator);
    int end = Math.min(l.rows().size(), offset + l.batchSize());
    ObjectNode reply = json.createObjectNode();
    reply.put("totalSize", l.rows().size());
    reply.put("done", end >= l.rows().size());
    if (end < l.rows().size()) {
      reply.put("nextRecordsUrl", "/services/data/" + version + "/query/" + locator + "-" + end);
    }
    ArrayNode records = reply.putArray("records");
    for (ObjectNode row : l.rows().subList(Math.min(offset, end), end)) {
      records.add(row.deepCopy());
    }
    send(exchange, 200, reply);
  }

  private void sobject(HttpExchange exchange, String method, String object, String id, String body)
      throws IOException {
    ObjectNode record = get(object, id);
    if (record == null) {
      sendErrors(exchange, 404, "NOT_FOUND", "The requested resource does not exist");
      return;
    }
    if (record.path("IsDeleted").asBoolean()) {
      sendErrors(exchange, 404, "ENTITY_IS_DELETED", "entity is deleted");
      return;
    }
    if (method.equals("GET")) {
      ObjectNode out = json.createObjectNode();
      out.putObject("attributes").put("type", object).put("url", sobjectUrl(object, id));
      out.setAll(record.deepCopy());
      send(exchange, 200, out);
    } else if (method.equals("PATCH")) {
      JsonNode changes = json.readTree(body);
      changes.properties().forEach(e -> record.set(e.getKey(), e.getValue()));
      record.put("SystemModstamp", STAMP.format(clock.instant()));
      exchange.sendResponseHeaders(204, -1);
    } else {
      sendErrors(exchange, 405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed");
    }
  }

  private static final String CHILD_LOCATOR = "01gCHLD";

  /**
   * A record as a query returns it: attributes first, child relationships nested (deleted lines
   * only for {@code queryAll}), in descending id order.
   */
  private ObjectNode render(String object, ObjectNode record, String version, boolean all) {
    ObjectNode out = json.createObjectNode();
    out.putObject("attributes")
        .put("type", object)
        .put(
            "url",
            "/services/data/" + version + "/sobjects/" + object + "/" + record.path("Id").asText());
    out.setAll(record.deepCopy());
    String lineObject =
        object.equals("Order")
            ? "OrderItem"
            : object.equals("Opportunity") ? "OpportunityLineItem" : null;
    if (lineObject != null) {
      String parentField = object + "Id";
      List<ObjectNode> lines = new ArrayList<>();
      for (ObjectNode line :
          store.getOrDefault(lineObject, new TreeMap<>()).descendingMap().values()) {
        if (record.path("Id").asText().equals(line.path(parentField).asText())
            && (all || !line.path("IsDeleted").asBoolean())) {
          lines.add(renderLine(lineObject, line, version));
        }
      }
      if (lines.isEmpty()) {
        out.putNull(lineObject + "s");
      } else {
        ObjectNode children = out.putObject(lineObject + "s");
        children.put("totalSize", lines.size());
        boolean done = lines.size() <= childBatchSize;
        children.put("done", done);
        if (!done) {
          String id = CHILD_LOCATOR + String.format("%012d", ++locatorSeq);
          locators.put(id, new Locator(lines, childBatchSize));
          children.put(
              "nextRecordsUrl",
              "/services/data/" + version + "/query/" + id + "-" + childBatchSize);
        }
        ArrayNode records = children.putArray("records");
        lines.subList(0, Math.min(lines.size(), childBatchSize)).forEach(records::add);
      }
    }
    return out;
  }

  private ObjectNode renderLine(String lineObject, ObjectNode line, String version) {
    ObjectNode l = json.createObjectNode();
    l.putObject("attributes")
        .put("type", lineObject)
        .put(
            "url",
            "/services/data/"
                + version
                + "/sobjects/"
                + lineObject
                + "/"
                + line.path("Id").asText());
    l.setAll(line.deepCopy());
    l.remove("SystemModstamp");
    return l;
  }

  // ---------------------------------------------------------------- SOQL recognition

  /**
   * A query matched to one of the adapter's templates.
   *
   * @param template the template
   * @param since the datetime literal, or {@code null} for templates without one
   * @param values the other placeholders by name ({@code fields}, {@code sku}, {@code lineFields},
   *     {@code cancelled}, {@code parent})
   */
  record Recognised(Soql template, @Nullable String since, Map<String, String> values) {}

  private static final List<String> PLACEHOLDERS =
      List.of("fields", "sku", "lineFields", "cancelled", "parent");

  /** Matches a query against the adapter's templates; the placeholders become groups. */
  static @Nullable Recognised recognise(String soql) {
    for (Soql template : Soql.values()) {
      Matcher m = patternOf(template).matcher(soql);
      if (m.matches()) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : PLACEHOLDERS) {
          if (template.template().contains("{" + name + "}")) {
            values.put(name, m.group(name));
          }
        }
        String since = template.template().contains(Soql.SINCE) ? m.group("since") : null;
        return new Recognised(template, since, values);
      }
    }
    return null;
  }

  private static Pattern patternOf(Soql template) {
    String t = template.template();
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < t.length()) {
      int open = t.indexOf('{', i);
      if (open < 0) {
        re.append(Pattern.quote(t.substring(i)));
        break;
      }
      re.append(Pattern.quote(t.substring(i, open)));
      int close = t.indexOf('}', open);
      String name = t.substring(open, close + 1);
      String quoted = "'(?:[^'\\\\]|\\\\.)*'";
      switch (name) {
        case Soql.SINCE:
          re.append("(?<since>[0-9TZ:.+-]+)");
          break;
        case Soql.FIELDS:
          re.append("(?<fields>(?:, [A-Za-z][A-Za-z0-9_.]*)*)");
          break;
        case Soql.LINE_FIELDS:
          re.append("(?<lineFields>(?:, [A-Za-z][A-Za-z0-9_.]*)*)");
          break;
        case Soql.SKU:
          re.append("(?<sku>[A-Za-z][A-Za-z0-9_.]*)");
          break;
        case Soql.CANCELLED:
          re.append("(?<cancelled>(?: OR (?:Status|StageName) IN \\(")
              .append(quoted)
              .append("(?:, ")
              .append(quoted)
              .append(")*\\))?)");
          break;
        case Soql.PARENT:
          re.append("(?<parent>'[A-Za-z0-9]{15,18}')");
          break;
        default:
          throw new IllegalStateException("Unknown placeholder " + name);
      }
      i = close + 1;
    }
    return Pattern.compile(re.toString());
  }

  // ---------------------------------------------------------------- helpers

  private String sobjectUrl(String object, String id) {
    return "/services/data/"
        + SalesforceConfig.DEFAULT_API_VERSION
        + "/sobjects/"
        + object
        + "/"
        + id;
  }

  private static Instant stamp(JsonNode record) {
    return SalesforceRecords.dateTime(record.path("SystemModstamp").asText());
  }

  private void sendErrors(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    ArrayNode errors = JsonNodeFactory.instance.arrayNode();
    errors.addObject().put("message", message).put("errorCode", code);
    send(exchange, status, errors);
  }

  private void sendOAuthError(HttpExchange exchange, String error, String description)
      throws IOException {
    send(
        exchange,
        400,
        json.createObjectNode().put("error", error).put("error_description", description));
  }

  private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> decodeForm(@Nullable String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }
}
