package io.scalecrm.crm.spi;

import java.util.Optional;

/**
 * Reads accounts, contacts and orders from one CRM; the SPI that integrators implement.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Order and paging.</b> Each read method returns one page of the records changed after
 *       {@link CrmQuery#since()} (all records when it is null), in ascending {@link ChangeCursor}
 *       order (modification time, then CRM id). Following {@link CrmPage#nextPageToken()} until it
 *       is null yields every such record exactly once: none lost, none repeated across the pages of
 *       one read. Records changed during a read may be returned by a later read.
 *   <li><b>Stable ids.</b> A record's {@code crmId} never changes; the SDK derives Scale keys from
 *       it.
 *   <li><b>Resuming.</b> Reading with {@code since} set to the cursor of any record returned
 *       earlier yields exactly the records after it. The sync checkpoints that cursor, so a
 *       restarted sync resumes where the last one stopped. {@code since} may also carry an empty
 *       record id ({@link ChangeCursor#justBefore()}): then every record changed at its time or
 *       later is returned; the sync reads so to retry records that are still pending.
 *   <li><b>Removals.</b> A record deleted in the CRM, a contact made inactive or an order cancelled
 *       is reported as a {@link CrmTombstone} in {@link CrmPage#tombstones()}, in the same change
 *       order as live records (a cancelled order line as a line with {@link CrmOrderLine#status()}
 *       {@code CANCELLED}). A record merely missing from a read is never a removal. Adapters that
 *       cannot see removals return no tombstones.
 *   <li><b>Bad records.</b> A record that fails validation goes into {@link CrmPage#rejected()}
 *       (for an order line: {@link CrmOrder#invalidLines()}); it never fails the page.
 *   <li><b>Errors.</b> Failures to talk to the CRM are thrown as {@link CrmAdapterException},
 *       retryable when a later attempt may succeed (throttling, network faults, 5xx), not retryable
 *       otherwise (bad credentials, missing permission). Adapters handle throttling themselves
 *       (honouring Retry-After) before giving up.
 *   <li><b>Nulls.</b> No method returns null and no argument is null.
 *   <li><b>Threads.</b> The sync calls one adapter from one thread at a time, in this order per
 *       run: accounts pages, then contacts pages, then orders pages; then {@link #writeBack} for
 *       each synced record (when {@link #supportsWriteBack()}), and {@link #close()} only by
 *       whoever created the adapter. Implementations need not be thread-safe.
 *   <li><b>Side effects.</b> Read methods have none; the sync may call them again for the same page
 *       on retry.
 * </ul>
 */
public interface CrmAdapter extends AutoCloseable {

  /**
   * A short, stable name of the CRM system, used as the prefix of Scale keys, for example {@code
   * hubspot} gives the natural id {@code hubspot:123}. Lower case letters, digits and dashes.
   *
   * @return the system name
   */
  String system();

  /**
   * Reads one page of accounts.
   *
   * @param query the cursor, page token and page size
   * @return the page
   * @throws CrmAdapterException when the CRM cannot be read
   */
  CrmPage<CrmAccount> accounts(CrmQuery query);

  /**
   * Reads one page of contacts.
   *
   * @param query the cursor, page token and page size
   * @return the page
   * @throws CrmAdapterException when the CRM cannot be read
   */
  CrmPage<CrmContact> contacts(CrmQuery query);

  /**
   * Reads one page of closed orders (won deals), each with all its lines.
   *
   * @param query the cursor, page token and page size
   * @return the page
   * @throws CrmAdapterException when the CRM cannot be read
   */
  CrmPage<CrmOrder> orders(CrmQuery query);

  /**
   * Reads one account by CRM id, used when a contact or order refers to an account that this run
   * did not read. The default finds nothing.
   *
   * @param crmId the account's CRM id
   * @return the account, or empty when it does not exist or the adapter cannot look it up
   * @throws CrmAdapterException when the CRM cannot be read
   */
  default Optional<CrmAccount> account(String crmId) {
    return Optional.empty();
  }

  /**
   * Whether {@link #writeBack(ScaleLink)} stores Scale ids in the CRM. The default is {@code
   * false}.
   *
   * @return {@code true} when write-back is supported
   */
  default boolean supportsWriteBack() {
    return false;
  }

  /**
   * Stores the Scale id of a synced record in the CRM (for example in a custom field). Called only
   * when {@link #supportsWriteBack()}; must be idempotent, as it may be called again with the same
   * link. The default does nothing.
   *
   * @param link the CRM record and its Scale id
   * @throws CrmAdapterException when the CRM cannot be written
   */
  default void writeBack(ScaleLink link) {}

  /** Releases the adapter's resources. The default does nothing. */
  @Override
  default void close() {}
}
