package io.scalecrm.crm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The port through which the facade talks to Scale: one method per Scale operation it uses, in the
 * facade's own types. {@link GeneratedScaleApi} implements it over the generated client; {@link
 * PlanningScaleApi} wraps it for dry runs. Keeping this package-private keeps generated types (and
 * every guess about the Scale API) out of the public API.
 *
 * <p>Every method makes one logical API operation (list methods page through every page) and throws
 * {@link io.scalecrm.client.ScaleException}s. Finds answer empty on 404. List methods stop with an
 * error when Scale answers a page already seen (it ignored the paging headers) rather than looping.
 * Thread-safe.
 */
interface ScaleApi {
  /** The largest page, and the most ids one grant-access, revoke-access or revoke call takes. */
  int PAGE = 100;

  // ---- licensees

  Optional<LicenseeRow> findLicenseeByNaturalId(String naturalId);

  Optional<LicenseeRow> findLicenseeByEmail(String email);

  Optional<LicenseeRow> getLicensee(String licenseeId);

  /** One page of all licensees, oldest first. */
  List<LicenseeRow> listLicensees(int offset, int limit);

  LicenseeRow setupOrganization(LicenseeRow draft);

  LicenseeRow setupUser(LicenseeRow draft, @Nullable String connectedIdentityId);

  LicenseeRow updateLicensee(LicenseeRow row);

  /** Deletes a B2B licensee with its containers and licenses; absent is fine. */
  void deleteLicensee(String licenseeId);

  /** Deletes a B2C licensee and its person consumer; absent is fine. */
  void deleteUser(String licenseeId);

  // ---- consumers

  Optional<ConsumerRow> findConsumerByExternalReference(String externalReference);

  Optional<ConsumerRow> findConsumerByEmail(String email);

  /** One page of all license consumers, oldest first. */
  List<ConsumerRow> listConsumers(int offset, int limit);

  ConsumerRow createConsumer(ConsumerRow draft);

  ConsumerRow updateConsumer(ConsumerRow row);

  /** Deletes a consumer; absent is fine. */
  void deleteConsumer(String consumerId);

  /** The licensees to whose containers a consumer has access. */
  Set<String> consumerLicenseeIds(String consumerId);

  // ---- access

  Set<String> defaultContainerConsumerIds(String licenseeId);

  /** Grants access to at most {@link #PAGE} consumers; granting existing access changes nothing. */
  void grantAccess(String licenseeId, List<String> consumerIds);

  /** Revokes access of at most {@link #PAGE} consumers; revoking absent access changes nothing. */
  void revokeAccess(String licenseeId, List<String> consumerIds);

  // ---- licenses

  List<ScaleLicense> licenses(String licenseeId);

  List<ScaleLicense> grant(String licenseeId, GrantRequest request);

  /** Sets the validity end of at most {@link #PAGE} licenses. */
  List<ScaleLicense> revoke(String licenseeId, List<String> licenseIds, Instant validUntil);

  /** Changes the validity of at most {@link #PAGE} licenses. */
  List<ScaleLicense> editValidity(
      String licenseeId,
      List<String> licenseIds,
      @Nullable Instant validFrom,
      @Nullable Instant validUntil);

  /** Deletes a license; absent is fine. */
  void deleteLicense(String licenseeId, String licenseId);

  // ---- products and setup

  /**
   * Every product configuration of the tenant: its id and its quantity dimension ({@code SEATS},
   * {@code USE_COUNT}, {@code USE_TIME}, or {@code null} when Scale does not say).
   */
  Map<UUID, @Nullable String> productConfigurations();

  /** One cheap read that proves the URL and the credentials work. */
  void verify();

  Instant now();
}
