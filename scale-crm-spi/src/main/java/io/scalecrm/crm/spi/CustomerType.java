package io.scalecrm.crm.spi;

/** Whether an account is a business (B2B) or an individual (B2C). */
public enum CustomerType {
  /** A business: becomes an organization licensee ({@code setup-organization}). */
  B2B,
  /** An individual: becomes a person licensee with its own person consumer ({@code setup-user}). */
  B2C
}
