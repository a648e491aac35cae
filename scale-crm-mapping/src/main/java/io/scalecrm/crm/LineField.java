package io.scalecrm.crm;

/** The terms of an order line that a license freezes when it is issued. */
public enum LineField {
  /** The quantity ({@code CrmOrderLine.quantity}). */
  QUANTITY("quantity"),
  /** The start of validity ({@code CrmOrderLine.validFrom}). */
  VALID_FROM("validFrom"),
  /** The end of validity ({@code CrmOrderLine.validUntil}). */
  VALID_UNTIL("validUntil"),
  /** The product configuration the SKU maps to ({@code CrmOrderLine.sku}). */
  PRODUCT("sku");

  private final String recordField;

  LineField(String recordField) {
    this.recordField = recordField;
  }

  /**
   * The name of the {@code CrmOrderLine} component this term comes from, as failures name it.
   *
   * @return for example {@code quantity}
   */
  public String recordField() {
    return recordField;
  }
}
