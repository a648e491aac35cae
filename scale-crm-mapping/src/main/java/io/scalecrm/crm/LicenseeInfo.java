package io.scalecrm.crm;

import io.scalecrm.crm.spi.CustomerType;
import org.jspecify.annotations.Nullable;

/**
 * What a run knows of one account's licensee.
 *
 * @param id the licensee's Scale id
 * @param type business or individual
 * @param email the licensee's email, or {@code null}
 * @param createdThisRun whether this run created it: then it has no licenses yet, and no consumer
 *     but (for an individual) its person has access, so neither needs reading
 */
record LicenseeInfo(String id, CustomerType type, @Nullable String email, boolean createdThisRun) {

  static LicenseeInfo of(LicenseeRow row, boolean created) {
    return new LicenseeInfo(
        java.util.Objects.requireNonNull(row.id()), row.type(), row.email(), created);
  }

  boolean person() {
    return type == CustomerType.B2C;
  }

  boolean holdsEmail(@Nullable String other) {
    return email != null && other != null && email.equalsIgnoreCase(other);
  }
}
