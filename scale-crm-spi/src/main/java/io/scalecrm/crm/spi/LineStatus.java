package io.scalecrm.crm.spi;

/** Whether an order line still grants its license. */
public enum LineStatus {
  /** The line is in force: it becomes (or keeps) a license. */
  ACTIVE,
  /** The line was cancelled or refunded: its license is revoked (when the mapping says so). */
  CANCELLED
}
