package io.scalecrm.examples.hubspot;

import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Pure mapping from HubSpot objects to the canonical CRM records; no I/O.
 *
 * <ul>
 *   <li>Company → {@link CrmAccount}: {@code name}; display name, email, contact info and other ids
 *       from configured properties; B2C when the configured property has the configured value.
 *   <li>Contact → {@link CrmContact}: name = {@code firstname lastname} (or the email when both are
 *       empty), {@code email}, always a person; the account is the associated company.
 *   <li>Won deal → {@link CrmOrder}: the associated company is the account; its line items are the
 *       lines; modified at the deal's {@code hs_lastmodifieddate}.
 *   <li>Line item → {@link CrmOrderLine}: line id = line item id, SKU from the configured property,
 *       quantity, valid from the billing start date (else the deal's close date), valid until that
 *       plus {@code hs_recurring_billing_period} when set (else perpetual); cancelled when the
 *       configured cancelled-line property has its value, ending at the configured date property (a
 *       date is 00:00 UTC of that day) or, without one, at the moment of the sync.
 * </ul>
 */
final class HubSpotMapper {
  static final String COMPANIES = "companies";
  static final String CONTACTS = "contacts";
  static final String DEALS = "deals";
  static final String LINE_ITEMS = "line_items";

  /** Contacts use {@code lastmodifieddate}; the other objects {@code hs_lastmodifieddate}. */
  static final String CONTACT_CHANGE = "lastmodifieddate";

  static final String CHANGE = "hs_lastmodifieddate";

  /**
   * The contact property holding its primary company's id; HubSpot keeps it on archived contacts.
   */
  static final String ASSOCIATED_COMPANY = "associatedcompanyid";

  /** HubSpot-defined association type: primary company of a contact. */
  static final int CONTACT_TO_PRIMARY_COMPANY = 1;

  /** HubSpot-defined association type: primary company of a deal. */
  static final int DEAL_TO_PRIMARY_COMPANY = 5;

  static final String BILLING_START = "hs_recurring_billing_start_date";
  static final String BILLING_PERIOD = "hs_recurring_billing_period";

  private final HubSpotConfig config;

  HubSpotMapper(HubSpotConfig config) {
    this.config = config;
  }

  List<String> companyProperties() {
    Set<String> p = new LinkedHashSet<>(List.of("name", CHANGE));
    addIfSet(p, config.companyDisplayNameProperty());
    addIfSet(p, config.companyEmailProperty());
    addIfSet(p, config.companyContactInfoProperty());
    addIfSet(p, config.b2cProperty());
    p.addAll(config.companyOtherIdProperties().values());
    return List.copyOf(p);
  }

  List<String> contactProperties() {
    Set<String> p = new LinkedHashSet<>(List.of("firstname", "lastname", "email", CONTACT_CHANGE));
    addIfSet(p, config.contactIdentityProperty());
    addIfSet(p, config.contactInactiveProperty());
    return List.copyOf(p);
  }

  /** What an archived contact is read with: its primary company id, kept after archiving. */
  static List<String> archivedContactProperties() {
    return List.of(ASSOCIATED_COMPANY, CONTACT_CHANGE);
  }

  List<String> dealProperties() {
    Set<String> p =
        new LinkedHashSet<>(
            List.of(
                "dealname",
                "closedate",
                CHANGE,
                config.wonDealProperty(),
                config.cancelledDealProperty()));
    return List.copyOf(p);
  }

  /** Whether a contact is marked inactive by the configured property. */
  boolean contactInactive(HubObject contact) {
    return matches(contact.get(config.contactInactiveProperty()), config.contactInactiveValue());
  }

  /** Whether a deal is in one of the configured cancelled stages. */
  boolean dealCancelled(HubObject deal) {
    String value = deal.get(config.cancelledDealProperty());
    return value != null
        && config.cancelledDealValues().stream().anyMatch(v -> v.equalsIgnoreCase(value.strip()));
  }

  private static boolean matches(@Nullable String value, String expected) {
    return value != null && value.strip().equalsIgnoreCase(expected);
  }

  List<String> lineItemProperties() {
    Set<String> p =
        new LinkedHashSet<>(
            List.of(
                "name",
                "quantity",
                config.skuProperty(),
                "hs_product_id",
                BILLING_PERIOD,
                BILLING_START,
                CHANGE));
    addIfSet(p, config.lineSubscriptionProperty());
    addIfSet(p, config.lineContractProperty());
    addIfSet(p, config.lineCancelledProperty());
    addIfSet(p, config.lineCancelledAtProperty());
    return List.copyOf(p);
  }

  CrmAccount account(HubObject company) {
    CustomerType type = CustomerType.B2B;
    String b2c = company.get(config.b2cProperty());
    if (b2c != null
        && config.b2cValue() != null
        && b2c.strip().equalsIgnoreCase(config.b2cValue())) {
      type = CustomerType.B2C;
    }
    Map<String, String> otherIds = new LinkedHashMap<>();
    config
        .companyOtherIdProperties()
        .forEach(
            (key, property) -> {
              String value = company.get(property);
              if (value != null) {
                otherIds.put(key, value);
              }
            });
    return new CrmAccount(
        company.id(),
        company.get("name"),
        company.get(config.companyDisplayNameProperty()),
        company.get(config.companyEmailProperty()),
        company.get(config.companyContactInfoProperty()),
        type,
        otherIds,
        company.modifiedAt());
  }

  CrmContact contact(HubObject contact, @Nullable String companyId) {
    if (companyId == null) {
      throw new InvalidCrmRecordException(
          CrmRecordType.CONTACT,
          contact.id(),
          "accountCrmId",
          "is missing: the contact is not associated with a company");
    }
    List<String> parts = new ArrayList<>();
    addIfSet(parts, contact.get("firstname"));
    addIfSet(parts, contact.get("lastname"));
    String name = parts.isEmpty() ? contact.get("email") : String.join(" ", parts);
    return new CrmContact(
        contact.id(),
        companyId,
        name,
        contact.get("email"),
        ConsumerKind.PERSON,
        contact.get(config.contactIdentityProperty()),
        contact.modifiedAt());
  }

  /**
   * Maps a deal with its line items.
   *
   * @param deal the deal
   * @param companyId the associated company, or {@code null}
   * @param lines the line items that could be read
   * @param missingLineIds associated line items that HubSpot did not return
   */
  CrmOrder order(
      HubObject deal,
      @Nullable String companyId,
      List<HubObject> lines,
      List<String> missingLineIds) {
    if (companyId == null) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER,
          deal.id(),
          "accountCrmId",
          "is missing: the deal is not associated with a company");
    }
    List<CrmOrderLine> valid = new ArrayList<>();
    List<InvalidCrmRecordException> invalid = new ArrayList<>();
    List<HubObject> sorted = new ArrayList<>(lines);
    sorted.sort(Comparator.comparing(HubObject::id));
    for (HubObject line : sorted) {
      try {
        valid.add(line(line, deal.get("closedate")));
      } catch (InvalidCrmRecordException e) {
        invalid.add(e);
      }
    }
    for (String id : missingLineIds) {
      invalid.add(
          new InvalidCrmRecordException(
              CrmRecordType.ORDER_LINE,
              id,
              "lineId",
              "could not be read from HubSpot (archived or deleted line item)"));
    }
    return new CrmOrder(deal.id(), companyId, valid, invalid, deal.modifiedAt());
  }

  CrmOrderLine line(HubObject line, @Nullable String dealCloseDate) {
    String id = line.id();
    String quantityText = line.get("quantity");
    if (quantityText == null) {
      throw invalidLine(id, "quantity", "is missing");
    }
    int quantity;
    try {
      quantity = HubSpotValues.wholeNumber(quantityText);
    } catch (IllegalArgumentException e) {
      throw invalidLine(id, "quantity", "is not a whole number");
    }
    Instant validFrom = null;
    String start = line.get(BILLING_START);
    if (start != null) {
      validFrom = date(id, start, BILLING_START);
    } else if (dealCloseDate != null) {
      validFrom = date(id, dealCloseDate, "closedate (of the deal)");
    }
    Instant validUntil = null;
    String periodText = line.get(BILLING_PERIOD);
    if (periodText != null) {
      Period period;
      try {
        period = Period.parse(periodText.strip());
      } catch (DateTimeParseException e) {
        throw invalidLine(
            id, "validUntil", BILLING_PERIOD + " is not an ISO-8601 period like P12M");
      }
      if (period.isZero() || period.isNegative()) {
        throw invalidLine(id, "validUntil", BILLING_PERIOD + " must be a positive period");
      }
      if (validFrom == null) {
        throw invalidLine(
            id,
            "validFrom",
            "is missing: a recurring line needs "
                + BILLING_START
                + " or a deal closedate to compute its end");
      }
      validUntil = validFrom.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }
    CrmOrderLine mapped =
        new CrmOrderLine(
            id,
            line.get(config.skuProperty()),
            quantity,
            validFrom,
            validUntil,
            line.get(config.lineSubscriptionProperty()),
            line.get(config.lineContractProperty()));
    if (!matches(line.get(config.lineCancelledProperty()), config.lineCancelledValue())) {
      return mapped;
    }
    String at = line.get(config.lineCancelledAtProperty());
    if (at == null) {
      return mapped.cancel(null);
    }
    try {
      return mapped.cancel(HubSpotValues.instant(at));
    } catch (IllegalArgumentException e) {
      throw invalidLine(id, "cancelledAt", config.lineCancelledAtProperty() + " is not a date");
    }
  }

  /**
   * The company an object belongs to: the primary association when there is one, else the company
   * with the smallest id (so the choice is stable), else {@code null}.
   */
  static @Nullable String pickCompany(
      @Nullable List<HubSpotObjects.Association> associations, int primaryTypeId) {
    if (associations == null || associations.isEmpty()) {
      return null;
    }
    String best = null;
    for (HubSpotObjects.Association a : associations) {
      boolean primary =
          a.typeIds().contains(primaryTypeId)
              || a.labels().stream().anyMatch(l -> l.equalsIgnoreCase("Primary"));
      if (primary) {
        return a.toId();
      }
      if (best == null || HubSpotValues.NUMERIC_ID_ORDER.compare(a.toId(), best) < 0) {
        best = a.toId();
      }
    }
    return best;
  }

  private static Instant date(String lineId, String value, String property) {
    try {
      return HubSpotValues.instant(value);
    } catch (IllegalArgumentException e) {
      throw invalidLine(lineId, "validFrom", property + " is not a date");
    }
  }

  private static InvalidCrmRecordException invalidLine(String id, String field, String reason) {
    return new InvalidCrmRecordException(CrmRecordType.ORDER_LINE, id, field, reason);
  }

  private static <C extends java.util.Collection<String>> void addIfSet(
      C target, @Nullable String value) {
    if (value != null) {
      target.add(value);
    }
  }
}
