package io.scalecrm.examples.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.crm.spi.ScaleLink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reference {@link CrmAdapter} for HubSpot over its REST API ({@code java.net.http} and Jackson,
 * no HubSpot SDK), authenticated with a private-app token.
 *
 * <h2>What it reads</h2>
 *
 * <ul>
 *   <li>Accounts are companies, contacts are contacts, orders are won deals ({@code
 *       hs_is_closed_won = true} by default) with their line items, and deals that left the won
 *       stage (see Removals). See {@link HubSpotConfig} for the property mapping.
 *   <li>Changes are found with the CRM search endpoint on {@code hs_lastmodifieddate} (contacts:
 *       {@code lastmodifieddate}), in strict (modification time, id) order; ties on the timestamp
 *       are ordered by id, and HubSpot's 10,000-results-per-search cap is handled by re-anchoring
 *       the search (see {@code ChangeSearch}).
 *   <li>A read leaves out records modified less than {@link HubSpotConfig#searchIndexLag()} before
 *       it started, because HubSpot's search index lags writes; the next read returns them.
 *   <li>A contact's account is its associated company, read with the v4 association batch read (the
 *       primary company, else the one with the smallest id) rather than the contact's {@code
 *       associatedcompanyid} property, so the same code serves contacts and deals. A contact
 *       without a company is rejected, naming the field {@code accountCrmId}.
 *   <li>An order's lines are read through the deal's line item associations and one batch read per
 *       100 line items. An order's {@code modifiedAt} is the deal's {@code hs_lastmodifieddate},
 *       the property the search orders by: a line item change that does not touch its deal is
 *       picked up only when the deal changes. (Using the later of deal and lines would hand out
 *       orders out of cursor order and make a resumed read skip deals.)
 * </ul>
 *
 * <h2>Removals</h2>
 *
 * <p>Removals come from HubSpot's own signals and are returned as {@link CrmTombstone}s in {@link
 * CrmPage#tombstones()}, merged in cursor order with the live records of the same read:
 *
 * <ul>
 *   <li>Archived (deleted) companies, contacts and deals. HubSpot's search never returns archived
 *       objects and its archived list ({@code GET …/{type}?archived=true}) has no time filter, so
 *       each read lists them all once (on its first page, 100 per call) and keeps those archived
 *       after the read's cursor and before its upper bound; a tombstone's time is the object's
 *       {@code archivedAt}. An archived contact belongs to the company in its {@code
 *       associatedcompanyid} property, else to the primary (or smallest) company the list reports
 *       for it; an archived deal to the company the list reports.
 *   <li>A deal in one of {@link HubSpotConfig#cancelledDealValues()} of {@link
 *       HubSpotConfig#cancelledDealProperty()} ({@code dealstage = closedlost} by default) left the
 *       won stage: it comes back as an order whose lines are all cancelled, or, when it has no line
 *       or a line cannot be read, as a cancelled-order tombstone. (The search asks for won
 *       <em>or</em> cancelled deals, in two filter groups.)
 *   <li>Optionally, a contact whose {@link HubSpotConfig#contactInactiveProperty()} has its value
 *       is an inactive-contact tombstone, and a line item whose {@link
 *       HubSpotConfig#lineCancelledProperty()} has its value is a cancelled line.
 * </ul>
 *
 * <p>A removal whose company HubSpot does not give is never guessed: it is skipped with a WARN log
 * and counted in {@link #skippedRemovals()}. A record merely missing from a read is never a
 * removal.
 *
 * <h2>Errors</h2>
 *
 * <p>429 and 5xx answers and connection failures are retried up to {@link
 * HubSpotConfig#maxRetries()} times, waiting {@code Retry-After} when HubSpot sends it, then fail
 * with a retryable {@link CrmAdapterException}; 401 and 403 fail at once, not retryable. A 429 from
 * HubSpot's <em>daily</em> limit is not retried (it would not clear in seconds): the read fails at
 * once with a retryable exception that says so, and the sync keeps its cursor, so what is pending
 * stays pending for the next run. Messages never contain the token.
 *
 * <h2>Write-back</h2>
 *
 * <p>When {@link HubSpotConfig#scaleIdProperty()} is set, {@link #writeBack(ScaleLink)} stores the
 * Scale id in that property of the company, contact, deal or line item, reading it first so that an
 * unchanged value is not written again (a write bumps {@code hs_lastmodifieddate}, so the record is
 * read once more by the next sync).
 *
 * <p>Not thread-safe, like the SPI allows; holds no resources beyond the JDK HTTP client.
 */
public final class HubSpotAdapter implements CrmAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(HubSpotAdapter.class);

  /** The v3 list's association name for companies. */
  private static final String COMPANY_ASSOCIATIONS = "companies";

  private final HubSpotConfig config;
  private final HubSpotMapper mapper;
  private final ChangeSearch search;
  private final HubSpotObjects objects;
  private final AtomicLong skippedRemovals = new AtomicLong();

  /** The archived list of each object type, read on a read's first page, kept for its others. */
  private final Map<String, ArchivedSnapshot> archived = new HashMap<>();

  /** The archived objects of one type as listed for one read (identified by its upper bound). */
  private record ArchivedSnapshot(long upper, List<HubSpotObjects.Archived> objects) {}

  /** One page's share of the merged change stream: live objects and archived ones, in order. */
  private record Merged(List<Object> items, @Nullable String nextPageToken) {
    List<HubObject> live() {
      List<HubObject> live = new ArrayList<>();
      items.forEach(
          i -> {
            if (i instanceof HubObject) {
              live.add((HubObject) i);
            }
          });
      return live;
    }
  }

  /** The page being built. */
  private static final class PageBuilder<T extends CrmRecord> {
    final List<T> records = new ArrayList<>();
    final List<InvalidCrmRecordException> rejected = new ArrayList<>();
    final List<CrmTombstone> tombstones = new ArrayList<>();

    CrmPage<T> build(@Nullable String nextPageToken) {
      return new CrmPage<>(records, rejected, tombstones, nextPageToken);
    }
  }

  /**
   * Creates the adapter.
   *
   * @param config the settings
   */
  public HubSpotAdapter(HubSpotConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    ObjectMapper json = new ObjectMapper();
    HubSpotHttp http = new HubSpotHttp(config, json);
    HubSpotPaths paths = new HubSpotPaths(config.pathVersion(), config.apiDate());
    this.mapper = new HubSpotMapper(config);
    this.search = new ChangeSearch(config, http, paths, json);
    this.objects = new HubSpotObjects(http, paths, json);
  }

  @Override
  public String system() {
    return "hubspot";
  }

  /**
   * How many removals this adapter skipped because HubSpot did not say which company the removed
   * contact or deal belonged to (each is also logged at WARN). Such a removal is never guessed.
   *
   * @return the number of skipped removals since the adapter was created
   */
  public long skippedRemovals() {
    return skippedRemovals.get();
  }

  @Override
  public CrmPage<CrmAccount> accounts(CrmQuery query) {
    Merged merged =
        merge(
            new ChangeSearch.Spec(
                HubSpotMapper.COMPANIES,
                HubSpotMapper.CHANGE,
                List.of(),
                mapper.companyProperties()),
            List.of(HubSpotMapper.CHANGE),
            null,
            query);
    PageBuilder<CrmAccount> page = new PageBuilder<>();
    for (Object item : merged.items()) {
      try {
        if (item instanceof HubObject) {
          page.records.add(mapper.account((HubObject) item));
        } else {
          HubSpotObjects.Archived a = (HubSpotObjects.Archived) item;
          page.tombstones.add(CrmTombstone.accountDeleted(a.id(), a.archivedAt()));
        }
      } catch (InvalidCrmRecordException e) {
        page.rejected.add(e);
      }
    }
    return page.build(merged.nextPageToken());
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    Merged merged =
        merge(
            new ChangeSearch.Spec(
                HubSpotMapper.CONTACTS,
                HubSpotMapper.CONTACT_CHANGE,
                List.of(),
                mapper.contactProperties()),
            HubSpotMapper.archivedContactProperties(),
            COMPANY_ASSOCIATIONS,
            query);
    Map<String, List<HubSpotObjects.Association>> companies =
        objects.associations(HubSpotMapper.CONTACTS, HubSpotMapper.COMPANIES, ids(merged.live()));
    PageBuilder<CrmContact> page = new PageBuilder<>();
    for (Object item : merged.items()) {
      try {
        if (item instanceof HubObject) {
          HubObject contact = (HubObject) item;
          String company =
              HubSpotMapper.pickCompany(
                  companies.get(contact.id()), HubSpotMapper.CONTACT_TO_PRIMARY_COMPANY);
          if (!mapper.contactInactive(contact)) {
            page.records.add(mapper.contact(contact, company));
          } else if (company == null) {
            skip("contact", contact.id(), "inactive");
          } else {
            page.tombstones.add(
                CrmTombstone.contactRemoved(
                    contact.id(), company, RemovalKind.INACTIVE, contact.modifiedAt()));
          }
        } else {
          HubSpotObjects.Archived a = (HubSpotObjects.Archived) item;
          // the primary company id stays on the archived contact; else its last associations
          String company = a.properties().get(HubSpotMapper.ASSOCIATED_COMPANY);
          if (company == null || company.isBlank()) {
            company =
                HubSpotMapper.pickCompany(
                    a.associations(), HubSpotMapper.CONTACT_TO_PRIMARY_COMPANY);
          }
          if (company == null) {
            skip("contact", a.id(), "archived");
          } else {
            page.tombstones.add(
                CrmTombstone.contactRemoved(
                    a.id(), company.strip(), RemovalKind.DELETED, a.archivedAt()));
          }
        }
      } catch (InvalidCrmRecordException e) {
        page.rejected.add(e);
      }
    }
    return page.build(merged.nextPageToken());
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    List<List<ChangeSearch.Filter>> alternatives = new ArrayList<>();
    alternatives.add(
        List.of(new ChangeSearch.Filter(config.wonDealProperty(), "EQ", config.wonDealValue())));
    if (!config.cancelledDealValues().isEmpty()) {
      alternatives.add(
          List.of(
              new ChangeSearch.Filter(
                  config.cancelledDealProperty(), "IN", config.cancelledDealValues())));
    }
    Merged merged =
        merge(
            new ChangeSearch.Spec(
                HubSpotMapper.DEALS, HubSpotMapper.CHANGE, alternatives, mapper.dealProperties()),
            List.of(HubSpotMapper.CHANGE),
            COMPANY_ASSOCIATIONS,
            query);
    List<String> dealIds = ids(merged.live());
    Map<String, List<HubSpotObjects.Association>> companies =
        objects.associations(HubSpotMapper.DEALS, HubSpotMapper.COMPANIES, dealIds);
    Map<String, List<HubSpotObjects.Association>> lineLinks =
        objects.associations(HubSpotMapper.DEALS, HubSpotMapper.LINE_ITEMS, dealIds);
    List<String> lineIds = new ArrayList<>();
    lineLinks.values().forEach(list -> list.forEach(a -> lineIds.add(a.toId())));
    Map<String, HubObject> lines =
        objects.batchRead(
            HubSpotMapper.LINE_ITEMS, lineIds, mapper.lineItemProperties(), HubSpotMapper.CHANGE);
    PageBuilder<CrmOrder> page = new PageBuilder<>();
    for (Object item : merged.items()) {
      try {
        if (item instanceof HubObject) {
          deal((HubObject) item, companies, lineLinks, lines, page);
        } else {
          HubSpotObjects.Archived a = (HubSpotObjects.Archived) item;
          String company =
              HubSpotMapper.pickCompany(a.associations(), HubSpotMapper.DEAL_TO_PRIMARY_COMPANY);
          if (company == null) {
            skip("deal", a.id(), "archived");
          } else {
            page.tombstones.add(
                new CrmTombstone(
                    CrmRecordType.ORDER,
                    a.id(),
                    company,
                    RemovalKind.DELETED,
                    a.archivedAt(),
                    null,
                    List.of()));
          }
        }
      } catch (InvalidCrmRecordException e) {
        page.rejected.add(e);
      }
    }
    return page.build(merged.nextPageToken());
  }

  /** A won deal becomes an order; a cancelled one an order with every line cancelled. */
  private void deal(
      HubObject deal,
      Map<String, List<HubSpotObjects.Association>> companies,
      Map<String, List<HubSpotObjects.Association>> lineLinks,
      Map<String, HubObject> lines,
      PageBuilder<CrmOrder> page) {
    List<HubObject> dealLines = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (HubSpotObjects.Association a : lineLinks.getOrDefault(deal.id(), List.of())) {
      HubObject line = lines.get(a.toId());
      if (line == null) {
        missing.add(a.toId());
      } else if (dealLines.stream().noneMatch(l -> l.id().equals(line.id()))) {
        dealLines.add(line);
      }
    }
    String company =
        HubSpotMapper.pickCompany(companies.get(deal.id()), HubSpotMapper.DEAL_TO_PRIMARY_COMPANY);
    if (!mapper.dealCancelled(deal)) {
      page.records.add(mapper.order(deal, company, dealLines, missing));
      return;
    }
    if (company == null) {
      skip("deal", deal.id(), "cancelled");
      return;
    }
    CrmOrder order = mapper.order(deal, company, dealLines, missing);
    if (order.lines().isEmpty() || !order.invalidLines().isEmpty()) {
      // lines that cannot be read: cancel the whole order instead
      page.tombstones.add(CrmTombstone.orderCancelled(deal.id(), company, deal.modifiedAt(), null));
      return;
    }
    List<CrmOrderLine> cancelled = new ArrayList<>();
    for (CrmOrderLine line : order.lines()) {
      cancelled.add(line.cancelled() ? line : line.cancel(null));
    }
    page.records.add(order.withLines(cancelled));
  }

  private void skip(String object, String id, String what) {
    skippedRemovals.incrementAndGet();
    LOG.warn(
        "HubSpot {} {} is {} but its company is unknown: not reported as a removal",
        object,
        id,
        what);
  }

  /**
   * The next page of one read: up to {@link CrmQuery#pageSize()} live objects (from the search) and
   * archived objects (from the archived list, changed after the cursor and at or before the read's
   * upper bound), merged in cursor order.
   */
  private Merged merge(
      ChangeSearch.Spec spec,
      List<String> archivedProperties,
      @Nullable String associationType,
      CrmQuery query) {
    PageToken token =
        query.pageToken() == null
            ? new PageToken(search.upperBound(), query.since())
            : PageToken.decode(query.pageToken());
    long upper = token.upperMillis();
    ChangeCursor after = token.after();
    if (after != null && after.modifiedAt().toEpochMilli() > upper) {
      return new Merged(List.of(), null); // nothing can follow: no request
    }
    int n = query.pageSize();
    ChangeSearch.Batch live = search.read(spec, upper, after, n);
    List<HubSpotObjects.Archived> removed =
        archivedAfter(
            spec.objectType(),
            archivedProperties,
            associationType,
            upper,
            after,
            query.pageToken() == null);
    List<Object> items = new ArrayList<>();
    int i = 0;
    int j = 0;
    ChangeCursor last = after;
    List<HubObject> records = live.records();
    while (items.size() < n && (i < records.size() || j < removed.size())) {
      boolean takeLive =
          j == removed.size()
              || (i < records.size()
                  && records.get(i).cursor().compareTo(removed.get(j).cursor()) <= 0);
      if (takeLive) {
        last = records.get(i).cursor();
        items.add(records.get(i++));
      } else {
        last = removed.get(j).cursor();
        items.add(removed.get(j++));
      }
    }
    boolean more = i < records.size() || !live.complete() || j < removed.size();
    return new Merged(items, more ? new PageToken(upper, last).encode() : null);
  }

  /**
   * The archived objects of a type after {@code after} and at or before {@code upper}, in cursor
   * order. The list is read on a read's first page and kept for the read's other pages (identified
   * by their upper bound).
   */
  private List<HubSpotObjects.Archived> archivedAfter(
      String type,
      List<String> properties,
      @Nullable String associationType,
      long upper,
      @Nullable ChangeCursor after,
      boolean firstPage) {
    ArchivedSnapshot snapshot = archived.get(type);
    if (firstPage || snapshot == null || snapshot.upper() != upper) {
      List<HubSpotObjects.Archived> all = new ArrayList<>();
      for (HubSpotObjects.Archived a : objects.archived(type, properties, associationType)) {
        if (a.archivedAt().toEpochMilli() <= upper) {
          all.add(a);
        }
      }
      all.sort(Comparator.comparing(HubSpotObjects.Archived::cursor));
      snapshot = new ArchivedSnapshot(upper, List.copyOf(all));
      archived.put(type, snapshot);
    }
    List<HubSpotObjects.Archived> out = new ArrayList<>();
    for (HubSpotObjects.Archived a : snapshot.objects()) {
      if (after == null || after.isBefore(a.cursor())) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * Reads one company by id.
   *
   * @param crmId the company id
   * @return the account, or empty when HubSpot has no such company
   * @throws InvalidCrmRecordException when the company exists but is not a valid account
   * @throws CrmAdapterException when HubSpot cannot be read
   */
  @Override
  public Optional<CrmAccount> account(String crmId) {
    Objects.requireNonNull(crmId, "crmId");
    if (crmId.isBlank()) {
      return Optional.empty();
    }
    return objects
        .get(HubSpotMapper.COMPANIES, crmId, mapper.companyProperties(), HubSpotMapper.CHANGE)
        .map(mapper::account);
  }

  @Override
  public boolean supportsWriteBack() {
    return config.scaleIdProperty() != null;
  }

  /**
   * Stores the Scale id in the configured property of the company (account), contact, deal (order)
   * or line item (order line), unless it already holds that value.
   *
   * @param link the CRM record and its Scale id
   * @throws IllegalStateException when no {@link HubSpotConfig#scaleIdProperty()} is configured
   * @throws CrmAdapterException when HubSpot cannot be written or the record does not exist
   */
  @Override
  public void writeBack(ScaleLink link) {
    String property = config.scaleIdProperty();
    if (property == null) {
      throw new IllegalStateException("HubSpot write-back is off: no scaleIdProperty configured");
    }
    String type = objectType(link.recordType());
    String changeProperty =
        link.recordType() == CrmRecordType.CONTACT
            ? HubSpotMapper.CONTACT_CHANGE
            : HubSpotMapper.CHANGE;
    Optional<HubObject> current =
        objects.get(type, link.crmId(), List.of(property), changeProperty);
    if (current.isEmpty()) {
      throw notFound(type, link.crmId());
    }
    if (link.scaleId().equals(current.get().properties().get(property))) {
      return;
    }
    if (!objects.patch(type, link.crmId(), property, link.scaleId())) {
      throw notFound(type, link.crmId());
    }
  }

  private static CrmAdapterException notFound(String type, String id) {
    return new CrmAdapterException(
        "HubSpot write-back: " + type + " " + id + " does not exist", null, false);
  }

  private static String objectType(CrmRecordType type) {
    switch (type) {
      case ACCOUNT:
        return HubSpotMapper.COMPANIES;
      case CONTACT:
        return HubSpotMapper.CONTACTS;
      case ORDER:
        return HubSpotMapper.DEALS;
      case ORDER_LINE:
        return HubSpotMapper.LINE_ITEMS;
      default:
        throw new IllegalArgumentException("Unknown record type " + type);
    }
  }

  private static List<String> ids(List<HubObject> objects) {
    List<String> ids = new ArrayList<>();
    objects.forEach(o -> ids.add(o.id()));
    return ids;
  }

  @Override
  public String toString() {
    return "HubSpotAdapter[" + config + "]";
  }
}
