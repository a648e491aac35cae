package io.scalecrm.crm;

import io.scalecrm.crm.spi.CustomerType;
import org.jspecify.annotations.Nullable;

/** Every field of a Scale licensee, so that a full-replacement PUT keeps what we do not map. */
record LicenseeRow(
    @Nullable String id,
    String name,
    @Nullable String displayName,
    @Nullable String description,
    @Nullable String email,
    @Nullable String contactInfo,
    @Nullable String naturalId,
    @Nullable String externalReference,
    CustomerType type) {

  ScaleLicensee view() {
    return new ScaleLicensee(
        id == null ? "" : id, name, displayName, email, contactInfo, naturalId, type);
  }

  LicenseeRow withId(String newId) {
    return new LicenseeRow(
        newId,
        name,
        displayName,
        description,
        email,
        contactInfo,
        naturalId,
        externalReference,
        type);
  }
}
