package io.scalecrm.kafka.connect;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.crm.AccountRemoval;
import io.scalecrm.crm.ContactRemoval;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.CrmSync;
import io.scalecrm.crm.OrderCancellation;
import io.scalecrm.crm.SkuTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of the Scale sink connector and its tasks. Every setting is documented in {@link
 * #CONFIG_DEF}, which Connect shows through its REST API ({@code PUT
 * /connector-plugins/ScaleSinkConnector/config/validate}). The private key is a {@link
 * Type#PASSWORD}: Connect masks it in logs and REST answers, and this class never puts it into a
 * message or {@code toString}.
 */
final class ScaleSinkConfig extends AbstractConfig {
  static final String API_URL = "scale.api.url";
  static final String KEY_ID = "scale.jwt.key.id";
  static final String ISSUER = "scale.jwt.issuer";
  static final String SUBJECT = "scale.jwt.subject";
  static final String PRIVATE_KEY = "scale.private.key";
  static final String SYSTEM = "scale.system";
  static final String SKU_MAP = "scale.sku.map";
  static final String SKU_MAP_FILE = "scale.sku.map.file";
  static final String CONCURRENCY = "scale.task.concurrency";
  static final String BATCH_SIZE = "scale.batch.size";
  static final String RETRY_BACKOFF_MS = "scale.retry.backoff.ms";
  static final String RETRY_BACKOFF_MAX_MS = "scale.retry.backoff.max.ms";
  static final String REISSUE_ON_DRIFT = "scale.reissue.on.drift";
  static final String CONTACT_REMOVAL = "scale.contact.removal";
  static final String ACCOUNT_REMOVAL = "scale.account.removal";
  static final String ORDER_CANCELLATION = "scale.order.cancellation";
  static final String EXTEND_RENEWALS = "scale.extend.renewals";

  private static final String GROUP_SCALE = "Scale";
  private static final String GROUP_MAPPING = "Mapping";
  private static final String GROUP_TASK = "Task";
  private static final Pattern SYSTEM_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /** Every setting, with its type, default, validator and documentation. */
  static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              API_URL,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new UrlValidator(),
              Importance.HIGH,
              "The base URL of the Scale account's License Management API, for example"
                  + " https://acme.scale.10duke.com/api. Plain http:// is accepted only for"
                  + " loopback hosts.",
              GROUP_SCALE,
              1,
              Width.LONG,
              "Scale API URL")
          .define(
              KEY_ID,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "The key id (kid) of the API key registered in the Scale console.",
              GROUP_SCALE,
              2,
              Width.MEDIUM,
              "JWT key id")
          .define(
              ISSUER,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "The issuer (iss) registered with the API key.",
              GROUP_SCALE,
              3,
              Width.MEDIUM,
              "JWT issuer")
          .define(
              SUBJECT,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "The subject (sub) of the Scale JWTs the connector signs.",
              GROUP_SCALE,
              4,
              Width.MEDIUM,
              "JWT subject")
          .define(
              PRIVATE_KEY,
              Type.PASSWORD,
              ConfigDef.NO_DEFAULT_VALUE,
              Importance.HIGH,
              "The RSA private key (2048 bits or more) that signs the Scale JWTs, as PKCS#8 PEM"
                  + " text (-----BEGIN PRIVATE KEY-----; \\n escapes are accepted). Pass it"
                  + " through a config provider, such as ${env:SCALE_PRIVATE_KEY} or"
                  + " ${file:/etc/scale-crm/secrets.properties:private.key}, so that it is not"
                  + " stored in Connect's config topic. Never logged.",
              GROUP_SCALE,
              5,
              Width.LONG,
              "Private key")
          .define(
              SYSTEM,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new SystemNameValidator(),
              Importance.HIGH,
              "The CRM system name: the prefix of every Scale key the connector derives from CRM"
                  + " ids (licensee natural id <system>:<accountId>, consumer external reference"
                  + " <system>:contact:<contactId>, license order reference"
                  + " <system>:<orderId>:<lineId>). Lower case letters, digits and '-', at most"
                  + " 32 characters. Use the same name as any bulk sync of the same CRM, and never"
                  + " change it: a new name means new Scale entities.",
              GROUP_MAPPING,
              1,
              Width.SHORT,
              "System name")
          .define(
              SKU_MAP,
              Type.STRING,
              "",
              new InlineSkuMapValidator(),
              Importance.HIGH,
              "The SKU map inline: SKU=productConfigId pairs separated by commas, for example"
                  + " PRO-1Y=3f6c1d2e-8a4b-4c5d-9e0f-1a2b3c4d5e01,API-10K=3f6c1d2e-8a4b-4c5d-9e0f-1a2b3c4d5e04."
                  + " Set exactly one of "
                  + SKU_MAP
                  + " and "
                  + SKU_MAP_FILE
                  + ".",
              GROUP_MAPPING,
              2,
              Width.LONG,
              "SKU map")
          .define(
              SKU_MAP_FILE,
              Type.STRING,
              "",
              Importance.HIGH,
              "The SKU map as a file on every worker: a UTF-8 CSV file whose header names the"
                  + " columns sku and productConfigId (the SKU map format of the file sync CLI)."
                  + " Set exactly one of "
                  + SKU_MAP
                  + " and "
                  + SKU_MAP_FILE
                  + ".",
              GROUP_MAPPING,
              3,
              Width.LONG,
              "SKU map file")
          .define(
              REISSUE_ON_DRIFT,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "Whether an order line whose quantity, validity or product changed after its"
                  + " license was issued is revoked and issued anew. When false, such a line is"
                  + " reported as drift: the event goes to the dead-letter queue.",
              GROUP_MAPPING,
              4,
              Width.SHORT,
              "Reissue on drift")
          .define(
              EXTEND_RENEWALS,
              Type.BOOLEAN,
              true,
              Importance.LOW,
              "Whether an order line whose validUntil moved later (a renewed subscription)"
                  + " extends its license in place rather than being reported as drift.",
              GROUP_MAPPING,
              5,
              Width.SHORT,
              "Extend renewals")
          .define(
              CONTACT_REMOVAL,
              Type.STRING,
              ContactRemoval.REVOKE_ACCESS.name(),
              enumValidator(ContactRemoval.class),
              Importance.MEDIUM,
              "What a contact event with status inactive or deleted does: LEAVE (nothing),"
                  + " REVOKE_ACCESS (revoke its access to its account's licenses; the default) or"
                  + " DELETE_CONSUMER (revoke, then delete the consumer when this SDK created it"
                  + " and it has no other access).",
              GROUP_MAPPING,
              6,
              Width.MEDIUM,
              "Contact removal")
          .define(
              ACCOUNT_REMOVAL,
              Type.STRING,
              AccountRemoval.LEAVE.name(),
              enumValidator(AccountRemoval.class),
              Importance.MEDIUM,
              "What an account event with status deleted does: LEAVE (nothing; the default),"
                  + " REVOKE_LICENSES (end every license of its licensee now) or DELETE_LICENSEE"
                  + " (delete the licensee).",
              GROUP_MAPPING,
              7,
              Width.MEDIUM,
              "Account removal")
          .define(
              ORDER_CANCELLATION,
              Type.STRING,
              OrderCancellation.REVOKE.name(),
              enumValidator(OrderCancellation.class),
              Importance.MEDIUM,
              "What a cancelled order or order line does: REVOKE (its licenses end at the"
                  + " cancellation date the event gives, or now; the default) or LEAVE (nothing).",
              GROUP_MAPPING,
              8,
              Width.MEDIUM,
              "Order cancellation")
          .define(
              CONCURRENCY,
              Type.INT,
              4,
              ConfigDef.Range.between(1, 64),
              Importance.MEDIUM,
              "How many accounts one task applies at the same time. Events of one account are"
                  + " always applied one after another, in their partition's order.",
              GROUP_TASK,
              1,
              Width.SHORT,
              "Per-task concurrency")
          .define(
              BATCH_SIZE,
              Type.INT,
              500,
              ConfigDef.Range.between(1, 100_000),
              Importance.MEDIUM,
              "The most events a task applies in one round. A round applies the events of"
                  + " different accounts concurrently and ends when all of them are confirmed;"
                  + " only then do their offsets become committable. A batch that Connect"
                  + " delivers with more events (consumer.override.max.poll.records) is applied in"
                  + " several rounds.",
              GROUP_TASK,
              2,
              Width.SHORT,
              "Batch size")
          .define(
              RETRY_BACKOFF_MS,
              Type.LONG,
              1_000L,
              ConfigDef.Range.between(10L, 3_600_000L),
              Importance.LOW,
              "How long Connect waits before it redelivers a batch that failed because Scale was"
                  + " unavailable, throttling or erring (after the client's own retries). The"
                  + " wait doubles with every failed attempt, up to "
                  + RETRY_BACKOFF_MAX_MS
                  + ".",
              GROUP_TASK,
              3,
              Width.SHORT,
              "Retry backoff (ms)")
          .define(
              RETRY_BACKOFF_MAX_MS,
              Type.LONG,
              60_000L,
              ConfigDef.Range.between(10L, 3_600_000L),
              Importance.LOW,
              "The longest wait between two redeliveries of a batch that Scale could not take.",
              GROUP_TASK,
              4,
              Width.SHORT,
              "Longest retry backoff (ms)");

  ScaleSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    List<Problem> problems = crossFieldProblems(this);
    if (!problems.isEmpty()) {
      throw new ConfigException(
          problems.stream()
              .map(Problem::message)
              .collect(java.util.stream.Collectors.joining("; ")));
    }
  }

  /**
   * Problems that involve more than one setting, or a setting's content beyond its syntax (the SKU
   * map file, the private key). Messages name the setting, never the key.
   */
  static List<Problem> crossFieldProblems(AbstractConfig config) {
    List<Problem> problems = new ArrayList<>();
    String inline = config.getString(SKU_MAP).strip();
    String file = config.getString(SKU_MAP_FILE).strip();
    if (inline.isEmpty() == file.isEmpty()) {
      problems.add(new Problem(SKU_MAP, "Set exactly one of " + SKU_MAP + " and " + SKU_MAP_FILE));
    } else if (!file.isEmpty()) {
      try {
        SkuTable.load(Path.of(file));
      } catch (RuntimeException e) {
        problems.add(new Problem(SKU_MAP_FILE, SKU_MAP_FILE + ": " + e.getMessage()));
      }
    }
    if (config.getLong(RETRY_BACKOFF_MAX_MS) < config.getLong(RETRY_BACKOFF_MS)) {
      problems.add(
          new Problem(
              RETRY_BACKOFF_MAX_MS,
              RETRY_BACKOFF_MAX_MS + " must not be less than " + RETRY_BACKOFF_MS));
    }
    Password key = config.getPassword(PRIVATE_KEY);
    if (key == null || key.value().isBlank()) {
      problems.add(new Problem(PRIVATE_KEY, PRIVATE_KEY + " is empty"));
    } else {
      try {
        credentials(config);
      } catch (RuntimeException e) {
        problems.add(new Problem(PRIVATE_KEY, PRIVATE_KEY + ": " + safeMessage(e)));
      }
    }
    return problems;
  }

  /**
   * A problem with the settings.
   *
   * @param setting the setting it is reported on
   * @param message what is wrong, naming the setting; never a secret
   */
  record Problem(String setting, String message) {}

  /** The Scale connection the settings describe. The caller closes it. */
  ScaleConnection connection() {
    return ScaleConnection.builder()
        .baseUrl(getString(API_URL).strip())
        .credentials(credentials(this))
        .userAgentSuffix("scale-crm-kafka-connect")
        .build();
  }

  /** The mapping the settings describe. */
  CrmMapping mapping() {
    String file = getString(SKU_MAP_FILE).strip();
    SkuTable skus =
        file.isEmpty() ? parseInlineSkus(getString(SKU_MAP)) : SkuTable.load(Path.of(file));
    return CrmMapping.builder(getString(SYSTEM).strip())
        .skus(skus)
        .extendRenewals(getBoolean(EXTEND_RENEWALS))
        .contactRemoval(ContactRemoval.valueOf(getString(CONTACT_REMOVAL)))
        .accountRemoval(AccountRemoval.valueOf(getString(ACCOUNT_REMOVAL)))
        .orderCancellation(OrderCancellation.valueOf(getString(ORDER_CANCELLATION)))
        .build();
  }

  /** The facade over a connection. */
  CrmSync crmSync(ScaleConnection connection) {
    return CrmSync.builder()
        .connection(connection)
        .mapping(mapping())
        .reissueOnDrift(getBoolean(REISSUE_ON_DRIFT))
        .build();
  }

  int concurrency() {
    return getInt(CONCURRENCY);
  }

  int batchSize() {
    return getInt(BATCH_SIZE);
  }

  Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
  }

  Duration retryBackoffMax() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
  }

  @Override
  public String toString() {
    return "ScaleSinkConfig[" + getString(API_URL) + ", system " + getString(SYSTEM) + "]";
  }

  private static ScaleJwtCredentials credentials(AbstractConfig config) {
    String pem = config.getPassword(PRIVATE_KEY).value();
    if (!pem.contains("\n") && pem.contains("\\n")) {
      pem = pem.replace("\\n", "\n");
    }
    return ScaleJwtCredentials.builder()
        .keyId(config.getString(KEY_ID).strip())
        .issuer(config.getString(ISSUER).strip())
        .subject(config.getString(SUBJECT).strip())
        .privateKeyPem(pem)
        .build();
  }

  /**
   * An exception's message for a configuration problem about the key: the credentials builder never
   * puts key material in its messages, and this keeps only the first line to be sure.
   */
  private static String safeMessage(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.contains("PRIVATE KEY") ? "is not a valid PKCS#8 PEM RSA private key" : line;
  }

  /** Parses {@code SKU=uuid,SKU=uuid}; messages name the entry by position, never the id. */
  static SkuTable parseInlineSkus(String text) {
    Map<String, UUID> map = new LinkedHashMap<>();
    String[] entries = text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        if (entries.length == 1) {
          break;
        }
        throw skuMapProblem("entry " + (i + 1) + " is empty");
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw skuMapProblem("entry " + (i + 1) + " is not of the form SKU=productConfigId");
      }
      String sku = entry.substring(0, eq).strip();
      UUID id;
      try {
        id = UUID.fromString(entry.substring(eq + 1).strip());
      } catch (IllegalArgumentException e) {
        throw skuMapProblem("the productConfigId of SKU '" + sku + "' is not a UUID");
      }
      if (map.putIfAbsent(sku, id) != null) {
        throw skuMapProblem("SKU '" + sku + "' is listed twice");
      }
    }
    return SkuTable.of(map);
  }

  private static ConfigDef.Validator enumValidator(Class<? extends Enum<?>> type) {
    String[] names =
        java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
    return ConfigDef.ValidString.in(names);
  }

  private static ConfigException skuMapProblem(String problem) {
    return new ConfigException(SKU_MAP + ": " + problem);
  }

  /** An absolute http(s) URL; the connection checks the rest (https unless loopback). */
  static final class UrlValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String text = value == null ? "" : value.toString().strip();
      try {
        URI uri = new URI(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
          throw new ConfigException(name, text, "must be an absolute https:// URL");
        }
      } catch (URISyntaxException e) {
        throw new ConfigException(name, text, "is not a valid URL");
      }
    }

    @Override
    public String toString() {
      return "an absolute https:// URL";
    }
  }

  /** A system name as {@link CrmMapping#builder(String)} accepts it. */
  static final class SystemNameValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String text = value == null ? "" : value.toString().strip();
      if (!SYSTEM_NAME.matcher(text).matches()) {
        throw new ConfigException(
            name, text, "must be 1 to 32 lower case letters, digits or '-', starting with one");
      }
    }

    @Override
    public String toString() {
      return "[a-z0-9][a-z0-9-]{0,31}";
    }
  }

  /** Checks the syntax of the inline SKU map. */
  static final class InlineSkuMapValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      parseInlineSkus(value == null ? "" : value.toString());
    }

    @Override
    public String toString() {
      return "SKU=productConfigId[,SKU=productConfigId...]";
    }
  }
}
