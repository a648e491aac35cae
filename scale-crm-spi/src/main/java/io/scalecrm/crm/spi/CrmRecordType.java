package io.scalecrm.crm.spi;

/** The kinds of CRM record the SDK reads. */
public enum CrmRecordType {
  /** A customer account (company, or person for B2C); becomes a Scale licensee. */
  ACCOUNT,
  /** A contact of an account; becomes a Scale license consumer. */
  CONTACT,
  /** A closed deal or order; its lines become Scale licenses. */
  ORDER,
  /** One line of an order. */
  ORDER_LINE;

  /** Lower-case name used in messages and reports ("account", "order line"). */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
