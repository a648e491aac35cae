package io.scalecrm.examples.salesforce;

import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.examples.salesforce.SalesforceTestSupport.RecordingSleeper;
import io.scalecrm.testkit.ContractData;
import io.scalecrm.testkit.CrmAdapterContract;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The SDK's adapter contract, run against {@link SalesforceAdapter} and {@link FakeSalesforce}. The
 * fake answers in batches of 3 rows (child relationships in batches of 2) while the contract asks
 * for pages of 5, so pages regularly end inside a batch and span several. Rows that share a second
 * come in the fake's order, which is not Java's order of their ids. Removals are loaded as
 * Salesforce shows them (see {@link SalesforceTestSupport#load}).
 */
class SalesforceAdapterContractTest extends CrmAdapterContract {

  private FakeSalesforce fake;

  @AfterEach
  void stopFake() {
    if (fake != null) {
      fake.close();
    }
  }

  @Override
  protected CrmAdapter adapterFor(ContractData data) {
    if (fake != null) {
      fake.close();
    }
    fake = FakeSalesforce.start(SalesforceTestSupport.CLOCK).batchSize(3).childBatchSize(2);
    SalesforceTestSupport.load(fake, data);
    return SalesforceAdapter.create(
        SalesforceTestSupport.removalConfig(
                SalesforceTestSupport.config(fake, new RecordingSleeper()))
            .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
            .build());
  }

  @Override
  protected boolean supportsRemovals() {
    return true;
  }

  @Override
  protected void failNextRequestWithAuthError() {
    // A single 401 is not an auth failure for Salesforce: the adapter renews the session once
    // and repeats the request. Revoking the app makes the renewal fail too.
    fake.revokeClient();
  }

  @Override
  protected void failAllRequestsWithServerError() {
    fake.serverErrorAlways(true);
  }

  @Override
  protected Set<String> secrets() {
    Set<String> secrets = new HashSet<>(fake.issuedTokens());
    secrets.add(FakeSalesforce.CLIENT_SECRET);
    return secrets;
  }
}
