package io.scalecrm.examples.hubspot;

import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.testkit.ContractData;
import io.scalecrm.testkit.CrmAdapterContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The SDK's adapter conformance tests against the fake HubSpot, on the date-versioned paths, with a
 * search result cap of 7 so that the contract also runs through the cap's re-anchoring. Removals
 * are loaded as HubSpot shows them (see {@link FakeHubSpot#load}): archived companies, contacts and
 * deals, a contact property for inactive contacts, a lost deal, and line item properties for
 * cancelled lines.
 */
class HubSpotAdapterContractTest extends CrmAdapterContract {
  private FakeHubSpot fake;

  /** The path shape under test. */
  HubSpotConfig.PathVersion pathVersion() {
    return HubSpotConfig.PathVersion.DATED;
  }

  /** The search result cap of the fake and the adapter. */
  int searchResultCap() {
    return 7;
  }

  @Override
  protected CrmAdapter adapterFor(ContractData data) {
    stopFake();
    fake = FakeHubSpot.start().resultCap(searchResultCap());
    fake.load(data);
    HubSpotConfig.Builder config =
        HubSpotConfig.builder()
            .baseUrl(fake.baseUrl())
            .privateAppToken(FakeHubSpot.TOKEN)
            .pathVersion(pathVersion())
            .b2cWhen(FakeHubSpot.CUSTOMER_TYPE, "B2C")
            .companyEmailProperty(FakeHubSpot.COMPANY_EMAIL)
            .companyDisplayNameProperty(FakeHubSpot.COMPANY_DISPLAY_NAME)
            .companyContactInfoProperty(FakeHubSpot.COMPANY_CONTACT_INFO)
            .companyOtherId("vat", FakeHubSpot.OTHER_ID_PREFIX + "vat")
            .contactIdentityProperty(FakeHubSpot.CONTACT_IDENTITY)
            .lineSubscriptionProperty(FakeHubSpot.SUBSCRIPTION_REF)
            .lineContractProperty(FakeHubSpot.CONTRACT_REF)
            .inactiveContactWhen(FakeHubSpot.CONTACT_STATUS, "inactive")
            .cancelledLineWhen(FakeHubSpot.LINE_STATUS, "cancelled", FakeHubSpot.LINE_CANCELLED_AT)
            .maxRetries(2)
            .clock(Clock.fixed(Instant.parse("2027-06-01T00:00:00Z"), ZoneOffset.UTC))
            .sleeper(duration -> {});
    if (searchResultCap() != HubSpotConfig.HUBSPOT_SEARCH_RESULT_CAP) {
      config.searchResultCap(searchResultCap());
    }
    return new HubSpotAdapter(config.build());
  }

  @Override
  protected boolean supportsRemovals() {
    return true;
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(FakeHubSpot.TOKEN);
  }

  @Override
  protected void failNextRequestWithAuthError() {
    fake.rejectToken(1);
  }

  @Override
  protected void failAllRequestsWithServerError() {
    fake.failAlways(true);
  }

  @AfterEach
  void stopFake() {
    if (fake != null) {
      fake.close();
      fake = null;
    }
  }
}
