package io.scalecrm.crm.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a CRM order, validated when constructed.
 *
 * @param lineId the line's CRM id (required; unique within the CRM, it keys the license)
 * @param sku the product's SKU or code, mapped to a Scale product configuration (required)
 * @param quantity the quantity (seats, uses…); must be positive
 * @param validFrom when the license starts, or {@code null} for the start of the issue day
 * @param validUntil when the license ends, or {@code null} for perpetual; after validFrom
 * @param subscriptionReference the CRM's subscription id, or {@code null}
 * @param contractReference the CRM's contract id, or {@code null}
 * @param status whether the line is in force or was cancelled
 * @param cancelledAt for a cancelled line, when its license ends (a date the CRM gives), or {@code
 *     null} for the moment of the sync; always {@code null} for an active line
 */
public record CrmOrderLine(
    String lineId,
    String sku,
    int quantity,
    @Nullable Instant validFrom,
    @Nullable Instant validUntil,
    @Nullable String subscriptionReference,
    @Nullable String contractReference,
    LineStatus status,
    @Nullable Instant cancelledAt) {

  private static final CrmRecordType T = CrmRecordType.ORDER_LINE;

  /**
   * Validates and normalises the fields.
   *
   * @param lineId the line's CRM id (required; unique within the CRM, it keys the license)
   * @param sku the product's SKU or code, mapped to a Scale product configuration (required)
   * @param quantity the quantity (seats, uses…); must be positive
   * @param validFrom when the license starts, or {@code null} for the start of the issue day
   * @param validUntil when the license ends, or {@code null} for perpetual; after validFrom
   * @param subscriptionReference the CRM's subscription id, or {@code null}
   * @param contractReference the CRM's contract id, or {@code null}
   * @param status whether the line is in force or was cancelled ({@code null} means active)
   * @param cancelledAt for a cancelled line, when its license ends, or {@code null}
   * @throws InvalidCrmRecordException naming the field when a value is missing or invalid
   */
  public CrmOrderLine {
    lineId = CrmFields.required(T, lineId, "lineId", lineId, CrmFields.MAX_ID);
    sku = CrmFields.required(T, lineId, "sku", sku, CrmFields.MAX_ID);
    if (quantity <= 0) {
      throw CrmFields.invalid(T, lineId, "quantity", "must be positive (was " + quantity + ")");
    }
    if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
      throw CrmFields.invalid(T, lineId, "validUntil", "must be after the line's start date");
    }
    subscriptionReference =
        CrmFields.optional(
            T, lineId, "subscriptionReference", subscriptionReference, CrmFields.MAX_ID, false);
    contractReference =
        CrmFields.optional(
            T, lineId, "contractReference", contractReference, CrmFields.MAX_ID, false);
    status = Objects.requireNonNullElse(status, LineStatus.ACTIVE);
    if (status == LineStatus.ACTIVE && cancelledAt != null) {
      throw CrmFields.invalid(T, lineId, "cancelledAt", "is only for a cancelled line");
    }
  }

  /**
   * An active line.
   *
   * @param lineId the line's CRM id
   * @param sku the SKU
   * @param quantity the quantity, positive
   * @param validFrom when the license starts, or {@code null}
   * @param validUntil when the license ends, or {@code null} for perpetual
   * @param subscriptionReference the CRM's subscription id, or {@code null}
   * @param contractReference the CRM's contract id, or {@code null}
   * @throws InvalidCrmRecordException naming the field when a value is missing or invalid
   */
  public CrmOrderLine(
      String lineId,
      String sku,
      int quantity,
      @Nullable Instant validFrom,
      @Nullable Instant validUntil,
      @Nullable String subscriptionReference,
      @Nullable String contractReference) {
    this(
        lineId,
        sku,
        quantity,
        validFrom,
        validUntil,
        subscriptionReference,
        contractReference,
        LineStatus.ACTIVE,
        null);
  }

  /**
   * Whether the line was cancelled.
   *
   * @return {@code true} when {@link #status()} is {@link LineStatus#CANCELLED}
   */
  public boolean cancelled() {
    return status == LineStatus.CANCELLED;
  }

  /**
   * A line with a SKU and quantity, starting on the issue day and perpetual.
   *
   * @param lineId the line's CRM id
   * @param sku the SKU
   * @param quantity the quantity
   * @return the line
   */
  public static CrmOrderLine of(String lineId, String sku, int quantity) {
    return new CrmOrderLine(lineId, sku, quantity, null, null, null, null);
  }

  /**
   * A copy with another quantity.
   *
   * @param newQuantity the quantity
   * @return the copy
   */
  public CrmOrderLine withQuantity(int newQuantity) {
    return new CrmOrderLine(
        lineId,
        sku,
        newQuantity,
        validFrom,
        validUntil,
        subscriptionReference,
        contractReference,
        status,
        cancelledAt);
  }

  /**
   * A copy with another validity window.
   *
   * @param from the start, or {@code null}
   * @param until the end, or {@code null}
   * @return the copy
   */
  public CrmOrderLine withValidity(@Nullable Instant from, @Nullable Instant until) {
    return new CrmOrderLine(
        lineId,
        sku,
        quantity,
        from,
        until,
        subscriptionReference,
        contractReference,
        status,
        cancelledAt);
  }

  /**
   * A cancelled copy of this line.
   *
   * @param at when the license ends, or {@code null} for the moment of the sync
   * @return the copy
   */
  public CrmOrderLine cancel(@Nullable Instant at) {
    return new CrmOrderLine(
        lineId,
        sku,
        quantity,
        validFrom,
        validUntil,
        subscriptionReference,
        contractReference,
        LineStatus.CANCELLED,
        at);
  }
}
