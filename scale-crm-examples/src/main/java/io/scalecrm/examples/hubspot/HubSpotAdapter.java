package io.scalecrm.examples.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.ScaleLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A reference {@link CrmAdapter} for HubSpot over its REST API ({@code java.net.http} and Jackson,
 * no HubSpot SDK), authenticated with a private-app token.
 *
 * <h2>What it reads</h2>
 *
 * <ul>
 *   <li>Accounts are companies, contacts are contacts, orders are won deals ({@code
 *       hs_is_closed_won = true} by default) with their line items. See {@link HubSpotConfig} for
 *       the property mapping.
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

  private final HubSpotConfig config;
  private final HubSpotMapper mapper;
  private final ChangeSearch search;
  private final HubSpotObjects objects;

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

  @Override
  public CrmPage<CrmAccount> accounts(CrmQuery query) {
    ChangeSearch.Batch batch =
        search.read(
            new ChangeSearch.Spec(
                HubSpotMapper.COMPANIES,
                HubSpotMapper.CHANGE,
                List.of(),
                mapper.companyProperties()),
            query);
    return page(batch, mapper::account);
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    ChangeSearch.Batch batch =
        search.read(
            new ChangeSearch.Spec(
                HubSpotMapper.CONTACTS,
                HubSpotMapper.CONTACT_CHANGE,
                List.of(),
                mapper.contactProperties()),
            query);
    Map<String, List<HubSpotObjects.Association>> companies =
        objects.associations(HubSpotMapper.CONTACTS, HubSpotMapper.COMPANIES, ids(batch));
    return page(
        batch,
        contact ->
            mapper.contact(
                contact,
                HubSpotMapper.pickCompany(
                    companies.get(contact.id()), HubSpotMapper.CONTACT_TO_PRIMARY_COMPANY)));
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    ChangeSearch.Batch batch =
        search.read(
            new ChangeSearch.Spec(
                HubSpotMapper.DEALS,
                HubSpotMapper.CHANGE,
                List.of(
                    new ChangeSearch.Filter(config.wonDealProperty(), "EQ", config.wonDealValue())),
                mapper.dealProperties()),
            query);
    List<String> dealIds = ids(batch);
    Map<String, List<HubSpotObjects.Association>> companies =
        objects.associations(HubSpotMapper.DEALS, HubSpotMapper.COMPANIES, dealIds);
    Map<String, List<HubSpotObjects.Association>> lineLinks =
        objects.associations(HubSpotMapper.DEALS, HubSpotMapper.LINE_ITEMS, dealIds);
    List<String> lineIds = new ArrayList<>();
    lineLinks.values().forEach(list -> list.forEach(a -> lineIds.add(a.toId())));
    Map<String, HubObject> lines =
        objects.batchRead(
            HubSpotMapper.LINE_ITEMS, lineIds, mapper.lineItemProperties(), HubSpotMapper.CHANGE);
    return page(
        batch,
        deal -> {
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
          return mapper.order(
              deal,
              HubSpotMapper.pickCompany(
                  companies.get(deal.id()), HubSpotMapper.DEAL_TO_PRIMARY_COMPANY),
              dealLines,
              missing);
        });
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

  private static List<String> ids(ChangeSearch.Batch batch) {
    List<String> ids = new ArrayList<>();
    batch.records().forEach(r -> ids.add(r.id()));
    return ids;
  }

  private static <T extends io.scalecrm.crm.spi.CrmRecord> CrmPage<T> page(
      ChangeSearch.Batch batch, Function<HubObject, T> map) {
    List<T> records = new ArrayList<>();
    List<InvalidCrmRecordException> rejected = new ArrayList<>();
    for (HubObject o : batch.records()) {
      try {
        records.add(map.apply(o));
      } catch (InvalidCrmRecordException e) {
        rejected.add(e);
      }
    }
    return new CrmPage<>(records, rejected, batch.nextPageToken());
  }

  @Override
  public String toString() {
    return "HubSpotAdapter[" + config + "]";
  }
}
