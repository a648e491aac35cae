package io.scalecrm.examples.file;

import static io.scalecrm.examples.file.LifecycleSampleGenerator.CANCELLED_AT;
import static io.scalecrm.examples.file.LifecycleSampleGenerator.CANCELLED_LINE;
import static io.scalecrm.examples.file.LifecycleSampleGenerator.DELETED_ACCOUNT;
import static io.scalecrm.examples.file.LifecycleSampleGenerator.DELETED_CONTACT;
import static io.scalecrm.examples.file.LifecycleSampleGenerator.DEPARTED_CONTACT;
import static io.scalecrm.examples.file.LifecycleSampleGenerator.RENEWED_LINE;
import static io.scalecrm.examples.file.LifecycleSampleGenerator.RENEWED_UNTIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.scalecrm.crm.RemovalLimit;
import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.RemovalKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the committed {@code samples/lifecycle} export: that {@link LifecycleSampleGenerator} made
 * it, and that it is {@code samples/clean} a day later with exactly the five documented changes
 * (the deleted account's contacts and lines removed with it), few enough removals for the default
 * removal limit.
 */
class CsvLifecycleSampleTest {
  private static final Path SAMPLES = Path.of("samples");

  /** Everything of one kind, in one page. */
  private static <T extends CrmRecord> CrmPage<T> all(
      Function<CrmQuery, CrmPage<T>> reader, ChangeCursor since) {
    CrmPage<T> page = reader.apply(CrmQuery.first(since, 1000));
    assertThat(page.last()).isTrue();
    assertThat(page.rejected()).isEmpty();
    return page;
  }

  private static <T extends CrmRecord> Map<String, T> byId(List<T> records) {
    return records.stream().collect(Collectors.toMap(CrmRecord::crmId, Function.identity()));
  }

  /** The ids whose record differs between the two reads, or is only in one of them. */
  private static <T extends CrmRecord> List<String> changed(List<T> before, List<T> after) {
    Map<String, T> old = byId(before);
    return after.stream()
        .filter(r -> !r.equals(old.get(r.crmId())))
        .map(CrmRecord::crmId)
        .sorted()
        .collect(Collectors.toList());
  }

  private static ChangeCursor last(List<? extends CrmRecord> records) {
    return records.stream().map(CrmRecord::cursor).max(Comparator.naturalOrder()).orElseThrow();
  }

  @Test
  void lifecycleSampleIsWhatTheGeneratorWrites(@TempDir Path dir) throws IOException {
    LifecycleSampleGenerator.generate(dir);
    for (String name :
        List.of(
            CsvExportAdapter.ACCOUNTS_FILE,
            CsvExportAdapter.CONTACTS_FILE,
            CsvExportAdapter.ORDERS_FILE)) {
      assertThat(Files.readString(SAMPLES.resolve("lifecycle").resolve(name)))
          .as(
              "samples/lifecycle/%s differs from LifecycleSampleGenerator's output; if it or"
                  + " samples/clean changed on purpose, re-run it (see its Javadoc)",
              name)
          .isEqualTo(Files.readString(dir.resolve(name)));
    }
  }

  @Test
  void lifecycleSampleIsTheCleanSampleADayLaterWithFiveChanges() {
    try (CsvExportAdapter clean = CsvExportAdapter.of(SAMPLES.resolve("clean"));
        CsvExportAdapter later = CsvExportAdapter.of(SAMPLES.resolve("lifecycle"))) {
      CrmPage<CrmAccount> accountsBefore = all(clean::accounts, null);
      CrmPage<CrmAccount> accounts = all(later::accounts, null);
      CrmPage<CrmContact> contactsBefore = all(clean::contacts, null);
      CrmPage<CrmContact> contacts = all(later::contacts, null);
      CrmPage<CrmOrder> ordersBefore = all(clean::orders, null);
      CrmPage<CrmOrder> orders = all(later::orders, null);

      // a deleted B2B account; every other account as it was
      Instant cleanLatest =
          List.of(
                  last(accountsBefore.records()),
                  last(contactsBefore.records()),
                  last(ordersBefore.records()))
              .stream()
              .max(Comparator.naturalOrder())
              .orElseThrow()
              .modifiedAt();
      CrmAccount deletedAccount = byId(accountsBefore.records()).get(DELETED_ACCOUNT);
      assertThat(deletedAccount.type().name()).isEqualTo("B2B");
      assertThat(accounts.tombstones()).hasSize(1);
      CrmTombstone accountDeleted = accounts.tombstones().get(0);
      assertThat(accountDeleted)
          .isEqualTo(CrmTombstone.accountDeleted(DELETED_ACCOUNT, accountDeleted.modifiedAt()));
      assertThat(changed(accountsBefore.records(), accounts.records())).isEmpty();
      assertThat(accounts.records()).hasSize(accountsBefore.records().size() - 1);

      // a departed (inactive) and a deleted contact, with their accounts, and the deleted
      // account's contacts; the others unchanged
      Map<String, CrmContact> contactBefore = byId(contactsBefore.records());
      List<String> accountsContacts =
          contactsBefore.records().stream()
              .filter(c -> c.accountCrmId().equals(DELETED_ACCOUNT))
              .map(CrmContact::crmId)
              .sorted()
              .collect(Collectors.toList());
      assertThat(accountsContacts).isNotEmpty().doesNotContain(DEPARTED_CONTACT, DELETED_CONTACT);
      List<Tuple> removedContacts =
          new ArrayList<>(
              List.of(
                  tuple(
                      DEPARTED_CONTACT,
                      contactBefore.get(DEPARTED_CONTACT).accountCrmId(),
                      RemovalKind.INACTIVE),
                  tuple(
                      DELETED_CONTACT,
                      contactBefore.get(DELETED_CONTACT).accountCrmId(),
                      RemovalKind.DELETED)));
      accountsContacts.forEach(
          id -> removedContacts.add(tuple(id, DELETED_ACCOUNT, RemovalKind.DELETED)));
      assertThat(contacts.tombstones())
          .extracting(CrmTombstone::crmId, CrmTombstone::accountCrmId, CrmTombstone::removal)
          .containsExactlyInAnyOrderElementsOf(removedContacts);
      assertThat(changed(contactsBefore.records(), contacts.records())).isEmpty();
      assertThat(contacts.records())
          .hasSize(contactsBefore.records().size() - 2 - accountsContacts.size());

      // a cancelled line, a renewed subscription line and the deleted account's cancelled
      // orders; every other order unchanged
      String cancelledOrder = CANCELLED_LINE.substring(0, CANCELLED_LINE.lastIndexOf('-'));
      String renewedOrder = RENEWED_LINE.substring(0, RENEWED_LINE.lastIndexOf('-'));
      Map<String, CrmOrder> orderBefore = byId(ordersBefore.records());
      Map<String, CrmOrder> orderAfter = byId(orders.records());
      List<String> accountsOrders =
          ordersBefore.records().stream()
              .filter(o -> o.accountCrmId().equals(DELETED_ACCOUNT))
              .map(CrmOrder::crmId)
              .collect(Collectors.toList());
      assertThat(accountsOrders).isNotEmpty().doesNotContain(cancelledOrder, renewedOrder);
      List<String> changedOrders = new ArrayList<>(List.of(cancelledOrder, renewedOrder));
      changedOrders.addAll(accountsOrders);
      assertThat(changed(ordersBefore.records(), orders.records()))
          .containsExactlyInAnyOrderElementsOf(changedOrders);
      Instant cancelledAt = LocalDate.parse(CANCELLED_AT).atStartOfDay(ZoneOffset.UTC).toInstant();
      for (String id : accountsOrders) {
        assertThat(orderAfter.get(id).lines())
            .containsExactlyElementsOf(
                orderBefore.get(id).lines().stream()
                    .map(l -> l.cancel(cancelledAt))
                    .collect(Collectors.toList()));
      }
      assertThat(orderAfter.get(cancelledOrder).lines())
          .containsExactlyElementsOf(
              orderBefore.get(cancelledOrder).lines().stream()
                  .map(
                      l ->
                          l.lineId().equals(CANCELLED_LINE)
                              ? l.cancel(
                                  LocalDate.parse(CANCELLED_AT)
                                      .atStartOfDay(ZoneOffset.UTC)
                                      .toInstant())
                              : l)
                  .collect(Collectors.toList()));
      CrmOrderLine renewedBefore = line(orderBefore.get(renewedOrder), RENEWED_LINE);
      CrmOrderLine renewed = line(orderAfter.get(renewedOrder), RENEWED_LINE);
      assertThat(renewed)
          .isEqualTo(
              renewedBefore.withValidity(
                  renewedBefore.validFrom(),
                  LocalDate.parse(RENEWED_UNTIL).atStartOfDay(ZoneOffset.UTC).toInstant()));
      assertThat(renewed.validUntil())
          .isEqualTo(
              Objects.requireNonNull(renewedBefore.validUntil())
                  .atZone(ZoneOffset.UTC)
                  .plusYears(1)
                  .toInstant());
      assertThat(renewed.subscriptionReference()).isNotNull();

      // every change a day after the clean export, so a checkpointed run reads only the changes
      List<CrmRecord> changes = new ArrayList<>(accounts.tombstones());
      changes.addAll(contacts.tombstones());
      changedOrders.forEach(id -> changes.add(orderAfter.get(id)));
      assertThat(changes)
          .allSatisfy(
              r ->
                  assertThat(r.modifiedAt())
                      .isAfter(cleanLatest.plusSeconds(86_400 - 3_600))
                      .isBefore(cleanLatest.plusSeconds(2 * 86_400)));
      assertThat(all(later::accounts, last(accountsBefore.records())).tombstones())
          .containsExactly(accountDeleted);
      assertThat(all(later::contacts, last(contactsBefore.records())).tombstones())
          .hasSameSizeAs(removedContacts);
      assertThat(all(later::contacts, last(contactsBefore.records())).records()).isEmpty();
      assertThat(all(later::orders, last(ordersBefore.records())).records())
          .extracting(CrmOrder::crmId)
          .containsExactlyInAnyOrderElementsOf(changedOrders);

      // the SKU map still covers every line
      SkuTable skus = SkuTable.load(SAMPLES.resolve("sku-map.csv"));
      assertThat(orders.records())
          .flatExtracting(CrmOrder::lines)
          .allSatisfy(l -> assertThat(skus.productConfigId(l.sku())).isPresent());
      assertThat(later.overview())
          .isEqualTo(
              "80 accounts (1 deleted), 221 contacts (1 inactive, 3 deleted),"
                  + " 90 orders with 148 lines (2 cancelled)");
    }
  }

  @Test
  void lifecycleRemovalsStayBelowTheDefaultRemovalLimit() {
    try (CsvExportAdapter later = CsvExportAdapter.of(SAMPLES.resolve("lifecycle"))) {
      CrmPage<CrmAccount> accounts = all(later::accounts, null);
      CrmPage<CrmContact> contacts = all(later::contacts, null);
      CrmPage<CrmOrder> orders = all(later::orders, null);
      long read =
          accounts.records().size()
              + accounts.tombstones().size()
              + contacts.records().size()
              + contacts.tombstones().size()
              + orders.records().size();
      long removals =
          accounts.tombstones().size()
              + contacts.tombstones().size()
              + orders.records().stream()
                  .flatMap(o -> o.lines().stream())
                  .filter(CrmOrderLine::cancelled)
                  .count();
      assertThat(removals).as("4 contacts, 2 lines, 1 account").isEqualTo(7);
      assertThat(removals)
          .as("removals (even counting the deleted account) within the default limit")
          .isLessThanOrEqualTo(RemovalLimit.DEFAULT.allowed(read));
    }
  }

  private static CrmOrderLine line(CrmOrder order, String lineId) {
    return order.lines().stream().filter(l -> l.lineId().equals(lineId)).findFirst().orElseThrow();
  }
}
