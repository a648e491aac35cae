package io.scalecrm.crm.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A CRM customer account, validated when constructed.
 *
 * @param crmId the account's CRM id (required, at most 255 characters)
 * @param name the formal name (required, at most 255 characters, single line)
 * @param displayName a presentation name, or {@code null}
 * @param email the contact email, or {@code null}; must look like an address; required for B2C
 * @param contactInfo free-text contact information (may span lines), or {@code null}
 * @param type business or individual
 * @param otherIds further ids of the account (VAT id, ERP id…), copied as configured; never null
 * @param modifiedAt when the CRM last modified the account; {@link Instant#EPOCH} if unknown
 */
public record CrmAccount(
    String crmId,
    String name,
    @Nullable String displayName,
    @Nullable String email,
    @Nullable String contactInfo,
    CustomerType type,
    Map<String, String> otherIds,
    Instant modifiedAt)
    implements CrmRecord {

  private static final CrmRecordType T = CrmRecordType.ACCOUNT;

  /**
   * Validates and normalises the fields (trims text, turns blanks into null).
   *
   * @param crmId the account's CRM id (required, at most 255 characters)
   * @param name the formal name (required, at most 255 characters, single line)
   * @param displayName a presentation name, or {@code null}
   * @param email the contact email, or {@code null}; must look like an address
   * @param contactInfo free-text contact information (may span lines), or {@code null}
   * @param type business or individual
   * @param otherIds further ids of the account (VAT id, ERP id…), copied as configured; never null
   * @param modifiedAt when the CRM last modified the account; {@link Instant#EPOCH} if unknown
   * @throws InvalidCrmRecordException naming the field when a value is missing or invalid
   */
  public CrmAccount {
    crmId = CrmFields.required(T, crmId, "crmId", crmId, CrmFields.MAX_ID);
    name = CrmFields.required(T, crmId, "name", name, CrmFields.MAX_NAME);
    displayName =
        CrmFields.optional(T, crmId, "displayName", displayName, CrmFields.MAX_NAME, false);
    email = CrmFields.email(T, crmId, "email", email);
    contactInfo =
        CrmFields.optional(T, crmId, "contactInfo", contactInfo, CrmFields.MAX_TEXT, true);
    if (type == null) {
      throw CrmFields.invalid(T, crmId, "type", "is missing (B2B or B2C)");
    }
    if (type == CustomerType.B2C && email == null) {
      // Scale creates a B2C customer together with the person's license consumer, keyed by email
      throw CrmFields.invalid(T, crmId, "email", "is required for a B2C account (an individual)");
    }
    Map<String, String> ids = new TreeMap<>();
    for (Map.Entry<String, String> e :
        Objects.requireNonNullElse(otherIds, Map.<String, String>of()).entrySet()) {
      String key = CrmFields.required(T, crmId, "otherIds", e.getKey(), 64);
      String value =
          CrmFields.optional(T, crmId, "otherIds." + key, e.getValue(), CrmFields.MAX_ID, false);
      if (value != null) {
        ids.put(key, value);
      }
    }
    otherIds = java.util.Collections.unmodifiableMap(ids);
    modifiedAt = Objects.requireNonNullElse(modifiedAt, Instant.EPOCH);
  }

  /**
   * A B2B account with only the required fields.
   *
   * @param crmId the CRM id
   * @param name the formal name
   * @return the account
   */
  public static CrmAccount b2b(String crmId, String name) {
    return new CrmAccount(crmId, name, null, null, null, CustomerType.B2B, Map.of(), Instant.EPOCH);
  }

  /**
   * A B2C account (an individual) with its email.
   *
   * @param crmId the CRM id
   * @param name the person's name
   * @param email the person's email
   * @return the account
   */
  public static CrmAccount b2c(String crmId, String name, String email) {
    return new CrmAccount(
        crmId, name, null, email, null, CustomerType.B2C, Map.of(), Instant.EPOCH);
  }

  /**
   * A copy with another email.
   *
   * @param newEmail the email, or {@code null}
   * @return the copy
   */
  public CrmAccount withEmail(@Nullable String newEmail) {
    return new CrmAccount(
        crmId, name, displayName, newEmail, contactInfo, type, otherIds, modifiedAt);
  }

  /**
   * A copy with another display name.
   *
   * @param newDisplayName the display name, or {@code null}
   * @return the copy
   */
  public CrmAccount withDisplayName(@Nullable String newDisplayName) {
    return new CrmAccount(
        crmId, name, newDisplayName, email, contactInfo, type, otherIds, modifiedAt);
  }

  /**
   * A copy with another modification time.
   *
   * @param newModifiedAt the time
   * @return the copy
   */
  public CrmAccount withModifiedAt(Instant newModifiedAt) {
    return new CrmAccount(
        crmId, name, displayName, email, contactInfo, type, otherIds, newModifiedAt);
  }

  @Override
  public CrmRecordType recordType() {
    return T;
  }
}
