package io.scalecrm.testkit;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.RemovalKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A trivial adapter over an in-memory "CRM", with switchable defects so that the contract can be
 * shown to fail for broken adapters.
 */
final class InMemoryCrmAdapter implements CrmAdapter {

  static final String TOKEN = "crm-secret-token-123";

  /** Ways to break the adapter. */
  enum Defect {
    NONE,
    /** The next page starts at (not after) the last record of the page before. */
    REPEAT_LAST_OF_PAGE,
    /** Pages claim to be the last once two pages have been read. */
    STOPS_AFTER_TWO_PAGES,
    /** Records come newest first. */
    DESCENDING,
    /** since is compared by time only, so records sharing the cursor's time are skipped. */
    TIME_ONLY_SINCE,
    /** since is inclusive: the record at the cursor is returned again. */
    INCLUSIVE_SINCE,
    /** Non-ASCII letters are replaced by '?'. */
    ASCII_ONLY,
    /** Drops the second line of each order. */
    DROPS_LINES,
    /** system() is "HubSpot". */
    BAD_SYSTEM,
    /** Authentication failures are reported as retryable. */
    AUTH_RETRYABLE,
    /** Server errors are reported as not retryable. */
    SERVER_ERROR_NOT_RETRYABLE,
    /** The exception message carries the Authorization header. */
    LEAKS_TOKEN,
    /** account(id) returns null. */
    NULL_LOOKUP,
    /** Ids are read with a per-read suffix. */
    UNSTABLE_IDS,
    /** A since with an empty record id is read as "after that time". */
    JUST_BEFORE_EXCLUSIVE,
    /** Every tombstone after since is put on the first page, not merged in cursor order. */
    TOMBSTONES_ON_FIRST_PAGE,
    /** Tombstones ignore since: every read returns all of them. */
    TOMBSTONES_IGNORE_SINCE,
    /** Tombstones are returned on every page of a read. */
    TOMBSTONES_ON_EVERY_PAGE,
    /** Contact and order tombstones name account 1001, whatever their account. */
    TOMBSTONES_WRONG_ACCOUNT,
    /** An inactive contact is reported as deleted. */
    INACTIVE_AS_DELETED,
    /** Order lines lose their status: every line comes back active. */
    LINES_ALWAYS_ACTIVE,
    /** Cancelled lines lose the CRM's end time. */
    DROPS_CANCELLED_AT,
    /** Removed records also come back live (their standard version, at its old time). */
    RESURRECTS_REMOVED
  }

  /** The fake CRM: the records and its failure switches. */
  static final class Crm {
    final ContractData data;
    boolean failNextWithAuth;
    boolean failAll;
    int requests;

    Crm(ContractData data) {
      this.data = data;
    }

    /** One "HTTP request"; returns the status. */
    int request() {
      requests++;
      if (failNextWithAuth) {
        failNextWithAuth = false;
        return 401;
      }
      return failAll ? 503 : 200;
    }
  }

  private final Crm crm;
  private final Defect defect;
  private int reads;

  InMemoryCrmAdapter(Crm crm, Defect defect) {
    this.crm = crm;
    this.defect = defect;
  }

  @Override
  public String system() {
    return defect == Defect.BAD_SYSTEM ? "HubSpot" : "memory-crm";
  }

  @Override
  public CrmPage<CrmAccount> accounts(CrmQuery query) {
    return page(
        "accounts",
        live(crm.data.accounts(), ContractData.standard().accounts()),
        CrmRecordType.ACCOUNT,
        query,
        this::account);
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    return page(
        "contacts",
        live(crm.data.contacts(), ContractData.standard().contacts()),
        CrmRecordType.CONTACT,
        query,
        this::contact);
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    return page(
        "orders",
        live(crm.data.orders(), ContractData.standard().orders()),
        CrmRecordType.ORDER,
        query,
        this::order);
  }

  /** The live records, plus (defect) the standard versions of removed ones. */
  private <T extends CrmRecord> List<T> live(List<T> records, List<T> standard) {
    if (defect != Defect.RESURRECTS_REMOVED) {
      return records;
    }
    List<T> all = new ArrayList<>(records);
    for (T r : standard) {
      if (crm.data.tombstones().stream().anyMatch(t -> t.crmId().equals(r.crmId()))) {
        all.add(r);
      }
    }
    return all;
  }

  @Override
  public Optional<CrmAccount> account(String crmId) {
    if (defect == Defect.NULL_LOOKUP) {
      return null; // deliberately broken
    }
    return crm.data.accounts().stream().filter(a -> a.crmId().equals(crmId)).findFirst();
  }

