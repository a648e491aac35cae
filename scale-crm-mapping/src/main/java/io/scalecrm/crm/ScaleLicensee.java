package io.scalecrm.crm;

import io.scalecrm.crm.spi.CustomerType;
import org.jspecify.annotations.Nullable;

/**
 * A Scale licensee as the facade sees it.
 *
 * @param id the Scale id
 * @param name the formal name
 * @param displayName the display name, or {@code null}
 * @param email the contact email, or {@code null}
 * @param contactInfo free-text contact information, or {@code null}
 * @param naturalId the natural id (the CRM-derived key), or {@code null}
 * @param type B2B (organization) or B2C (person)
 */
public record ScaleLicensee(
    String id,
    String name,
    @Nullable String displayName,
    @Nullable String email,
    @Nullable String contactInfo,
    @Nullable String naturalId,
    CustomerType type) {}
