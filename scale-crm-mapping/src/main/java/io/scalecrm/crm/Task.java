package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the steps of one record did, collected while the record's account lock is held and handed to
 * the report and the listener after it is released (a listener may call back into the SDK).
 */
final class Task {
  /** A record other than the task's own that the task synced on the way (an account). */
  record Extra(CrmRecordType type, String crmId, Outcome outcome) {}

  final List<SyncAction> actions = new ArrayList<>();
  final List<Extra> extras = new ArrayList<>();

  void action(ActionType type, CrmRecordType recordType, String crmId, String detail) {
    actions.add(new SyncAction(type, recordType, crmId, detail));
  }

  void extra(CrmRecordType type, String crmId, Outcome outcome) {
    extras.add(new Extra(type, crmId, outcome));
  }
}