  private <T extends CrmRecord> CrmPage<T> page(
      String what, List<T> source, CrmRecordType type, CrmQuery query, Function<T, T> mapper) {
    call(what);
    int offset = query.pageToken() == null ? 0 : Integer.parseInt(query.pageToken());
    if (offset == 0) {
      reads++;
    }
    Comparator<ChangeCursor> order = Comparator.naturalOrder();
    if (defect == Defect.DESCENDING) {
      order = order.reversed();
    }
    List<CrmRecord> remaining = new ArrayList<>();
    for (T r : source) {
      if (query.since() == null || after(query.since(), r.cursor())) {
        remaining.add(r);
      }
    }
    List<CrmTombstone> tombstones = new ArrayList<>();
    for (CrmTombstone t : crm.data.tombstones()) {
      boolean wanted =
          query.since() == null
              || defect == Defect.TOMBSTONES_IGNORE_SINCE
              || after(query.since(), t.cursor());
      if (t.recordType() == type && wanted) {
        tombstones.add(t);
      }
    }
    tombstones.sort(Comparator.comparing(CrmRecord::cursor, order));
    boolean separate =
        defect == Defect.TOMBSTONES_ON_FIRST_PAGE || defect == Defect.TOMBSTONES_ON_EVERY_PAGE;
    if (!separate) {
      remaining.addAll(tombstones);
    }
    remaining.sort(Comparator.comparing(CrmRecord::cursor, order));
    int size = query.pageSize();
    int end = Math.min(offset + size, remaining.size());
    List<T> records = new ArrayList<>();
    List<CrmTombstone> pageTombstones = new ArrayList<>();
    for (CrmRecord r : remaining.subList(offset, end)) {
      if (r instanceof CrmTombstone t) {
        pageTombstones.add(tombstone(t));
      } else {
        @SuppressWarnings("unchecked")
        T record = (T) r;
        records.add(mapper.apply(record));
      }
    }
    if (defect == Defect.TOMBSTONES_ON_EVERY_PAGE
        || (defect == Defect.TOMBSTONES_ON_FIRST_PAGE && offset == 0)) {
      tombstones.forEach(t -> pageTombstones.add(tombstone(t)));
    }
    int next = defect == Defect.REPEAT_LAST_OF_PAGE ? end - 1 : end;
    boolean more = end < remaining.size();
    if (defect == Defect.STOPS_AFTER_TWO_PAGES && offset >= size) {
      more = false;
    }
    return new CrmPage<>(records, List.of(), pageTombstones, more ? String.valueOf(next) : null);
  }

  private CrmTombstone tombstone(CrmTombstone t) {
    if (defect == Defect.TOMBSTONES_WRONG_ACCOUNT && t.recordType() != CrmRecordType.ACCOUNT) {
      return new CrmTombstone(
          t.recordType(),
          t.crmId(),
          "1001",
          t.removal(),
          t.modifiedAt(),
          t.effectiveAt(),
          t.lineIds());
    }
    if (defect == Defect.INACTIVE_AS_DELETED && t.removal() == RemovalKind.INACTIVE) {
      return new CrmTombstone(
          t.recordType(),
          t.crmId(),
          t.accountCrmId(),
          RemovalKind.DELETED,
          t.modifiedAt(),
          t.effectiveAt(),
          t.lineIds());
    }
    return t;
  }

  private boolean after(ChangeCursor since, ChangeCursor c) {
    if (defect == Defect.JUST_BEFORE_EXCLUSIVE && since.recordId().isEmpty()) {
      return c.modifiedAt().isAfter(since.modifiedAt());
    }
    if (defect == Defect.TIME_ONLY_SINCE) {
      return c.modifiedAt().isAfter(since.modifiedAt());
    }
    if (defect == Defect.INCLUSIVE_SINCE) {
      return c.compareTo(since) >= 0;
    }
    return since.isBefore(c);
  }

  private void call(String what) {
    int attempts = 0;
    while (true) {
      attempts++;
      int status = crm.request();
      if (status == 200) {
        return;
      }
      String auth = defect == Defect.LEAKS_TOKEN ? " (Authorization: Bearer " + TOKEN + ")" : "";
      if (status == 401) {
        throw new CrmAdapterException(
            "memory-crm: reading " + what + " was refused (HTTP 401)" + auth,
            null,
            defect == Defect.AUTH_RETRYABLE);
      }
      if (attempts == 3) {
        throw new CrmAdapterException(
            "memory-crm: reading "
                + what
                + " failed with HTTP "
                + status
                + " after 3 attempts"
                + auth,
            new java.io.IOException("HTTP " + status),
            defect != Defect.SERVER_ERROR_NOT_RETRYABLE);
      }
    }
  }

  private String text(String s) {
    return defect == Defect.ASCII_ONLY ? s.replaceAll("[^\\x00-\\x7F]", "?") : s;
  }

  private String id(String id) {
    return defect == Defect.UNSTABLE_IDS ? id + "-" + reads : id;
  }

  private CrmAccount account(CrmAccount a) {
    return new CrmAccount(
        id(a.crmId()),
        text(a.name()),
        a.displayName(),
        a.email(),
        a.contactInfo(),
        a.type(),
        a.otherIds(),
        a.modifiedAt());
  }

  private CrmContact contact(CrmContact c) {
    return new CrmContact(
        id(c.crmId()),
        c.accountCrmId(),
        text(c.name()),
        c.email(),
        c.kind(),
        c.connectedIdentityId(),
        c.modifiedAt());
  }

  private CrmOrder order(CrmOrder o) {
    List<CrmOrderLine> lines = o.lines();
    if (defect == Defect.DROPS_LINES && lines.size() > 1) {
      lines = List.of(lines.get(0));
    }
    if (defect == Defect.LINES_ALWAYS_ACTIVE || defect == Defect.DROPS_CANCELLED_AT) {
      List<CrmOrderLine> changed = new ArrayList<>();
      for (CrmOrderLine l : lines) {
        CrmOrderLine active =
            new CrmOrderLine(
                l.lineId(),
                l.sku(),
                l.quantity(),
                l.validFrom(),
                l.validUntil(),
                l.subscriptionReference(),
                l.contractReference());
        boolean keepStatus = defect == Defect.DROPS_CANCELLED_AT && l.cancelled();
        changed.add(keepStatus ? active.cancel(null) : active);
      }
      lines = changed;
    }
    return new CrmOrder(id(o.crmId()), o.accountCrmId(), lines, o.invalidLines(), o.modifiedAt());
  }
}
