package io.scalecrm.crm;

/** Optional licensee fields that the mapping may copy from the CRM account (the name always is). */
public enum LicenseeField {
  /** The account's display name. */
  DISPLAY_NAME,
  /** The account's email. */
  EMAIL,
  /** The account's free-text contact information. */
  CONTACT_INFO
}
