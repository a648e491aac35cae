/**
 * The {@link io.scalecrm.crm.CrmSync} facade: idempotent, exactly-once sync of CRM accounts,
 * contacts and orders into 10Duke Scale licensees, license consumers, access grants and licenses.
 *
 * <p>Nothing in this package is null unless marked {@code @Nullable}. No public signature exposes a
 * type of the generated Scale client.
 */
@NullMarked
package io.scalecrm.crm;

import org.jspecify.annotations.NullMarked;
