/**
 * A reference {@link io.scalecrm.crm.spi.CrmAdapter} for Salesforce, written against the REST API
 * with {@code java.net.http} and Jackson only (no Salesforce SDK).
 *
 * <p>Start with {@link io.scalecrm.examples.salesforce.SalesforceConfig#builder()} and {@link
 * io.scalecrm.examples.salesforce.SalesforceAdapter#create(SalesforceConfig)}. The adapter reads
 * {@code Account}, {@code Contact} and either activated {@code Order}s with their {@code
 * OrderItem}s or won {@code Opportunity}s with their {@code OpportunityLineItem}s, with SOQL
 * queries on {@code SystemModstamp}, and authenticates with the OAuth 2.0 client-credentials or
 * JWT-bearer flow.
 *
 * <p>Nothing in this package is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.scalecrm.examples.salesforce;

import org.jspecify.annotations.NullMarked;
