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
 */
public record ScaleLicense(
    String id,
    String productName,
    int qty,
    @Nullable Instant validFrom,
    @Nullable Instant validUntil,
    @Nullable String orderReference,
    @Nullable String productConfigId) {}
