package io.scalecrm.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A consistent copy of everything a {@link ScaleSandbox} holds, taken at one moment, as plain
 * records (not the generated client's model types). Lists are ordered by creation time, then id.
 *
 * @param licensees the licensees
 * @param consumers the license consumers
 * @param grants the consumers' access to license containers
 * @param licenses the licenses
 * @param containers the license containers
 */
public record SandboxSnapshot(
    List<SnapLicensee> licensees,
    List<SnapConsumer> consumers,
    List<SnapGrant> grants,
    List<SnapLicense> licenses,
    List<SnapContainer> containers) {

  /**
   * Copies the lists.
   *
   * @param licensees the licensees
   * @param consumers the license consumers
   * @param grants the consumers' access to license containers
   * @param licenses the licenses
   * @param containers the license containers
   */
  public SandboxSnapshot {
    licensees = List.copyOf(licensees);
    consumers = List.copyOf(consumers);
    grants = List.copyOf(grants);
    licenses = List.copyOf(licenses);
    containers = List.copyOf(containers);
  }

  /**
   * A licensee.
   *
   * @param id the id
   * @param name the formal name
   * @param displayName the display name, or null
   * @param description the description, or null
   * @param email the contact email, or null
   * @param contactInfo the contact information, or null
   * @param naturalId the natural id (generated when none was given)
   * @param externalReference the external reference, or null
   * @param type {@code ORGANIZATION}, {@code PERSON}, {@code COMPANY} or {@code UNDEFINED}
   * @param created when it was created
   * @param modified when it was last modified
   */
  public record SnapLicensee(
      UUID id,
      String name,
      @Nullable String displayName,
      @Nullable String description,
      @Nullable String email,
      @Nullable String contactInfo,
      String naturalId,
      @Nullable String externalReference,
      String type,
      Instant created,
      Instant modified) {}

  /**
   * A license consumer.
   *
   * @param id the id
   * @param name the name
   * @param type {@code PERSON}, {@code DEVICE} or {@code LICENSE_KEY}
   * @param displayName the display name, or null
   * @param displayLabel the display label, or null
   * @param description the description, or null
   * @param email the email, or null
   * @param contactInfo the contact information, or null
   * @param connectedIdentityId the connected identity, or null
   * @param externalReference the external reference, or null
   * @param naturalId the natural id (generated when none was given)
   * @param setupUserLicenseeId the licensee whose {@code setup-user} created this consumer, or null
   * @param created when it was created
   * @param modified when it was last modified
   */
  public record SnapConsumer(
      UUID id,
      String name,
      String type,
      @Nullable String displayName,
      @Nullable String displayLabel,
      @Nullable String description,
      @Nullable String email,
      @Nullable String contactInfo,
      @Nullable String connectedIdentityId,
      @Nullable String externalReference,
      String naturalId,
      @Nullable UUID setupUserLicenseeId,
      Instant created,
      Instant modified) {}

  /**
   * A license container.
   *
   * @param id the id
   * @param licenseeId the licensee owning it
   * @param name the name ({@code "default"} for the default container)
   * @param usedAsDefault whether it is the licensee's default container
   * @param created when it was created
   */
  public record SnapContainer(
      UUID id, UUID licenseeId, String name, boolean usedAsDefault, Instant created) {}

  /**
   * A license consumer's access to a license container.
   *
   * @param licenseeId the licensee owning the container
   * @param containerId the container
   * @param consumerId the consumer
   */
  public record SnapGrant(UUID licenseeId, UUID containerId, UUID consumerId) {}

  /**
   * A license.
   *
   * @param id the id
   * @param licenseeId the licensee holding it
   * @param containerId the container holding it
   * @param productConfigId the product configuration it was issued from
   * @param productName the product name
   * @param qty the quantity
   * @param qtyDimension {@code SEATS}, {@code USE_COUNT} or {@code USE_TIME}
   * @param features the feature names
   * @param validFrom the start of validity
   * @param validUntil the end of validity, or null for perpetual
   * @param orderReference the order reference given at issue, or null
   * @param productReference the product reference given at issue, or null
   * @param subscriptionReference the subscription reference given at issue, or null
   * @param contractReference the contract reference given at issue, or null
   * @param created when it was issued
   * @param modified when it was last modified
   */
  public record SnapLicense(
      UUID id,
      UUID licenseeId,
      UUID containerId,
      UUID productConfigId,
      String productName,
      int qty,
      String qtyDimension,
      List<String> features,
      Instant validFrom,
      @Nullable Instant validUntil,
      @Nullable String orderReference,
      @Nullable String productReference,
      @Nullable String subscriptionReference,
      @Nullable String contractReference,
      Instant created,
      Instant modified) {
    /**
     * Copies the feature list.
     *
     * @param id the id
     * @param licenseeId the licensee holding it
     * @param containerId the container holding it
     * @param productConfigId the product configuration it was issued from
     * @param productName the product name
     * @param qty the quantity
     * @param qtyDimension {@code SEATS}, {@code USE_COUNT} or {@code USE_TIME}
     * @param features the feature names
     * @param validFrom the start of validity
     * @param validUntil the end of validity, or null for perpetual
     * @param orderReference the order reference given at issue, or null
     * @param productReference the product reference given at issue, or null
     * @param subscriptionReference the subscription reference given at issue, or null
     * @param contractReference the contract reference given at issue, or null
     * @param created when it was issued
     * @param modified when it was last modified
     */
    public SnapLicense {
      features = List.copyOf(features);
    }
  }

  /**
   * The licensee with a natural id.
   *
   * @param naturalId the natural id
   * @return the licensee, or empty
   */
  public Optional<SnapLicensee> licenseeByNaturalId(String naturalId) {
    return licensees.stream().filter(l -> l.naturalId().equals(naturalId)).findFirst();
  }

  /**
   * The consumer with an external reference.
   *
   * @param externalReference the external reference
   * @return the consumer, or empty
   */
  public Optional<SnapConsumer> consumerByExternalReference(String externalReference) {
    return consumers.stream()
        .filter(c -> externalReference.equals(c.externalReference()))
        .findFirst();
  }

  /**
   * The licenses of one licensee.
   *
   * @param licenseeId the licensee
   * @return its licenses
   */
  public List<SnapLicense> licensesOf(UUID licenseeId) {
    return licenses.stream()
        .filter(l -> l.licenseeId().equals(licenseeId))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * The consumers with access to any container of one licensee.
   *
   * @param licenseeId the licensee
   * @return the consumers' ids, without repeats
   */
  public List<UUID> consumerIdsWithAccessTo(UUID licenseeId) {
    return grants.stream()
        .filter(g -> g.licenseeId().equals(licenseeId))
        .map(SnapGrant::consumerId)
        .distinct()
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * Every key that should be unique but occurs more than once: licensee naturalId,
   * externalReference and email; consumer naturalId, externalReference and email; an email shared
   * by a licensee and a consumer (except a {@code setup-user} licensee and its own consumer); and a
   * license orderReference within one licensee (one license per order line). The sandbox enforces
   * the first six itself, so in practice this finds licenses issued twice for one order line.
   *
   * @return one line per duplicated key, such as {@code "license orderReference of licensee 7f…-…
   *     'hubspot:1:2': 2 times"}; empty when there are none
   */
  public List<String> duplicates() {
    List<String> out = new ArrayList<>();
    count(out, "licensee naturalId", licensees.stream().map(SnapLicensee::naturalId));
    count(
        out, "licensee externalReference", licensees.stream().map(SnapLicensee::externalReference));
    count(out, "consumer naturalId", consumers.stream().map(SnapConsumer::naturalId));
    count(
        out, "consumer externalReference", consumers.stream().map(SnapConsumer::externalReference));
    // emails: licensees and consumers together, a setup-user pair counted once
    List<String> emails = new ArrayList<>();
    Map<UUID, String> licenseeEmails = new LinkedHashMap<>();
    for (SnapLicensee l : licensees) {
      if (l.email() != null) {
        emails.add(lower(l.email()));
        licenseeEmails.put(l.id(), lower(l.email()));
      }
    }
    for (SnapConsumer c : consumers) {
      if (c.email() == null) {
        continue;
      }
      String email = lower(c.email());
      boolean ownPair =
          c.setupUserLicenseeId() != null
              && email.equals(licenseeEmails.get(c.setupUserLicenseeId()));
      if (!ownPair) {
        emails.add(email);
      }
    }
    count(out, "email (licensees and consumers)", emails.stream());
    Map<UUID, List<String>> refs = new LinkedHashMap<>();
    for (SnapLicense l : licenses) {
      if (l.orderReference() != null) {
        refs.computeIfAbsent(l.licenseeId(), k -> new ArrayList<>()).add(l.orderReference());
      }
    }
    refs.forEach(
        (licensee, list) ->
            count(out, "license orderReference of licensee " + licensee, list.stream()));
    return out;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static void count(
      List<String> out, String what, java.util.stream.Stream<@Nullable String> values) {
    Map<String, Long> counts =
        values
            .filter(Objects::nonNull)
            .collect(Collectors.groupingBy(v -> v, LinkedHashMap::new, Collectors.counting()));
    counts.forEach(
        (value, n) -> {
          if (n > 1) {
            out.add(what + " '" + value + "': " + n + " times");
          }
        });
  }
}
