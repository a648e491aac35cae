package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How CRM records map to Scale entities: the keys that make every operation idempotent, the SKU
 * table, and which fields are copied. Immutable and thread-safe.
 *
 * <h2>Keys (defaults)</h2>
 *
 * <ul>
 *   <li>account → licensee {@code naturalId} = {@code <system>:<accountId>}, for example {@code
 *       hubspot:123};
 *   <li>contact → license consumer {@code externalReference} = {@code
 *       <system>:contact:<contactId>};
 *   <li>order line → license {@code orderReference} = {@code <system>:<orderId>:<lineId>}.
 * </ul>
 *
 * <p>Keys must never change for a record once synced: a new key means a new Scale entity. Keep the
 * system name stable (use the same name for a CRM's adapter and for files exported from that CRM).
 */
public final class CrmMapping {
  private static final Pattern SYSTEM = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private final String system;
  private final SkuTable skus;
  private final Set<LicenseeField> copiedFields;
  private final boolean adoptLicenseeByEmail;
  private final Function<String, String> naturalId;
  private final Function<CrmContact, String> externalReference;
  private final BiFunction<CrmOrder, CrmOrderLine, String> orderReference;

  private CrmMapping(Builder b) {
    this.system = b.system;
    this.skus = b.skus;
    this.copiedFields = Set.copyOf(b.copiedFields);
    this.adoptLicenseeByEmail = b.adoptLicenseeByEmail;
    this.naturalId = b.naturalId != null ? b.naturalId : accountId -> system + ":" + accountId;
    this.externalReference =
        b.externalReference != null ? b.externalReference : c -> system + ":contact:" + c.crmId();
    this.orderReference =
        b.orderReference != null
            ? b.orderReference
            : (o, l) -> system + ":" + o.crmId() + ":" + l.lineId();
  }

  /**
   * Starts a mapping for a CRM system.
   *
   * @param system the key prefix: a short, stable, lower-case name such as {@code hubspot}
   * @return the builder
   */
  public static Builder builder(String system) {
    return new Builder(system);
  }

  /**
   * The system name used as key prefix.
   *
   * @return the system name
   */
  public String system() {
    return system;
  }

  /**
   * The SKU table.
   *
   * @return the table
   */
  public SkuTable skus() {
    return skus;
  }

  /**
   * The optional licensee fields copied from accounts.
   *
   * @return the fields
   */
  public Set<LicenseeField> copiedFields() {
    return copiedFields;
  }

  /**
   * Whether an existing licensee without a natural id is adopted when its email matches.
   *
   * @return the policy
   */
  public boolean adoptLicenseeByEmail() {
    return adoptLicenseeByEmail;
  }

  /**
   * The licensee natural id for an account.
   *
   * @param account the account
   * @return the natural id
   */
  public String naturalId(CrmAccount account) {
    return naturalIdOf(account.crmId());
  }

  /**
   * The natural id of the licensee of an account known only by its CRM id.
   *
   * @param accountCrmId the account's CRM id
   * @return the natural id
   */
  String naturalIdOf(String accountCrmId) {
    return key(naturalId.apply(accountCrmId), "naturalId");
  }

  /**
   * The consumer external reference for a contact.
   *
   * @param contact the contact
   * @return the external reference
   */
  public String externalReference(CrmContact contact) {
    return key(externalReference.apply(contact), "externalReference");
  }

  /**
   * The license order reference for an order line.
   *
   * @param order the order
   * @param line the line
   * @return the order reference
   */
  public String orderReference(CrmOrder order, CrmOrderLine line) {
    return key(orderReference.apply(order, line), "orderReference");
  }

  private static String key(String value, String what) {
    if (value == null || value.isBlank() || value.length() > 255) {
      throw new IllegalStateException(
          "The mapping produced an empty or over-long " + what + " (at most 255 characters)");
    }
    return value;
  }

  @Override
  public String toString() {
    return "CrmMapping[system="
        + system
        + ", skus="
        + skus.skus().size()
        + ", copied="
        + copiedFields
        + ", adoptLicenseeByEmail="
        + adoptLicenseeByEmail
        + "]";
  }

  /** Builds a {@link CrmMapping}. Not thread-safe. */
  public static final class Builder {
    private final String system;
    private SkuTable skus = SkuTable.empty();
    private Set<LicenseeField> copiedFields = EnumSet.allOf(LicenseeField.class);
    private boolean adoptLicenseeByEmail;
    private @Nullable Function<String, String> naturalId;
    private @Nullable Function<CrmContact, String> externalReference;
    private @Nullable BiFunction<CrmOrder, CrmOrderLine, String> orderReference;

    private Builder(String system) {
      Objects.requireNonNull(system, "system");
      if (!SYSTEM.matcher(system).matches()) {
        throw new IllegalArgumentException(
            "system must be 1-32 lower-case letters, digits or dashes, like 'hubspot'");
      }
      this.system = system.toLowerCase(Locale.ROOT);
    }

    /**
     * Sets the SKU table (default: empty, so every order line fails with "unknown SKU").
     *
     * @param table the table
     * @return this builder
     */
    public Builder skus(SkuTable table) {
      this.skus = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Sets the optional licensee fields copied from accounts (default: all).
     *
     * @param fields the fields
     * @return this builder
     */
    public Builder copiedFields(Set<LicenseeField> fields) {
      this.copiedFields = EnumSet.noneOf(LicenseeField.class);
      this.copiedFields.addAll(fields);
      return this;
    }

    /**
     * Whether to adopt an existing licensee that has no natural id but the account's email (default
     * {@code false}: such a licensee makes the create fail with a conflict).
     *
     * @param adopt the policy
     * @return this builder
     */
    public Builder adoptLicenseeByEmail(boolean adopt) {
      this.adoptLicenseeByEmail = adopt;
      return this;
    }

    /**
     * Overrides the licensee natural id function. It receives only the account's CRM id: contacts
     * and orders refer to their account by that id alone, and must derive the same key.
     *
     * @param fn account CRM id to natural id; must be stable and unique per account
     * @return this builder
     */
    public Builder naturalId(Function<String, String> fn) {
      this.naturalId = Objects.requireNonNull(fn, "fn");
      return this;
    }

    /**
     * Overrides the consumer external reference function.
     *
     * @param fn contact to external reference; must be stable and unique per contact
     * @return this builder
     */
    public Builder externalReference(Function<CrmContact, String> fn) {
      this.externalReference = Objects.requireNonNull(fn, "fn");
      return this;
    }

    /**
     * Overrides the order reference function.
     *
     * @param fn order line to order reference; must be stable and unique per line
     * @return this builder
     */
    public Builder orderReference(BiFunction<CrmOrder, CrmOrderLine, String> fn) {
      this.orderReference = Objects.requireNonNull(fn, "fn");
      return this;
    }

    /**
     * Builds the mapping.
     *
     * @return the mapping
     */
    public CrmMapping build() {
      return new CrmMapping(this);
    }
  }
}
