package io.scalecrm.crm;

import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CustomerType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deterministic CRM data set: B2B accounts with two contacts, B2C accounts whose contact is the
 * person (same email, to exercise adoption of setup-user's consumer), one order per account with
 * two lines; modification times ascend with some ties.
 */
record TestCrm(List<CrmAccount> accounts, List<CrmContact> contacts, List<CrmOrder> orders) {

  static final Instant BASE = Instant.parse("2026-03-01T08:00:00Z");
  static final Instant FROM = Instant.parse("2027-01-01T00:00:00Z");
  static final Instant UNTIL = Instant.parse("2028-01-01T00:00:00Z");

  static TestCrm of(int accountCount) {
    List<CrmAccount> accounts = new ArrayList<>();
    List<CrmContact> contacts = new ArrayList<>();
    List<CrmOrder> orders = new ArrayList<>();
    for (int i = 1; i <= accountCount; i++) {
      String id = "A-" + i;
      Instant t = BASE.plusSeconds(60L * (i / 2)); // pairs share a timestamp
      boolean b2c = i % 4 == 0;
      if (b2c) {
        String email = "person" + i + "@example.com";
        accounts.add(
            new CrmAccount(
                id, "Person Ünal " + i, null, email, null, CustomerType.B2C, Map.of(), t));
        contacts.add(
            new CrmContact(
                "C-" + i + "-1",
                id,
                "Person Ünal " + i,
                email,
                ConsumerKind.PERSON,
                "idp|" + i,
                t));
      } else {
        accounts.add(
            new CrmAccount(
                id,
                "Company Müller " + i,
                "Müller " + i,
                "ops" + i + "@company" + i + ".example",
                "Street " + i + "\nHelsinki",
                CustomerType.B2B,
                Map.of("vat", "FI" + i),
                t));
        contacts.add(
            CrmContact.person(
                    "C-" + i + "-1", id, "Ann " + i, "ann" + i + "@company" + i + ".example")
                .withModifiedAt(t));
        contacts.add(
            new CrmContact(
                "C-" + i + "-2",
                id,
                "Kiosk " + i,
                null,
                ConsumerKind.DEVICE,
                null,
                t.plusSeconds(1)));
      }
      orders.add(
          new CrmOrder(
              "O-" + i,
              id,
              List.of(
                  CrmOrderLine.of("L-" + i + "-1", "PRO", 1 + (i - 1) % 500),
                  new CrmOrderLine("L-" + i + "-2", "BASIC", 1, FROM, UNTIL, "sub-" + i, null)),
              List.of(),
              t));
    }
    return new TestCrm(accounts, contacts, orders);
  }

  int lineCount() {
    return orders.stream().mapToInt(o -> o.lines().size()).sum();
  }
}
