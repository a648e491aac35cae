/**
 * A reference CRM adapter for HubSpot: {@link io.scalecrm.examples.hubspot.HubSpotAdapter} reads
 * companies, contacts and won deals with their line items, and their removals (archived objects,
 * deals that left the won stage), through HubSpot's REST API, configured by {@link
 * io.scalecrm.examples.hubspot.HubSpotConfig}.
 *
 * <p>Nothing in this package is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.scalecrm.examples.hubspot;

import org.jspecify.annotations.NullMarked;
