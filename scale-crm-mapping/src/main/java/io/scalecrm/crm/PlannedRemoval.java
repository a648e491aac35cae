package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A removal a CRM record signals for something that exists in Scale, planned (with reads only)
 * while the run handles the record and applied at the end of the run, after the removal guard
 * allowed it.
 *
 * @param recordType the removed (or cancelled) record's type
 * @param crmId its CRM id (a line id for a cancelled line)
 * @param accountCrmId its account
 * @param action what to do: {@link ActionType#REVOKE_ACCESS}, {@link ActionType#DELETE_CONSUMER},
 *     {@link ActionType#REVOKE_LICENSE}, {@link ActionType#DELETE_LICENSEE}; {@code null} when the
 *     mapping's policy leaves it alone (the signal still counts against the guard)
 * @param licenseeId the licensee concerned
 * @param licenseeType business or individual (a B2C licensee is deleted with delete-user)
 * @param targets the consumer ids (access) or license ids (licenses) concerned
 * @param validUntil for revoked licenses: their new end
 * @param description what would be removed, in CRM terms, for the report
 */
record PlannedRemoval(
    CrmRecordType recordType,
    String crmId,
    String accountCrmId,
    @Nullable ActionType action,
    String licenseeId,
    CustomerType licenseeType,
    List<String> targets,
    @Nullable Instant validUntil,
    String description) {

  PlannedRemoval {
    targets = List.copyOf(targets);
  }

  boolean signalOnly() {
    return action == null;
  }
}
