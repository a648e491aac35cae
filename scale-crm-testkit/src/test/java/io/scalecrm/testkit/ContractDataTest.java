package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CustomerType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
}
