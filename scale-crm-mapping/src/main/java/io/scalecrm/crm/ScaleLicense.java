package io.scalecrm.crm;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A Scale license as the facade sees it.
 *
 * @param id the Scale id
 * @param productName the product the license is for
 * @param qty the quantity
 * @param validFrom start of validity, or {@code null}
 * @param validUntil end of validity, or {@code null} when perpetual
 * @param orderReference the order reference it was issued with (the CRM-derived key), or {@code
 *     null}
 * @param productConfigId the product configuration it was issued from, or {@code null}
 * @param created when Scale issued it, or {@code null} when not known; the earliest issued license
 *     of an order line survives when duplicates are repaired
 */
public record ScaleLicense(
    String id,
    String productName,
    int qty,
    @Nullable Instant validFrom,
    @Nullable Instant validUntil,
    @Nullable String orderReference,
    @Nullable String productConfigId,
    @Nullable Instant created) {

  /**
   * Whether the license is valid at a moment: it has not ended.
   *
   * @param at the moment
   * @return {@code true} when it is perpetual or ends after {@code at}
   */
  public boolean activeAt(Instant at) {
    return validUntil == null || validUntil.isAfter(at);
  }
}
