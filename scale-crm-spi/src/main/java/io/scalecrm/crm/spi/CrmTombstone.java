package io.scalecrm.crm.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An explicit signal that a CRM record was removed or became inactive: an account deleted, a
 * contact deleted or marked inactive, an order cancelled. Adapters return tombstones in {@link
 * CrmPage#tombstones()}, in the same change order and on the same cursor as live records of the
 * same kind, so a sync resumes after them like after any record.
 *
 * <p>A record that is merely missing from a read is never a removal: only a tombstone makes the
 * sync revoke or delete anything, and only as its mapping's lifecycle policies say.
 *
 * @param recordType the kind of record removed: {@link CrmRecordType#ACCOUNT}, {@link
 *     CrmRecordType#CONTACT} or {@link CrmRecordType#ORDER}
 * @param crmId the removed record's CRM id
 * @param accountCrmId the account the record belonged to; required for contacts and orders (the
 *     sync needs the licensee to act on), {@code null} or equal to {@code crmId} for accounts
 * @param removal what happened: {@link RemovalKind#DELETED} (any kind), {@link
 *     RemovalKind#INACTIVE} (contacts), {@link RemovalKind#CANCELLED} (orders)
 * @param modifiedAt when the CRM recorded the removal; orders the tombstone in the change stream
 * @param effectiveAt when the removal takes effect in Scale (for example the end date of a
 *     cancelled order's licenses), or {@code null} for the moment of the sync
 * @param lineIds for an order: the lines removed with it; empty means every line of the order
 */
public record CrmTombstone(
    CrmRecordType recordType,
    String crmId,
    @Nullable String accountCrmId,
    RemovalKind removal,
    Instant modifiedAt,
    @Nullable Instant effectiveAt,
    List<String> lineIds)
    implements CrmRecord {

  /**
   * Validates the tombstone.
   *
   * @param recordType the kind of record removed
   * @param crmId the removed record's CRM id
   * @param accountCrmId the account the record belonged to (required for contacts and orders)
   * @param removal what happened
   * @param modifiedAt when the CRM recorded the removal
   * @param effectiveAt when the removal takes effect, or {@code null} for the moment of the sync
   * @param lineIds for an order: the lines removed with it; empty for every line
   * @throws InvalidCrmRecordException naming the field when a value is missing or does not fit
   */
  public CrmTombstone {
    Objects.requireNonNull(recordType, "recordType");
    if (recordType == CrmRecordType.ORDER_LINE) {
      throw new IllegalArgumentException(
          "An order line is cancelled through CrmOrderLine.status(), not a tombstone");
    }
    crmId = CrmFields.required(recordType, crmId, "crmId", crmId, CrmFields.MAX_ID);
    if (recordType == CrmRecordType.ACCOUNT) {
      accountCrmId =
          CrmFields.optional(
              recordType, crmId, "accountCrmId", accountCrmId, CrmFields.MAX_ID, false);
      if (accountCrmId != null && !accountCrmId.equals(crmId)) {
        throw CrmFields.invalid(recordType, crmId, "accountCrmId", "must be the account's own id");
      }
      accountCrmId = crmId;
    } else {
      accountCrmId =
          CrmFields.required(recordType, crmId, "accountCrmId", accountCrmId, CrmFields.MAX_ID);
    }
    if (removal == null) {
      throw CrmFields.invalid(recordType, crmId, "status", "is missing");
    }
    boolean fits =
        removal == RemovalKind.DELETED
            || (removal == RemovalKind.INACTIVE && recordType == CrmRecordType.CONTACT)
            || (removal == RemovalKind.CANCELLED && recordType == CrmRecordType.ORDER);
    if (!fits) {
      throw CrmFields.invalid(
          recordType, crmId, "status", "cannot be " + removal + " for a " + recordType.label());
    }
    modifiedAt = Objects.requireNonNullElse(modifiedAt, Instant.EPOCH);
    lineIds = List.copyOf(Objects.requireNonNullElse(lineIds, List.of()));
    if (recordType != CrmRecordType.ORDER && !lineIds.isEmpty()) {
      throw CrmFields.invalid(recordType, crmId, "lineIds", "are only for orders");
    }
  }

  /**
   * An account deleted in the CRM.
   *
   * @param crmId the account's CRM id
   * @param modifiedAt when it was deleted
   * @return the tombstone
   */
  public static CrmTombstone accountDeleted(String crmId, Instant modifiedAt) {
    return new CrmTombstone(
        CrmRecordType.ACCOUNT, crmId, crmId, RemovalKind.DELETED, modifiedAt, null, List.of());
  }

  /**
   * A contact deleted in the CRM, or marked inactive.
   *
   * @param crmId the contact's CRM id
   * @param accountCrmId the account it belonged to
   * @param removal {@link RemovalKind#DELETED} or {@link RemovalKind#INACTIVE}
   * @param modifiedAt when it happened
   * @return the tombstone
   */
  public static CrmTombstone contactRemoved(
      String crmId, String accountCrmId, RemovalKind removal, Instant modifiedAt) {
    return new CrmTombstone(
        CrmRecordType.CONTACT, crmId, accountCrmId, removal, modifiedAt, null, List.of());
  }

  /**
   * A whole order cancelled (or deleted) in the CRM.
   *
   * @param crmId the order's CRM id
   * @param accountCrmId the buying account
   * @param modifiedAt when it happened
   * @param effectiveAt when its licenses end, or {@code null} for the moment of the sync
   * @return the tombstone
   */
  public static CrmTombstone orderCancelled(
      String crmId, String accountCrmId, Instant modifiedAt, @Nullable Instant effectiveAt) {
    return new CrmTombstone(
        CrmRecordType.ORDER,
        crmId,
        accountCrmId,
        RemovalKind.CANCELLED,
        modifiedAt,
        effectiveAt,
        List.of());
  }
}
