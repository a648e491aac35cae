package io.scalecrm.crm.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A contact of a CRM account, validated when constructed.
 *
 * @param crmId the contact's CRM id (required)
 * @param accountCrmId the CRM id of the account the contact belongs to (required)
 * @param name the contact's name (required, single line)
 * @param email the contact's email, or {@code null}; must look like an address
 * @param kind person or device
 * @param connectedIdentityId the subject of the person in the vendor's identity provider, or {@code
 *     null}
 * @param modifiedAt when the CRM last modified the contact; {@link Instant#EPOCH} if unknown
 */
public record CrmContact(
    String crmId,
    String accountCrmId,
    String name,
    @Nullable String email,
    ConsumerKind kind,
    @Nullable String connectedIdentityId,
    Instant modifiedAt)
    implements CrmRecord {

  private static final CrmRecordType T = CrmRecordType.CONTACT;

  /**
   * Validates and normalises the fields.
   *
   * @param crmId the contact's CRM id (required)
   * @param accountCrmId the CRM id of the account the contact belongs to (required)
   * @param name the contact's name (required, single line)
   * @param email the contact's email, or {@code null}; must look like an address
   * @param kind person or device
   * @param connectedIdentityId the subject of the person in the vendor's identity provider, or
   *     {@code null}
   * @param modifiedAt when the CRM last modified the contact; {@link Instant#EPOCH} if unknown
   * @throws InvalidCrmRecordException naming the field when a value is missing or invalid
   */
  public CrmContact {
    crmId = CrmFields.required(T, crmId, "crmId", crmId, CrmFields.MAX_ID);
    accountCrmId = CrmFields.required(T, crmId, "accountCrmId", accountCrmId, CrmFields.MAX_ID);
    name = CrmFields.required(T, crmId, "name", name, CrmFields.MAX_NAME);
    email = CrmFields.email(T, crmId, "email", email);
    if (kind == null) {
      throw CrmFields.invalid(T, crmId, "kind", "is missing (PERSON or DEVICE)");
    }
    connectedIdentityId =
        CrmFields.optional(
            T, crmId, "connectedIdentityId", connectedIdentityId, CrmFields.MAX_ID, false);
    modifiedAt = Objects.requireNonNullElse(modifiedAt, Instant.EPOCH);
  }

  /**
   * A person contact with the required fields and an email.
   *
   * @param crmId the contact's CRM id
   * @param accountCrmId the account's CRM id
   * @param name the name
   * @param email the email, or {@code null}
   * @return the contact
   */
  public static CrmContact person(
      String crmId, String accountCrmId, String name, @Nullable String email) {
    return new CrmContact(
        crmId, accountCrmId, name, email, ConsumerKind.PERSON, null, Instant.EPOCH);
  }

  /**
   * A copy with another name.
   *
   * @param newName the name
   * @return the copy
   */
  public CrmContact withName(String newName) {
    return new CrmContact(
        crmId, accountCrmId, newName, email, kind, connectedIdentityId, modifiedAt);
  }

  /**
   * A copy with another modification time.
   *
   * @param newModifiedAt the time
   * @return the copy
   */
  public CrmContact withModifiedAt(Instant newModifiedAt) {
    return new CrmContact(
        crmId, accountCrmId, name, email, kind, connectedIdentityId, newModifiedAt);
  }

  @Override
  public CrmRecordType recordType() {
    return T;
  }
}
