package io.scalecrm.examples.file;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.testkit.ContractData;
import io.scalecrm.testkit.CrmAdapterContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the SDK's adapter conformance tests against {@link CsvExportAdapter}, over the contract data
 * written as CSV files, removals included: a removed account or contact is a row with {@code
 * status} {@code deleted} or {@code inactive} and nothing but its ids and {@code modified}; a
 * cancelled line has {@code status} {@code cancelled} and its {@code cancelled_at}. The two failure
 * tests are aborted: files have no authentication and no server.
 */
class CsvExportAdapterContractTest extends CrmAdapterContract {

  @TempDir Path dir;

  /** The builder; {@link CsvExportAdapterOnDiskContractTest} sorts on disk. */
  CsvExportAdapter.Builder builder() {
    return CsvExportAdapter.builder();
  }

  @Override
  protected CrmAdapter adapterFor(ContractData data) {
    write(dir, data);
    return builder().directory(dir).build();
  }

  @Override
  protected boolean supportsRemovals() {
    return true;
  }

  /**
   * The standard removal data, except that the CSV format has no order-level removal: a cancelled
   * or deleted order is exported as the order with every line {@code cancelled} (an order whose
   * lines are all cancelled stays an order), at the time of its removal. The account and contact
   * tombstones, and the cancelled lines, stay as they are.
   */
  @Override
  protected ContractData removalData() {
    ContractData removals = ContractData.withRemovals();
    Map<String, CrmOrder> standardOrders =
        ContractData.standard().orders().stream()
            .collect(Collectors.toMap(CrmOrder::crmId, Function.identity()));
    List<CrmOrder> orders = new ArrayList<>(removals.orders());
    List<CrmTombstone> tombstones = new ArrayList<>();
    for (CrmTombstone t : removals.tombstones()) {
      if (t.recordType() != CrmRecordType.ORDER) {
        tombstones.add(t);
        continue;
      }
      CrmOrder order = standardOrders.get(t.crmId());
      List<CrmOrderLine> lines =
          order.lines().stream().map(l -> l.cancel(t.effectiveAt())).collect(Collectors.toList());
      orders.add(
          new CrmOrder(order.crmId(), order.accountCrmId(), lines, List.of(), t.modifiedAt()));
    }
    return new ContractData(removals.accounts(), removals.contacts(), orders, tombstones);
  }

  /** Writes the data as {@code accounts.csv}, {@code contacts.csv} and {@code orders.csv}. */
  static void write(Path dir, ContractData data) {
    TreeSet<String> otherIdKeys = new TreeSet<>();
    data.accounts().forEach(a -> otherIdKeys.addAll(a.otherIds().keySet()));
    List<String> header =
        new ArrayList<>(
            List.of(
                "account_id",
                "name",
                "display_name",
                "email",
                "type",
                "contact_info",
                "status",
                "modified"));
    otherIdKeys.forEach(k -> header.add(CsvExportAdapter.OTHER_ID_PREFIX + k));
    List<List<String>> rows = new ArrayList<>();
    for (CrmAccount a : data.accounts()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  a.crmId(),
                  a.name(),
                  text(a.displayName()),
                  text(a.email()),
                  a.type().name(),
                  text(a.contactInfo()),
                  "active",
                  time(a.modifiedAt())));
      otherIdKeys.forEach(k -> row.add(text(a.otherIds().get(k))));
      rows.add(row);
    }
    for (CrmTombstone t : data.tombstones(CrmRecordType.ACCOUNT)) {
      List<String> row =
          new ArrayList<>(List.of(t.crmId(), "", "", "", "", "", "deleted", time(t.modifiedAt())));
      otherIdKeys.forEach(k -> row.add(""));
      rows.add(row);
    }
    CsvTestFiles.print(dir.resolve(CsvExportAdapter.ACCOUNTS_FILE), header, rows);

    rows = new ArrayList<>();
    for (CrmContact c : data.contacts()) {
      rows.add(
          List.of(
              c.crmId(),
              c.accountCrmId(),
              c.name(),
              text(c.email()),
              c.kind().name(),
              text(c.connectedIdentityId()),
              "",
              time(c.modifiedAt())));
    }
    for (CrmTombstone t : data.tombstones(CrmRecordType.CONTACT)) {
      rows.add(
          List.of(
              t.crmId(),
              text(t.accountCrmId()),
              "",
              "",
              "",
              "",
              t.removal() == RemovalKind.INACTIVE ? "inactive" : "Deleted",
              time(t.modifiedAt())));
    }
    CsvTestFiles.print(
        dir.resolve(CsvExportAdapter.CONTACTS_FILE),
        List.of(
            "contact_id",
            "account_id",
            "name",
            "email",
            "kind",
            "connected_identity_id",
            "status",
            "modified"),
        rows);

    rows = new ArrayList<>();
    for (CrmOrder o : data.orders()) {
      for (CrmOrderLine l : o.lines()) {
        rows.add(
            List.of(
                o.crmId(),
                o.accountCrmId(),
                l.lineId(),
                l.sku(),
                String.valueOf(l.quantity()),
                text(l.validFrom()),
                text(l.validUntil()),
                text(l.subscriptionReference()),
                text(l.contractReference()),
                l.cancelled() ? "cancelled" : "",
                text(l.cancelledAt()),
                time(o.modifiedAt())));
      }
    }
    CsvTestFiles.print(
        dir.resolve(CsvExportAdapter.ORDERS_FILE),
        List.of(
            "order_id",
            "account_id",
            "line_id",
            "sku",
            "quantity",
            "valid_from",
            "valid_until",
            "subscription_ref",
            "contract_ref",
            "status",
            "cancelled_at",
            "modified"),
        rows);
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }

  private static String time(Instant t) {
    return Instant.EPOCH.equals(t) ? "" : t.toString();
  }
}
