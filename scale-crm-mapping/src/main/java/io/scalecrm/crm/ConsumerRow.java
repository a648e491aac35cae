package io.scalecrm.crm;

import io.scalecrm.crm.spi.ConsumerKind;
import org.jspecify.annotations.Nullable;

/**
 * Every field of a Scale license consumer, so that a full-replacement PUT keeps what we do not map.
 */
record ConsumerRow(
    @Nullable String id,
    String name,
    @Nullable ConsumerKind kind,
    @Nullable String displayName,
    @Nullable String displayLabel,
    @Nullable String description,
    @Nullable String email,
    @Nullable String contactInfo,
    @Nullable String connectedIdentityId,
    @Nullable String externalReference,
    @Nullable String naturalId) {

  ScaleConsumer view() {
    return new ScaleConsumer(
        id == null ? "" : id, name, email, externalReference, kind, connectedIdentityId);
  }

  ConsumerRow withId(String newId) {
    return new ConsumerRow(
        newId,
        name,
        kind,
        displayName,
        displayLabel,
        description,
        email,
        contactInfo,
        connectedIdentityId,
        externalReference,
        naturalId);
  }
}
