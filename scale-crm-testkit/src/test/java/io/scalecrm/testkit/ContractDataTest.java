package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.RemovalKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContractDataTest {

  private final ContractData data = ContractData.standard();

  @Test
  void isDeterministic() {
    assertThat(ContractData.standard()).isEqualTo(data);
  }

  @Test
  void hasTheAdvertisedSizesAndMix() {
    assertThat(data.accounts()).hasSize(23);
    assertThat(data.contacts()).hasSize(40);
    assertThat(data.orders()).hasSize(17);
    assertThat(data.accounts())
        .extracting(CrmAccount::type)
        .contains(CustomerType.B2B, CustomerType.B2C);
    assertThat(data.orders()).allSatisfy(o -> assertThat(o.lines()).hasSizeBetween(1, 3));
    assertThat(data.orders().stream().map(o -> o.lines().size()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void referencesOnlyExistingAccounts() {
    Set<String> accounts =
        data.accounts().stream().map(CrmAccount::crmId).collect(Collectors.toSet());
    assertThat(data.contacts()).extracting(CrmContact::accountCrmId).allMatch(accounts::contains);
    assertThat(data.orders()).extracting(CrmOrder::accountCrmId).allMatch(accounts::contains);
  }

  @Test
  void hasWholeSecondTimesIn2026WithSomeSharedTimes() {
    for (List<? extends CrmRecord> records :
        List.of(data.accounts(), data.contacts(), data.orders())) {
      List<Instant> times =
          records.stream().map(CrmRecord::modifiedAt).collect(Collectors.toList());
      assertThat(times)
          .allMatch(t -> t.equals(t.truncatedTo(ChronoUnit.SECONDS)))
          .allMatch(t -> t.toString().startsWith("2026-"));
      Set<Instant> distinct = new HashSet<>(times);
      assertThat(distinct.size()).isLessThan(times.size()).isGreaterThan(times.size() - 5);
    }
  }

  @Test
  void hasUniqueIdsEmailsAndNonAsciiText() {
    List<String> ids =
        Stream.of(data.accounts(), data.contacts(), data.orders())
            .flatMap(List::stream)
            .map(CrmRecord::crmId)
            .collect(Collectors.toList());
    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9]{4}"));
    List<String> emails =
        Stream.concat(
                data.accounts().stream().map(CrmAccount::email),
                data.contacts().stream().map(CrmContact::email))
            .filter(e -> e != null)
            .map(e -> e.toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.toList());
    assertThat(emails).doesNotHaveDuplicates();
    assertThat(data.accounts()).extracting(CrmAccount::name).contains("Acme Müller GmbH");
    assertThat(emails).anyMatch(e -> !e.chars().allMatch(c -> c < 128));
    Map<String, Long> linesPerSku =
        data.orders().stream()
            .flatMap(o -> o.lines().stream())
            .collect(Collectors.groupingBy(l -> l.sku(), Collectors.counting()));
    assertThat(linesPerSku).hasSizeGreaterThan(1);
  }

  @Test
  void standardHasNoTombstonesAndTheThreeArgumentConstructorAddsNone() {
    assertThat(data.tombstones()).isEmpty();
    assertThat(new ContractData(data.accounts(), data.contacts(), data.orders())).isEqualTo(data);
  }

  @Nested
  class WithRemovals {
    private final ContractData removals = ContractData.withRemovals();

    @Test
    void isDeterministic() {
      assertThat(ContractData.withRemovals()).isEqualTo(removals);
    }

    @Test
    void replacesTwoAccountsThreeContactsAndTwoOrdersWithTombstones() {
      assertThat(removals.tombstones(CrmRecordType.ACCOUNT))
          .extracting(CrmTombstone::crmId, CrmTombstone::removal)
          .containsExactly(tuple("1017", RemovalKind.DELETED), tuple("1019", RemovalKind.DELETED));
      assertThat(removals.tombstones(CrmRecordType.CONTACT))
          .extracting(CrmTombstone::crmId, CrmTombstone::removal, CrmTombstone::accountCrmId)
          .containsExactly(
              tuple("2020", RemovalKind.INACTIVE, "1019"),
              tuple("2023", RemovalKind.DELETED, "1017"),
              tuple("2002", RemovalKind.INACTIVE, "1008"));
      assertThat(removals.tombstones(CrmRecordType.ORDER))
          .extracting(CrmTombstone::crmId, CrmTombstone::removal, CrmTombstone::accountCrmId)
          .containsExactly(
              tuple("3002", RemovalKind.CANCELLED, "1006"),
              tuple("3012", RemovalKind.DELETED, "1010"));
      assertThat(removals.tombstones()).hasSize(7);
      assertThat(removals.accounts()).hasSize(data.accounts().size() - 2);
      assertThat(removals.contacts()).hasSize(data.contacts().size() - 3);
      assertThat(removals.orders()).hasSize(data.orders().size() - 2);
      Set<String> removed =
          removals.tombstones().stream().map(CrmTombstone::crmId).collect(Collectors.toSet());
      Stream.of(removals.accounts(), removals.contacts(), removals.orders())
          .flatMap(List::stream)
          .forEach(r -> assertThat(removed).doesNotContain(r.crmId()));
    }

    @Test
    void liveRecordsReferOnlyToLiveAccountsAndTombstonesToTheirOwn() {
      Set<String> live =
          removals.accounts().stream().map(CrmAccount::crmId).collect(Collectors.toSet());
      assertThat(removals.contacts()).extracting(CrmContact::accountCrmId).allMatch(live::contains);
      assertThat(removals.orders()).extracting(CrmOrder::accountCrmId).allMatch(live::contains);
      Map<String, String> standardAccountOf = new java.util.HashMap<>();
      data.contacts().forEach(c -> standardAccountOf.put(c.crmId(), c.accountCrmId()));
      data.orders().forEach(o -> standardAccountOf.put(o.crmId(), o.accountCrmId()));
      for (CrmTombstone t : removals.tombstones()) {
        if (t.recordType() != CrmRecordType.ACCOUNT) {
          assertThat(t.accountCrmId()).isEqualTo(standardAccountOf.get(t.crmId()));
        }
      }
    }

    @Test
    void keepsTheOtherRecordsOfTheStandardDataExceptTwoCancelledLines() {
      Set<String> removed =
          removals.tombstones().stream().map(CrmTombstone::crmId).collect(Collectors.toSet());
      assertThat(removals.accounts())
          .containsExactlyElementsOf(
              data.accounts().stream().filter(a -> !removed.contains(a.crmId())).toList());
      assertThat(removals.contacts())
          .containsExactlyElementsOf(
              data.contacts().stream().filter(c -> !removed.contains(c.crmId())).toList());
      List<CrmOrderLine> cancelled =
          removals.orders().stream()
              .flatMap(o -> o.lines().stream())
              .filter(CrmOrderLine::cancelled)
              .toList();
      assertThat(cancelled)
          .extracting(CrmOrderLine::lineId, CrmOrderLine::cancelledAt)
          .containsExactly(
              tuple("3005-2", Instant.parse("2026-07-31T00:00:00Z")), tuple("3009-1", null));
      List<CrmOrder> changed =
          removals.orders().stream().filter(o -> !data.orders().contains(o)).toList();
      assertThat(changed).extracting(CrmOrder::crmId).containsExactly("3005", "3009");
      for (CrmOrder o : changed) {
        assertThat(o.lines()).filteredOn(l -> !l.cancelled()).isNotEmpty();
      }
    }

    @Test
    void tombstoneTimesInterleaveWithLiveTimes() {
      for (CrmRecordType type :
          List.of(CrmRecordType.ACCOUNT, CrmRecordType.CONTACT, CrmRecordType.ORDER)) {
        List<? extends CrmRecord> live =
            switch (type) {
              case ACCOUNT -> removals.accounts();
              case CONTACT -> removals.contacts();
              default -> removals.orders();
            };
        List<Instant> liveTimes = live.stream().map(CrmRecord::modifiedAt).sorted().toList();
        for (CrmTombstone t : removals.tombstones(type)) {
          assertThat(t.modifiedAt())
              .isAfter(liveTimes.get(0))
              .matches(at -> at.equals(at.truncatedTo(ChronoUnit.SECONDS)));
        }
        // at least one tombstone between two live records, and one sharing a live record's time
        assertThat(removals.tombstones(type))
            .anyMatch(t -> t.modifiedAt().isBefore(liveTimes.get(liveTimes.size() - 1)))
            .anyMatch(t -> liveTimes.contains(t.modifiedAt()) || type == CrmRecordType.CONTACT);
      }
      assertThat(removals.tombstones(CrmRecordType.CONTACT))
          .anyMatch(
              t ->
                  removals.contacts().stream()
                      .anyMatch(c -> c.modifiedAt().equals(t.modifiedAt())));
      Instant lastContact =
          removals.contacts().stream().map(CrmRecord::modifiedAt).max(Instant::compareTo).get();
      assertThat(removals.tombstones(CrmRecordType.CONTACT))
          .anyMatch(t -> t.modifiedAt().isAfter(lastContact));
    }
  }
}
