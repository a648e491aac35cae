/**
 * The SPI that CRM adapters implement: {@link io.scalecrm.crm.spi.CrmAdapter} reads accounts,
 * contacts and orders from a CRM in pages, in change order, as the canonical records of this
 * package, which validate themselves when constructed.
 *
 * <p>Nothing in this package is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.scalecrm.crm.spi;

import org.jspecify.annotations.NullMarked;
