package io.scalecrm.bench;

import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CustomerType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Synthetic CRM for the benchmark: per account 3 contacts (1 for B2C) and one order of 2 lines. */
final class BenchCrm implements CrmAdapter {
  private final List<CrmAccount> accounts;
  private final List<CrmContact> contacts;
  private final List<CrmOrder> orders;

  private BenchCrm(List<CrmAccount> accounts, List<CrmContact> contacts, List<CrmOrder> orders) {
    this.accounts = accounts;
    this.contacts = contacts;
    this.orders = orders;
  }

  static BenchCrm of(int n) {
    List<CrmAccount> accounts = new ArrayList<>();
    List<CrmContact> contacts = new ArrayList<>();
    List<CrmOrder> orders = new ArrayList<>();
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      String id = String.format("%06d", i);
      Instant t = base.plusSeconds(i);
      boolean b2c = i % 5 == 0;
      String email = (b2c ? "person" : "ops") + i + "@bench.example";
      accounts.add(
          new CrmAccount(
              id,
              "Account " + i,
              null,
              email,
              null,
              b2c ? CustomerType.B2C : CustomerType.B2B,
              Map.of(),
              t));
      if (b2c) {
        contacts.add(
            new CrmContact("c" + id, id, "Account " + i, email, ConsumerKind.PERSON, null, t));
      } else {
        for (int c = 0; c < 3; c++) {
          contacts.add(
              new CrmContact(
                  "c" + id + "-" + c,
                  id,
                  "Contact " + i + "/" + c,
                  "c" + c + "." + i + "@bench.example",
                  ConsumerKind.PERSON,
                  null,
                  t));
        }
      }
      orders.add(
          new CrmOrder(
              "o" + id,
              id,
              List.of(
                  CrmOrderLine.of("l" + id + "-1", "PRO", 1 + i % 20),
                  CrmOrderLine.of("l" + id + "-2", "BASIC", 1)),
              List.of(),
              t));
    }
    return new BenchCrm(accounts, contacts, orders);
  }

  @Override
  public String system() {
    return "bench";
  }

  @Override
  public CrmPage<CrmAccount> accounts(CrmQuery query) {
    return page(accounts, query);
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    return page(contacts, query);
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    return page(orders, query);
  }

  private static <T extends CrmRecord> CrmPage<T> page(List<T> all, CrmQuery q) {
    List<T> after = new ArrayList<>();
    for (T r : all) {
      if (q.since() == null || q.since().isBefore(r.cursor())) {
        after.add(r);
      }
    }
    int from = q.pageToken() == null ? 0 : Integer.parseInt(q.pageToken());
    int to = Math.min(after.size(), from + q.pageSize());
    return CrmPage.of(after.subList(from, to), to < after.size() ? Integer.toString(to) : null);
  }
}
