package io.scalecrm.crm;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.ScaleLink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory CRM that follows the adapter contract; tests can make one phase fail. */
final class ListCrmAdapter implements CrmAdapter {
  final List<CrmAccount> accounts = new CopyOnWriteArrayList<>();
  final List<CrmContact> contacts = new CopyOnWriteArrayList<>();
  final List<CrmOrder> orders = new CopyOnWriteArrayList<>();
  final List<InvalidCrmRecordException> rejectedAccounts = new CopyOnWriteArrayList<>();
  final List<ScaleLink> writtenBack = new CopyOnWriteArrayList<>();
  volatile CrmRecordType failReadsOf;
  volatile boolean writeBack;
  int reads;

  ListCrmAdapter(TestCrm data) {
    accounts.addAll(data.accounts());
    contacts.addAll(data.contacts());
    orders.addAll(data.orders());
  }

  @Override
  public String system() {
    return "test-crm";
  }

  @Override
  public CrmPage<CrmAccount> accounts(CrmQuery query) {
    CrmPage<CrmAccount> page = page(CrmRecordType.ACCOUNT, accounts, query);
    if (query.pageToken() == null && !rejectedAccounts.isEmpty()) {
      return new CrmPage<>(page.records(), rejectedAccounts, page.nextPageToken());
    }
    return page;
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    return page(CrmRecordType.CONTACT, contacts, query);
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    return page(CrmRecordType.ORDER, orders, query);
  }

  @Override
  public Optional<CrmAccount> account(String crmId) {
    return accounts.stream().filter(a -> a.crmId().equals(crmId)).findFirst();
  }

  @Override
  public boolean supportsWriteBack() {
    return writeBack;
  }

  @Override
  public void writeBack(ScaleLink link) {
    writtenBack.add(link);
  }

  private <T extends CrmRecord> CrmPage<T> page(CrmRecordType type, List<T> all, CrmQuery query) {
    reads++;
    if (type == failReadsOf) {
      throw new CrmAdapterException("Simulated crash while reading " + type, null, true);
    }
    ChangeCursor since = query.since();
    List<T> sorted = new ArrayList<>();
    for (T r : all) {
      if (since == null || since.isBefore(r.cursor())) {
        sorted.add(r);
      }
    }
    sorted.sort(Comparator.comparing(CrmRecord::cursor));
    int from = query.pageToken() == null ? 0 : Integer.parseInt(query.pageToken());
    int to = Math.min(sorted.size(), from + query.pageSize());
    return CrmPage.of(sorted.subList(from, to), to < sorted.size() ? Integer.toString(to) : null);
  }
}
