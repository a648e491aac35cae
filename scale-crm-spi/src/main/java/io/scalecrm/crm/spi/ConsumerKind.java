package io.scalecrm.crm.spi;

/** Whether a contact is a person or a device. */
public enum ConsumerKind {
  /** A person. */
  PERSON,
  /** A device, such as a server or a kiosk. */
  DEVICE
}
