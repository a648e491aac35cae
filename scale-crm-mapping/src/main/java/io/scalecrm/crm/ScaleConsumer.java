package io.scalecrm.crm;

import io.scalecrm.crm.spi.ConsumerKind;
import org.jspecify.annotations.Nullable;

/**
 * A Scale license consumer as the facade sees it.
 *
 * @param id the Scale id
 * @param name the name
 * @param email the email, or {@code null}
 * @param externalReference the external reference (the CRM-derived key), or {@code null}
 * @param kind person or device ({@code null} for a license-key consumer, which the SDK never
 *     creates)
 * @param connectedIdentityId the connected identity, or {@code null}
 */
public record ScaleConsumer(
    String id,
    String name,
    @Nullable String email,
    @Nullable String externalReference,
    @Nullable ConsumerKind kind,
    @Nullable String connectedIdentityId) {}
