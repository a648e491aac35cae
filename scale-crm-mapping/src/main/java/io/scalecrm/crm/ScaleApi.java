package io.scalecrm.crm;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The port through which the facade talks to Scale: one method per Scale operation it uses, in the
 * facade's own types. The only implementation wraps the generated client ({@link
 * GeneratedScaleApi}); keeping this package-private keeps generated types out of the public API.
 *
 * <p>Every method makes exactly one logical API operation (list methods page through all pages) and
 * throws {@link io.scalecrm.client.ScaleException}s. Finds answer empty on 404.
 */
interface ScaleApi {
  Optional<LicenseeRow> findLicenseeByNaturalId(String naturalId);

  Optional<LicenseeRow> findLicenseeByEmail(String email);

  LicenseeRow setupOrganization(LicenseeRow draft);

  LicenseeRow setupUser(LicenseeRow draft, @Nullable String connectedIdentityId);

  LicenseeRow updateLicensee(LicenseeRow row);

  Optional<ConsumerRow> findConsumerByExternalReference(String externalReference);

  Optional<ConsumerRow> findConsumerByEmail(String email);

  ConsumerRow createConsumer(ConsumerRow draft);

  ConsumerRow updateConsumer(ConsumerRow row);

  Set<String> defaultContainerConsumerIds(String licenseeId);

  void grantAccess(String licenseeId, List<String> consumerIds);

  List<ScaleLicense> licenses(String licenseeId);

  List<ScaleLicense> grant(String licenseeId, GrantRequest request);

  List<ScaleLicense> revoke(String licenseeId, List<String> licenseIds, Instant validUntil);

  void deleteLicense(String licenseeId, String licenseId);

  Instant now();
}
