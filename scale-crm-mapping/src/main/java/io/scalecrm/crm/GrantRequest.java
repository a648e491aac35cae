package io.scalecrm.crm;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What the facade asks Scale to issue for one order line. */
record GrantRequest(
    UUID productConfigId,
    int qty,
    @Nullable Instant validFrom,
    @Nullable Instant validUntil,
    String orderReference,
    @Nullable String productReference,
    @Nullable String subscriptionReference,
    @Nullable String contractReference) {}
