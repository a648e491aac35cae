package io.scalecrm.examples.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.RemovalKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportAdapterTest {

  @TempDir Path dir;

  private void file(String name, String... lines) throws IOException {
    Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /** The builder the tests use; {@link CsvExportAdapterOnDiskTest} sorts everything on disk. */
  CsvExportAdapter.Builder builder() {
    return CsvExportAdapter.builder();
  }

  CsvExportAdapter adapter() {
    return builder().directory(dir).build();
  }

  private static <T extends CrmRecord> List<T> readAll(
      Function<CrmQuery, CrmPage<T>> reader, ChangeCursor since, int pageSize) {
    List<T> all = new ArrayList<>();
    CrmQuery query = CrmQuery.first(since, pageSize);
    while (true) {
      CrmPage<T> page = reader.apply(query);
      all.addAll(page.records());
      if (page.last()) {
        return all;
      }
      query = query.next(page);
    }
  }

  private static <T extends CrmRecord> List<InvalidCrmRecordException> rejectedAll(
      Function<CrmQuery, CrmPage<T>> reader, int pageSize) {
    List<InvalidCrmRecordException> all = new ArrayList<>();
    CrmQuery query = CrmQuery.first(null, pageSize);
    while (true) {
      CrmPage<T> page = reader.apply(query);
      all.addAll(page.rejected());
      if (page.last()) {
        return all;
      }
      query = query.next(page);
    }
  }

  @Test
  void readsQuotedNonAsciiValuesWithBomAndCrlf() throws IOException {
    String accounts =
        "\uFEFFaccount_id,name,display_name,email,type,contact_info,other_id.vat,modified\r\n"
            + "A-1,\"Müller, Weiß & Söhne \"\"GmbH\"\"\",Müller,billing@mueller.example,b2b,"
            + "\"Hauptstraße 1\r\nÜberlingen\",DE123,2026-03-01T10:00:00Z\r\n"
            + "A-2,Zoë Brontë,,zoe@example.co.uk,B2C,,,2026-03-01T11:00:00+01:00\r\n";
    Files.writeString(dir.resolve("accounts.csv"), accounts, StandardCharsets.UTF_8);
    file(
        "contacts.csv",
        "Contact_ID,Account_ID,Name,Email,Kind,Connected_Identity_ID,Modified",
        "C-1,A-1,Ånna Öberg,anna@mueller.example,,idp|42,2026-03-02",
        "C-2,A-1,Kiosk 7,,device,,");

    try (CsvExportAdapter adapter = adapter()) {
      List<CrmAccount> read = readAll(adapter::accounts, null, 10);
      assertThat(read)
          .as("same time (10:00Z): ordered by id")
          .containsExactly(
              new CrmAccount(
                  "A-1",
                  "Müller, Weiß & Söhne \"GmbH\"",
                  "Müller",
                  "billing@mueller.example",
                  "Hauptstraße 1\r\nÜberlingen",
                  CustomerType.B2B,
                  Map.of("vat", "DE123"),
                  Instant.parse("2026-03-01T10:00:00Z")),
              new CrmAccount(
                  "A-2",
                  "Zoë Brontë",
                  null,
                  "zoe@example.co.uk",
                  null,
                  CustomerType.B2C,
                  Map.of(),
                  Instant.parse("2026-03-01T10:00:00Z")));
      assertThat(readAll(adapter::contacts, null, 10))
          .containsExactly(
              new CrmContact(
                  "C-2", "A-1", "Kiosk 7", null, ConsumerKind.DEVICE, null, Instant.EPOCH),
              new CrmContact(
                  "C-1",
                  "A-1",
                  "Ånna Öberg",
                  "anna@mueller.example",
                  ConsumerKind.PERSON,
                  "idp|42",
                  Instant.parse("2026-03-02T00:00:00Z")));
      assertThat(readAll(adapter::orders, null, 10)).as("no orders.csv: no orders").isEmpty();
      assertThat(adapter.account("A-1")).contains(read.get(0));
      assertThat(adapter.account("nope")).isEmpty();
      assertThat(adapter.system()).isEqualTo("file");
    }
  }

  @Test
  void groupsOrderLinesIntoOrdersWithTheLatestModificationTime() throws IOException {
    file(
        "orders.csv",
        "order_id,account_id,line_id,sku,quantity,valid_from,valid_until,subscription_ref,"
            + "contract_ref,modified",
        "O-2,A-1,L-3,PRO,5,2026-01-01,2027-01-01,SUB-9,CT-1,2026-02-01T00:00:00Z",
        "O-1,A-2,L-1,BASIC,1,,,,,2026-01-10T00:00:00Z",
        "O-2,,L-4,API,100,2026-01-01T08:30:00Z,,,,2026-02-03T00:00:00Z",
        "O-1,A-2,L-2,PRO,2,,,,,2026-01-05T00:00:00Z");

    List<CrmOrder> orders = readAll(adapter()::orders, null, 10);

    assertThat(orders).extracting(CrmOrder::crmId).containsExactly("O-1", "O-2");
    CrmOrder o1 = orders.get(0);
    assertThat(o1.accountCrmId()).isEqualTo("A-2");
    assertThat(o1.modifiedAt()).isEqualTo(Instant.parse("2026-01-10T00:00:00Z"));
    assertThat(o1.lines()).extracting(CrmOrderLine::lineId).containsExactly("L-1", "L-2");
    CrmOrder o2 = orders.get(1);
    assertThat(o2.accountCrmId()).as("a blank account_id inherits the order's").isEqualTo("A-1");
    assertThat(o2.modifiedAt()).isEqualTo(Instant.parse("2026-02-03T00:00:00Z"));
    assertThat(o2.lines())
        .containsExactly(
            new CrmOrderLine(
                "L-3",
                "PRO",
                5,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                "SUB-9",
                "CT-1"),
            new CrmOrderLine(
                "L-4", "API", 100, Instant.parse("2026-01-01T08:30:00Z"), null, null, null));
  }

  @Test
  void returnsRecordsByModificationTimeThenIdAcrossPagesExactlyOnce() throws IOException {
    file(
        "accounts.csv",
        "account_id,name,modified",
        "A-5,Five,2026-01-05T00:00:00Z",
        "A-1,One,",
        "A-4,Four,2026-01-02T00:00:00Z",
        "A-3,Three,2026-01-02T00:00:00Z",
        "A-2,Two,2026-01-01T00:00:00Z",
        "A-0,Zero,");

    CsvExportAdapter adapter = adapter();
    CrmPage<CrmAccount> first = adapter.accounts(CrmQuery.first(null, 4));
    assertThat(first.records())
        .extracting(CrmAccount::crmId)
        .as("epoch (no modified) first, then by time, ties by id")
        .containsExactly("A-0", "A-1", "A-2", "A-3");
    assertThat(first.nextPageToken()).isNotNull();
    CrmPage<CrmAccount> second = adapter.accounts(CrmQuery.first(null, 4).next(first));
    assertThat(second.records()).extracting(CrmAccount::crmId).containsExactly("A-4", "A-5");
    assertThat(second.last()).isTrue();

    for (int size = 1; size <= 7; size++) {
      assertThat(readAll(adapter::accounts, null, size))
          .as("page size %d", size)
          .extracting(CrmAccount::crmId)
          .containsExactly("A-0", "A-1", "A-2", "A-3", "A-4", "A-5");
    }
  }

  @Test
  void resumesExactlyAfterTheCursor() throws IOException {
    file(
        "accounts.csv",
        "account_id,name,modified",
        "A-1,One,2026-01-01T00:00:00Z",
        "A-2,Two,2026-01-02T00:00:00Z",
        "A-3,Three,2026-01-02T00:00:00Z",
        "A-4,Four,2026-01-03T00:00:00Z");
    CsvExportAdapter adapter = adapter();
    List<CrmAccount> all = readAll(adapter::accounts, null, 2);

    assertThat(readAll(adapter::accounts, all.get(1).cursor(), 1))
        .extracting(CrmAccount::crmId)
        .containsExactly("A-3", "A-4");
    assertThat(readAll(adapter::accounts, all.get(3).cursor(), 1)).isEmpty();
    assertThat(
            readAll(
                adapter::accounts,
                new ChangeCursor(Instant.parse("2026-01-02T00:00:00Z"), "A-20"),
                1))
        .as("a cursor between two records")
        .extracting(CrmAccount::crmId)
        .containsExactly("A-3", "A-4");
    CrmPage<CrmAccount> afterLast = adapter.accounts(CrmQuery.first(all.get(3).cursor(), 5));
    assertThat(afterLast.records()).isEmpty();
    assertThat(afterLast.last()).isTrue();
  }

  @Test
  void rejectsBadAccountRowsNamingRowAndColumn() throws IOException {
    String tooLong = "x".repeat(300);
    file(
        "accounts.csv",
        "account_id,name,display_name,email,type,modified",
        "A-1,Good One,,,,2026-01-01T00:00:00Z",
        "A-2,,,,,",
        ",No Id,,,,",
        "A-4,Bad Mail,,not-an-email,,",
        "A-5,Bad Date,,,,yesterday",
        "A-6,Bad Type,,,B2X,",
        "A-7,Long," + tooLong + ",,,",
        "A-8,\"Bell\u0007Corp\",,,,",
        "A-9,Extra,,,,,surplus",
        "",
        "A-1,Duplicate,,,,",
        "A-11,Good Two,,,,2026-01-02T00:00:00Z");

    CsvExportAdapter adapter = adapter();
    assertThat(readAll(adapter::accounts, null, 3))
        .extracting(CrmAccount::crmId)
        .containsExactly("A-1", "A-11");
    assertThat(rejectedAll(adapter::accounts, 3))
        .extracting(
            InvalidCrmRecordException::recordType,
            InvalidCrmRecordException::crmId,
            InvalidCrmRecordException::field)
        .containsExactlyInAnyOrder(
            tuple(CrmRecordType.ACCOUNT, "A-2 (accounts.csv row 3)", "name"),
            tuple(CrmRecordType.ACCOUNT, "accounts.csv row 4", "account_id"),
            tuple(CrmRecordType.ACCOUNT, "A-4 (accounts.csv row 5)", "email"),
            tuple(CrmRecordType.ACCOUNT, "A-5 (accounts.csv row 6)", "modified"),
            tuple(CrmRecordType.ACCOUNT, "A-6 (accounts.csv row 7)", "type"),
            tuple(CrmRecordType.ACCOUNT, "A-7 (accounts.csv row 8)", "display_name"),
            tuple(CrmRecordType.ACCOUNT, "A-8 (accounts.csv row 9)", "name"),
            tuple(CrmRecordType.ACCOUNT, "A-9 (accounts.csv row 10)", "row"),
            tuple(CrmRecordType.ACCOUNT, "A-1 (accounts.csv row 12)", "account_id"));
    assertThat(rejectedAll(adapter::accounts, 100))
        .extracting(InvalidCrmRecordException::reason)
        .contains(
            "is missing",
            "is not a valid email address",
            "must be B2B or B2C",
            "is too long (300 characters, at most 255)",
            "contains a control character (U+0007)",
            "repeats the id of row 2 (ids must be unique)")
        .noneMatch(reason -> reason.contains("not-an-email") || reason.contains("yesterday"));
  }

  @Test
  void rejectsBadContactRows() throws IOException {
    file(
        "contacts.csv",
        "contact_id,account_id,name,email,kind",
        "C-1,A-1,Good,good@example.com,",
        "C-2,,No Account,,",
        "C-3,A-1,Robot,,android");

    CsvExportAdapter adapter = adapter();
    assertThat(readAll(adapter::contacts, null, 10))
        .extracting(CrmContact::crmId)
        .containsExactly("C-1");
    assertThat(rejectedAll(adapter::contacts, 10))
        .extracting(InvalidCrmRecordException::crmId, InvalidCrmRecordException::field)
        .containsExactlyInAnyOrder(
            tuple("C-2 (contacts.csv row 3)", "account_id"),
            tuple("C-3 (contacts.csv row 4)", "kind"));
  }

  @Test
  void badOrderLinesBecomeInvalidLinesWhileGoodLinesOfTheOrderStay() throws IOException {
    file(
        "orders.csv",
        "order_id,account_id,line_id,sku,quantity,valid_from,valid_until,modified",
        "O-1,A-1,L-1,PRO,3,,,2026-01-01T00:00:00Z",
        "O-1,A-1,L-2,PRO,abc,,,",
        "O-1,A-1,L-3,PRO,0,,,",
        "O-1,A-1,L-4,PRO,1,2026-05-01,2026-04-01,",
        "O-1,A-1,L-5,PRO,1,May 1st,,",
        "O-1,A-1,L-6,,1,,,",
        "O-1,A-9,L-7,PRO,1,,,",
        "O-1,A-1,L-1,PRO,1,,,",
        "O-1,A-1,L-9,PRO,1,,,",
        ",A-1,L-10,PRO,1,,,",
        "O-2,,L-11,PRO,1,,,",
        "O-2,,L-12,PRO,1,,,");

    CsvExportAdapter adapter = adapter();
    List<CrmOrder> orders = readAll(adapter::orders, null, 10);
    assertThat(orders).extracting(CrmOrder::crmId).containsExactly("O-1");
    CrmOrder order = orders.get(0);
    assertThat(order.lines()).extracting(CrmOrderLine::lineId).containsExactly("L-1", "L-9");
    assertThat(order.invalidLines())
        .extracting(
            InvalidCrmRecordException::recordType,
            InvalidCrmRecordException::crmId,
            InvalidCrmRecordException::field)
        .containsExactly(
            tuple(CrmRecordType.ORDER_LINE, "L-2 (orders.csv row 3)", "quantity"),
            tuple(CrmRecordType.ORDER_LINE, "L-3 (orders.csv row 4)", "quantity"),
            tuple(CrmRecordType.ORDER_LINE, "L-4 (orders.csv row 5)", "valid_until"),
            tuple(CrmRecordType.ORDER_LINE, "L-5 (orders.csv row 6)", "valid_from"),
            tuple(CrmRecordType.ORDER_LINE, "L-6 (orders.csv row 7)", "sku"),
            tuple(CrmRecordType.ORDER_LINE, "L-7 (orders.csv row 8)", "account_id"),
            tuple(CrmRecordType.ORDER_LINE, "L-1 (orders.csv row 9)", "line_id"));
    assertThat(order.invalidLines().get(0).reason()).isEqualTo("is not a whole number");
    assertThat(order.invalidLines().get(1).reason()).isEqualTo("must be positive (was 0)");
    assertThat(order.invalidLines().get(2).reason())
        .isEqualTo("must be after the line's start date");
    assertThat(rejectedAll(adapter::orders, 10))
        .extracting(
            InvalidCrmRecordException::recordType,
            InvalidCrmRecordException::crmId,
            InvalidCrmRecordException::field)
        .containsExactlyInAnyOrder(
            tuple(CrmRecordType.ORDER_LINE, "L-10 (orders.csv row 11)", "order_id"),
            tuple(CrmRecordType.ORDER, "O-2 (orders.csv rows 12, 13)", "account_id"));
  }

  @Test
  void rowNumbersCountTheHeaderAndBlankLinesButNotLinesInsideQuotes() throws IOException {
    file(
        "accounts.csv",
        "account_id,name,contact_info",
        "A-1,One,\"line 1",
        "line 2\"",
        "",
        "A-3,,");

    assertThat(rejectedAll(adapter()::accounts, 10))
        .extracting(InvalidCrmRecordException::crmId)
        .containsExactly("A-3 (accounts.csv row 4)");
  }

  @Test
  void rejectedRowsArePagedWithTheRecordsAndReportedOnce() throws IOException {
    file(
        "accounts.csv",
        "account_id,name,modified",
        "A-1,One,2026-01-01T00:00:00Z",
        "A-2,,2026-01-02T00:00:00Z",
        "A-3,Three,2026-01-03T00:00:00Z");
    CsvExportAdapter adapter = adapter();

    CrmPage<CrmAccount> first = adapter.accounts(CrmQuery.first(null, 2));
    CrmPage<CrmAccount> second = adapter.accounts(CrmQuery.first(null, 2).next(first));

    assertThat(first.records()).extracting(CrmAccount::crmId).containsExactly("A-1");
    assertThat(first.rejected())
        .extracting(InvalidCrmRecordException::field)
        .containsExactly("name");
    assertThat(second.records()).extracting(CrmAccount::crmId).containsExactly("A-3");
    assertThat(second.rejected()).isEmpty();
    assertThat(second.last()).isTrue();
    assertThat(adapter.accounts(CrmQuery.first(first.records().get(0).cursor(), 10)).rejected())
        .as("resuming after A-1 still reports the bad row modified later")
        .hasSize(1);
  }

  @Test
  void failsTheBuildForUnusableFiles() throws IOException {
    assertThatThrownBy(this::adapter)
        .isInstanceOf(CrmAdapterException.class)
        .hasMessageContaining("Found none of accounts.csv, contacts.csv, orders.csv");

    assertThatThrownBy(() -> builder().directory(dir.resolve("missing")).build())
        .isInstanceOf(CrmAdapterException.class)
        .hasMessageContaining("does not exist");

    file("accounts.csv", "account_id,display_name", "A-1,One");
    assertThatThrownBy(this::adapter)
        .isInstanceOf(CrmAdapterException.class)
        .hasMessageContaining("accounts.csv lacks the column(s) name")
        .satisfies(e -> assertThat(((CrmAdapterException) e).retryable()).isFalse());

    file("accounts.csv", "account_id,name", "A-1,\"One");
    assertThatThrownBy(this::adapter)
        .isInstanceOf(CrmAdapterException.class)
        .hasMessageContaining("Cannot read accounts.csv as CSV");

    Files.write(dir.resolve("accounts.csv"), new byte[] {'a', ',', 'b', '\n', (byte) 0xC3, '\n'});
    assertThatThrownBy(this::adapter)
        .isInstanceOf(CrmAdapterException.class)
        .hasMessageContaining("accounts.csv is not UTF-8");

    assertThatThrownBy(() -> builder().ordersFile(dir.resolve("nope.csv")).build())
        .isInstanceOf(CrmAdapterException.class)
        .hasMessageContaining("nope.csv does not exist");
  }

  @Test
  void takesExplicitFilesAndASystemName() throws IOException {
    file("my-accounts.csv", "account_id,name", "A-1,One");
    CsvExportAdapter adapter =
        builder().accountsFile(dir.resolve("my-accounts.csv")).system("acme-erp").build();
    assertThat(adapter.system()).isEqualTo("acme-erp");
    assertThat(readAll(adapter::accounts, null, 5)).hasSize(1);
    assertThat(readAll(adapter::contacts, null, 5)).isEmpty();
    assertThatThrownBy(() -> CsvExportAdapter.builder().system("Acme ERP"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeletedAccountIsATombstoneThatNeedsOnlyItsIdAndTime() throws IOException {
    file(
        "accounts.csv",
        "account_id,name,email,type,status,modified",
        "A-1,One,,,active,2026-01-01T00:00:00Z",
        "A-2,,,,deleted,2026-01-02T00:00:00Z",
        "A-3,Three,,,DELETED,2026-01-03T00:00:00Z",
        "A-4,Four,,,gone,2026-01-04T00:00:00Z",
        "A-5,Five,,B2C,,2026-01-05T00:00:00Z",
        ",,,,deleted,2026-01-06T00:00:00Z",
        "A-2,Two again,,,,2026-01-07T00:00:00Z",
        "A-8,Eight,,,deleted,yesterday");

    try (CsvExportAdapter adapter = adapter()) {
      CrmPage<CrmAccount> page = adapter.accounts(CrmQuery.first(null, 100));
      assertThat(page.records()).extracting(CrmAccount::crmId).containsExactly("A-1");
      assertThat(page.tombstones())
          .containsExactly(
              CrmTombstone.accountDeleted("A-2", Instant.parse("2026-01-02T00:00:00Z")),
              CrmTombstone.accountDeleted("A-3", Instant.parse("2026-01-03T00:00:00Z")));
      assertThat(page.rejected())
          .as("a live row still needs its required values")
          .extracting(InvalidCrmRecordException::crmId, InvalidCrmRecordException::field)
          .contains(tuple("A-5 (accounts.csv row 6)", "email"));
      assertThat(page.rejected())
          .filteredOn(e -> !e.field().equals("email"))
          .extracting(
              InvalidCrmRecordException::crmId,
              InvalidCrmRecordException::field,
              InvalidCrmRecordException::reason)
          .containsExactlyInAnyOrder(
              tuple(
                  "A-4 (accounts.csv row 5)",
                  "status",
                  "must be active or deleted (blank means active)"),
              tuple("accounts.csv row 7", "account_id", "is missing"),
              tuple(
                  "A-2 (accounts.csv row 8)",
                  "account_id",
                  "repeats the id of row 3 (ids must be unique)"),
              tuple(
                  "A-8 (accounts.csv row 9)",
                  "modified",
                  "is not an ISO-8601 date or timestamp with an offset"
                      + " (such as 2026-03-01 or 2026-03-01T10:00:00Z)"));
      assertThat(adapter.account("A-2")).as("a deleted account is not found").isEmpty();
      assertThat(adapter.account("A-1")).isPresent();
      assertThat(adapter.location(CrmRecordType.ACCOUNT, "A-3")).contains("accounts.csv row 4");
      assertThat(adapter.overview()).startsWith("8 accounts (2 deleted), 0 contacts");
    }
  }

  @Test
  void anInactiveOrDeletedContactIsATombstoneWithItsAccount() throws IOException {
    file(
        "contacts.csv",
        "contact_id,account_id,name,email,status,modified",
        "C-1,A-1,Anna,anna@example.com,,2026-02-01T00:00:00Z",
        "C-2,A-1,Björn,bjorn@example.com,inactive,2026-02-02T00:00:00Z",
        "C-3,A-2,,,Deleted,2026-02-03T00:00:00Z",
        "C-4,,Cécile,,inactive,2026-02-04T00:00:00Z",
        "C-5,A-2,Dariusz,,archived,2026-02-05T00:00:00Z");

    try (CsvExportAdapter adapter = adapter()) {
      CrmPage<CrmContact> page = adapter.contacts(CrmQuery.first(null, 100));
      assertThat(page.records()).extracting(CrmContact::crmId).containsExactly("C-1");
      assertThat(page.tombstones())
          .containsExactly(
              CrmTombstone.contactRemoved(
                  "C-2", "A-1", RemovalKind.INACTIVE, Instant.parse("2026-02-02T00:00:00Z")),
              CrmTombstone.contactRemoved(
                  "C-3", "A-2", RemovalKind.DELETED, Instant.parse("2026-02-03T00:00:00Z")));
      assertThat(page.rejected())
          .extracting(
              InvalidCrmRecordException::crmId,
              InvalidCrmRecordException::field,
              InvalidCrmRecordException::reason)
          .containsExactlyInAnyOrder(
              tuple("C-4 (contacts.csv row 5)", "account_id", "is missing"),
              tuple(
                  "C-5 (contacts.csv row 6)",
                  "status",
                  "must be active, inactive or deleted (blank means active)"));
      assertThat(adapter.location(CrmRecordType.CONTACT, "C-2")).contains("contacts.csv row 3");
      assertThat(adapter.overview()).contains("5 contacts (1 inactive, 1 deleted)");
    }
  }

  @Test
  void cancelledLinesStayInTheirOrderWithTheirEndTime() throws IOException {
    file(
        "orders.csv",
        "order_id,account_id,line_id,sku,quantity,status,cancelled_at,modified",
        "O-1,A-1,L-1,PRO,3,,,2026-03-01T00:00:00Z",
        "O-1,A-1,L-2,PRO,1,cancelled,2026-04-01,2026-04-02T00:00:00Z",
        "O-2,A-1,L-3,PRO,1,Cancelled,,2026-03-05T00:00:00Z",
        "O-2,A-1,L-4,API,1,cancelled,2026-04-01T12:00:00+02:00,2026-03-05T00:00:00Z",
        "O-3,A-1,L-5,PRO,1,active,2026-04-01,",
        "O-3,A-1,L-6,PRO,1,refunded,,",
        "O-3,A-1,L-7,PRO,1,cancelled,soon,",
        "O-3,A-1,L-8,,,cancelled,,");

    try (CsvExportAdapter adapter = adapter()) {
      List<CrmOrder> orders = readAll(adapter::orders, null, 10);
      assertThat(orders).extracting(CrmOrder::crmId).containsExactly("O-3", "O-2", "O-1");
      CrmOrder o1 = orders.get(2);
      assertThat(o1.modifiedAt()).isEqualTo(Instant.parse("2026-04-02T00:00:00Z"));
      assertThat(o1.lines())
          .containsExactly(
              CrmOrderLine.of("L-1", "PRO", 3),
              CrmOrderLine.of("L-2", "PRO", 1).cancel(Instant.parse("2026-04-01T00:00:00Z")));
      assertThat(orders.get(1).lines())
          .as("an order whose lines are all cancelled is still an order")
          .containsExactly(
              CrmOrderLine.of("L-3", "PRO", 1).cancel(null),
              CrmOrderLine.of("L-4", "API", 1).cancel(Instant.parse("2026-04-01T10:00:00Z")));
      assertThat(orders.get(0).lines()).isEmpty();
      assertThat(orders.get(0).invalidLines())
          .extracting(
              InvalidCrmRecordException::crmId,
              InvalidCrmRecordException::field,
              InvalidCrmRecordException::reason)
          .containsExactly(
              tuple("L-5 (orders.csv row 6)", "cancelled_at", "is only for a cancelled line"),
              tuple(
                  "L-6 (orders.csv row 7)",
                  "status",
                  "must be active or cancelled (blank means active)"),
              tuple(
                  "L-7 (orders.csv row 8)",
                  "cancelled_at",
                  "is not an ISO-8601 date or timestamp with an offset"
                      + " (such as 2026-03-01 or 2026-03-01T10:00:00Z)"),
              tuple("L-8 (orders.csv row 9)", "quantity", "is missing"));
      assertThat(adapter.overview())
          .isEqualTo(
              "0 accounts, 0 contacts, 3 orders with 8 lines (3 cancelled)"
                  + " (4 bad rows, listed below)");
    }
  }

  @Test
  void tombstonesArePagedInCursorOrderWithRecordsAndResumable() throws IOException {
    file(
        "accounts.csv",
        "account_id,name,status,modified",
        "A-1,One,,2026-01-01T00:00:00Z",
        "A-2,,deleted,2026-01-02T00:00:00Z",
        "A-3,Three,,2026-01-02T00:00:00Z",
        "A-4,,deleted,2026-01-03T00:00:00Z",
        "A-5,Five,,2026-01-04T00:00:00Z");
    try (CsvExportAdapter adapter = adapter()) {
      CrmPage<CrmAccount> first = adapter.accounts(CrmQuery.first(null, 2));
      assertThat(first.records()).extracting(CrmAccount::crmId).containsExactly("A-1");
      assertThat(first.tombstones()).extracting(CrmTombstone::crmId).containsExactly("A-2");
      CrmPage<CrmAccount> second = adapter.accounts(CrmQuery.first(null, 2).next(first));
      assertThat(second.records()).extracting(CrmAccount::crmId).containsExactly("A-3");
      assertThat(second.tombstones()).extracting(CrmTombstone::crmId).containsExactly("A-4");

      ChangeCursor afterA2 = first.tombstones().get(0).cursor();
      CrmPage<CrmAccount> resumed = adapter.accounts(CrmQuery.first(afterA2, 10));
      assertThat(resumed.records()).extracting(CrmAccount::crmId).containsExactly("A-3", "A-5");
      assertThat(resumed.tombstones()).extracting(CrmTombstone::crmId).containsExactly("A-4");
      CrmPage<CrmAccount> again = adapter.accounts(CrmQuery.first(afterA2.justBefore(), 10));
      assertThat(again.tombstones())
          .as("just before the deletion's time")
          .extracting(CrmTombstone::crmId)
          .containsExactly("A-2", "A-4");
    }
  }

  @Test
  void parsesDatesAndTimestampsExactlyAsJavaTimeDoes() {
    for (String value :
        List.of(
            "2026-03-01",
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:00:00+02:00",
            "2026-03-01T10:00Z",
            "2026-03-01T10:00:00.250Z",
            "2024-02-29",
            "2023-02-29",
            "2026-02-30T10:00:00Z",
            "2026-13-01",
            "2026-03-01T24:00:00Z",
            "2026-03-01T23:59:60Z",
            "2026-03-01t10:00:00Z",
            "2026-03-01T10:00:00z",
            "0000-01-01",
            "+2026-03-01",
            "2026-3-1",
            "\uFF12\uFF10\uFF12\uFF16-03-01",
            "yesterday")) {
      Instant reference;
      try {
        reference = java.time.OffsetDateTime.parse(value).toInstant();
      } catch (java.time.format.DateTimeParseException notDateTime) {
        try {
          reference =
              java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException notDate) {
          reference = null;
        }
      }
      assertThat(CsvExportAdapter.parseInstant(value)).as(value).isEqualTo(reference);
    }
  }

  @Test
  void rejectsForeignPageTokens() throws IOException {
    file("accounts.csv", "account_id,name", "A-1,One");
    CsvExportAdapter adapter = adapter();
    assertThatThrownBy(() -> adapter.accounts(new CrmQuery(null, "abc", 5)))
        .isInstanceOf(CrmAdapterException.class);
    assertThatThrownBy(() -> adapter.accounts(new CrmQuery(null, "7", 5)))
        .isInstanceOf(CrmAdapterException.class);
  }
}
