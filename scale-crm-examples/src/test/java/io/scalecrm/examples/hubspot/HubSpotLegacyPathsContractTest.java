package io.scalecrm.examples.hubspot;

/** The adapter conformance tests on the numeric v3/v4 paths, with HubSpot's real result cap. */
class HubSpotLegacyPathsContractTest extends HubSpotAdapterContractTest {
  @Override
  HubSpotConfig.PathVersion pathVersion() {
    return HubSpotConfig.PathVersion.LEGACY;
  }

  @Override
  int searchResultCap() {
    return HubSpotConfig.HUBSPOT_SEARCH_RESULT_CAP;
  }
}
