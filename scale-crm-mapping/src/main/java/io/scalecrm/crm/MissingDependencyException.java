package io.scalecrm.crm;

import io.scalecrm.client.ScaleException;
import io.scalecrm.crm.spi.CrmRecordType;

/**
 * A record cannot sync because a record it depends on (its account) did not: a {@link
 * FailureKind#DEPENDENCY} failure, so the record stays pending and is retried with its account.
 */
final class MissingDependencyException extends ScaleException {
  private static final long serialVersionUID = 1L;

  private final CrmRecordType recordType;
  private final String crmId;

  MissingDependencyException(CrmRecordType recordType, String crmId, String reason) {
    super(reason, null, true);
    this.recordType = recordType;
    this.crmId = crmId;
  }

  CrmRecordType recordType() {
    return recordType;
  }

  String crmId() {
    return crmId;
  }
}
