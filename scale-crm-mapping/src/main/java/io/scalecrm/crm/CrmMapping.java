package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
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
 * table, which fields are copied, and what happens when the CRM removes something. Immutable and
 * thread-safe.
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
 * <p>Inside a key, each CRM id is encoded so that different records can never share a key: {@code
 * %} becomes {@code %25} and {@code :} becomes {@code %3A}, nothing else changes (so keys of
 * ordinary ids read as they are). Order {@code A:B} line {@code C} is {@code hubspot:A%3AB:C},
 * order {@code A} line {@code B:C} is {@code hubspot:A:B%3AC}. A key longer than Scale accepts (255
 * characters) is a failure of the record's own data, naming its id field. Custom key functions are
 * checked during every sync: two records that get the same key fail (pending) instead of sharing
 * one Scale entity.
 *
 * <p>Keys must never change for a record once synced: a new key means a new Scale entity. Keep the
 * system name stable (use the same name for a CRM's adapter and for files exported from that CRM).
 *
 * <h2>Removals</h2>
 *
 * <p>Only explicit removals ({@link io.scalecrm.crm.spi.CrmTombstone}s and cancelled lines) change
 * anything; a record missing from a read never does. The policies: {@link #contactRemoval()}
 * (default {@link ContactRemoval#REVOKE_ACCESS}), {@link #accountRemoval()} (default {@link
 * AccountRemoval#LEAVE}), {@link #orderCancellation()} (default {@link OrderCancellation#REVOKE});
 * renewals (a line whose {@code validUntil} moved later) extend the license in place unless {@link
 * #extendRenewals()} is off.
 */
public final class CrmMapping {
  /** The longest key Scale accepts (x-assumption in the spec: 255 characters). */
  static final int MAX_KEY = 255;

  private static final Pattern SYSTEM = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private final String system;
  private final SkuTable skus;
  private final Set<LicenseeField> copiedFields;
  private final boolean adoptLicenseeByEmail;
  private final @Nullable Function<String, String> naturalId;
  private final @Nullable Function<CrmContact, String> externalReference;
  private final @Nullable BiFunction<CrmOrder, CrmOrderLine, String> orderReference;
  private final ContactRemoval contactRemoval;
  private final AccountRemoval accountRemoval;
  private final OrderCancellation orderCancellation;
  private final boolean extendRenewals;

  private CrmMapping(Builder b) {
    this.system = b.system;
    this.skus = b.skus;
    this.copiedFields = Set.copyOf(b.copiedFields);
    this.adoptLicenseeByEmail = b.adoptLicenseeByEmail;
    this.naturalId = b.naturalId;
    this.externalReference = b.externalReference;
    this.orderReference = b.orderReference;
    this.contactRemoval = b.contactRemoval;
    this.accountRemoval = b.accountRemoval;
    this.orderCancellation = b.orderCancellation;
    this.extendRenewals = b.extendRenewals;
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
   * A builder holding this mapping's settings, to build a variant.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(system);
    b.skus = skus;
    b.copiedFields = EnumSet.noneOf(LicenseeField.class);
    b.copiedFields.addAll(copiedFields);
    b.adoptLicenseeByEmail = adoptLicenseeByEmail;
    b.naturalId = naturalId;
    b.externalReference = externalReference;
    b.orderReference = orderReference;
    b.contactRemoval = contactRemoval;
    b.accountRemoval = accountRemoval;
    b.orderCancellation = orderCancellation;
    b.extendRenewals = extendRenewals;
    return b;
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
   * Whether an existing licensee that no CRM record has claimed is adopted when its email matches
   * the account's. A licensee counts as claimed when its natural id is a CRM key ({@code
   * <system>:<id>}, as this SDK writes them); a natural id that Scale generated (or none) does not.
   *
   * @return the policy
   */
  public boolean adoptLicenseeByEmail() {
    return adoptLicenseeByEmail;
  }

  /**
   * What a sync does when a contact is marked inactive or deleted.
   *
   * @return the policy
   */
  public ContactRemoval contactRemoval() {
    return contactRemoval;
  }

  /**
   * What a sync does when an account is deleted.
   *
   * @return the policy
   */
  public AccountRemoval accountRemoval() {
    return accountRemoval;
  }

  /**
   * What a sync does with cancelled lines and orders.
   *
   * @return the policy
   */
  public OrderCancellation orderCancellation() {
    return orderCancellation;
  }

  /**
   * Whether a line whose {@code validUntil} moved later (a renewed subscription) extends its
   * license in place instead of being reported as drift.
   *
   * @return the policy
   */
  public boolean extendRenewals() {
    return extendRenewals;
  }

  /**
   * Whether the key functions are the built-in, collision-free ones (else they are checked during
   * every sync).
   */
  boolean defaultKeys() {
    return naturalId == null && externalReference == null && orderReference == null;
  }

  /**
   * The licensee natural id for an account.
   *
   * @param account the account
   * @return the natural id
   * @throws InvalidCrmRecordException when the key is longer than Scale accepts
   */
  public String naturalId(CrmAccount account) {
    return key(
        naturalIdRaw(account.crmId()),
        CrmRecordType.ACCOUNT,
        account.crmId(),
        "crmId",
        "naturalId");
  }

  /**
   * The natural id of the licensee of an account known only by its CRM id, for a record that refers
   * to it (the failure names that record's {@code accountCrmId}).
   */
  String naturalIdOf(CrmRecordType referrer, String referrerId, String accountCrmId) {
    return key(naturalIdRaw(accountCrmId), referrer, referrerId, "accountCrmId", "naturalId");
  }

  /** The natural id of an account's licensee, for the account itself. */
  String naturalIdOf(String accountCrmId) {
    return key(
        naturalIdRaw(accountCrmId), CrmRecordType.ACCOUNT, accountCrmId, "crmId", "naturalId");
  }

  private String naturalIdRaw(String accountCrmId) {
    return naturalId != null ? naturalId.apply(accountCrmId) : system + ":" + encode(accountCrmId);
  }

  /**
   * The consumer external reference for a contact.
   *
   * @param contact the contact
   * @return the external reference
   * @throws InvalidCrmRecordException when the key is longer than Scale accepts
   */
  public String externalReference(CrmContact contact) {
    return externalReference(contact.crmId(), contact);
  }

  /** The external reference of a contact known by id (for a removed contact). */
  String externalReferenceOf(String contactCrmId) {
    if (externalReference != null) {
      throw new IllegalStateException("A custom externalReference function needs the contact");
    }
    return externalReference(contactCrmId, null);
  }

  private String externalReference(String contactCrmId, @Nullable CrmContact contact) {
    String raw =
        externalReference != null && contact != null
            ? externalReference.apply(contact)
            : system + ":contact:" + encode(contactCrmId);
    return key(raw, CrmRecordType.CONTACT, contactCrmId, "crmId", "externalReference");
  }

  /**
   * The license order reference for an order line.
   *
   * @param order the order
   * @param line the line
   * @return the order reference
   * @throws InvalidCrmRecordException when the key is longer than Scale accepts
   */
  public String orderReference(CrmOrder order, CrmOrderLine line) {
    String raw =
        orderReference != null
            ? orderReference.apply(order, line)
            : system + ":" + encode(order.crmId()) + ":" + encode(line.lineId());
    return key(raw, CrmRecordType.ORDER_LINE, line.lineId(), "lineId", "orderReference");
  }

  /**
   * The prefix every order reference of an order starts with, when the built-in key function is in
   * use; empty otherwise (a cancelled order then needs its line ids).
   */
  java.util.Optional<String> orderReferencePrefix(String orderCrmId) {
    if (orderReference != null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(system + ":" + encode(orderCrmId) + ":");
  }

  /** The order reference of a line known by ids (for a cancelled order's listed lines). */
  String orderReferenceOf(String orderCrmId, String lineId) {
    if (orderReference != null) {
      throw new IllegalStateException("A custom orderReference function needs the line");
    }
    return key(
        system + ":" + encode(orderCrmId) + ":" + encode(lineId),
        CrmRecordType.ORDER_LINE,
        lineId,
        "lineId",
        "orderReference");
  }

  /**
   * Whether a natural id is a CRM key (claimed by a CRM record) rather than one Scale generated.
   */
  static boolean claimedNaturalId(@Nullable String naturalId) {
    if (naturalId == null || naturalId.isBlank()) {
      return false;
    }
    int colon = naturalId.indexOf(':');
    return colon > 0 && SYSTEM.matcher(naturalId.substring(0, colon)).matches();
  }

  /** Percent-encodes the two characters that would make keys ambiguous: {@code %} and {@code :}. */
  static String encode(String id) {
    if (id.indexOf('%') < 0 && id.indexOf(':') < 0) {
      return id;
    }
    StringBuilder sb = new StringBuilder(id.length() + 8);
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '%') {
        sb.append("%25");
      } else if (c == ':') {
        sb.append("%3A");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String key(
      @Nullable String value, CrmRecordType type, String crmId, String field, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("The mapping produced an empty " + what);
    }
    if (value.length() > MAX_KEY) {
      throw new InvalidCrmRecordException(
          type,
          crmId,
          field,
          "is too long to key a Scale "
              + what
              + " ("
              + value.length()
              + " characters with the system prefix, at most "
              + MAX_KEY
              + ")");
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
        + ", contactRemoval="
        + contactRemoval
        + ", accountRemoval="
        + accountRemoval
        + ", orderCancellation="
        + orderCancellation
        + ", extendRenewals="
        + extendRenewals
        + (defaultKeys() ? "" : ", custom keys")
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
    private ContactRemoval contactRemoval = ContactRemoval.REVOKE_ACCESS;
    private AccountRemoval accountRemoval = AccountRemoval.LEAVE;
    private OrderCancellation orderCancellation = OrderCancellation.REVOKE;
    private boolean extendRenewals = true;

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
     * Whether to adopt an existing licensee that no CRM record has claimed (its natural id is not a
     * CRM key) when its email is the account's (default {@code false}: such a licensee makes the
     * create fail on the email).
     *
     * @param adopt the policy
     * @return this builder
     */
    public Builder adoptLicenseeByEmail(boolean adopt) {
      this.adoptLicenseeByEmail = adopt;
      return this;
    }

    /**
     * Sets what happens when a contact is marked inactive or deleted (default {@link
     * ContactRemoval#REVOKE_ACCESS}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder contactRemoval(ContactRemoval policy) {
      this.contactRemoval = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets what happens when an account is deleted (default {@link AccountRemoval#LEAVE}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder accountRemoval(AccountRemoval policy) {
      this.accountRemoval = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets what happens with cancelled lines and orders (default {@link OrderCancellation#REVOKE}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder orderCancellation(OrderCancellation policy) {
      this.orderCancellation = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Whether a renewed line (its {@code validUntil} moved later) extends its license in place
     * (default {@code true}); when off, a renewal is reported as drift like any other change.
     *
     * @param extend the policy
     * @return this builder
     */
    public Builder extendRenewals(boolean extend) {
      this.extendRenewals = extend;
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
