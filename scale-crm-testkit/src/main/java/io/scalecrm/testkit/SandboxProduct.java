package io.scalecrm.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A product configuration seeded into a {@link ScaleSandbox}, from which licenses can be granted
 * with {@code grant-by-product-config}.
 *
 * @param productConfigId the configuration's id, which grant requests name
 * @param productConfigName the configuration's technical name
 * @param productName the product's name, copied into every license issued from it
 * @param features the formal feature names, copied into every license issued from it
 * @param qtyDimension {@code SEATS}, {@code USE_COUNT} or {@code USE_TIME}
 * @param licenseModelName the name of the license model the configuration uses
 */
public record SandboxProduct(
    UUID productConfigId,
    String productConfigName,
    String productName,
    List<String> features,
    String qtyDimension,
    String licenseModelName) {

  private static final Set<String> DIMENSIONS = Set.of("SEATS", "USE_COUNT", "USE_TIME");

  /**
   * Checks the values and copies the feature list.
   *
   * @param productConfigId the configuration's id, which grant requests name
   * @param productConfigName the configuration's technical name
   * @param productName the product's name, copied into every license issued from it
   * @param features the formal feature names, copied into every license issued from it
   * @param qtyDimension {@code SEATS}, {@code USE_COUNT} or {@code USE_TIME}
   * @param licenseModelName the name of the license model the configuration uses
   */
  public SandboxProduct {
    Objects.requireNonNull(productConfigId, "productConfigId");
    requireText(productConfigName, "productConfigName");
    requireText(productName, "productName");
    features = List.copyOf(Objects.requireNonNull(features, "features"));
    for (String f : features) {
      requireText(f, "feature");
    }
    if (!DIMENSIONS.contains(qtyDimension)) {
      throw new IllegalArgumentException(
          "qtyDimension must be SEATS, USE_COUNT or USE_TIME, was " + qtyDimension);
    }
    requireText(licenseModelName, "licenseModelName");
  }

  /**
   * A seat-based configuration with the default license model, whose id is derived from its name
   * ({@link UUID#nameUUIDFromBytes}), so that it is the same in every run.
   *
   * @param productConfigName the configuration's technical name, for example {@code "pro-annual"}
   * @param productName the product's name
   * @param features the feature names
   * @return the product configuration
   */
  public static SandboxProduct of(
      String productConfigName, String productName, String... features) {
    return new SandboxProduct(
        idFor(productConfigName),
        productConfigName,
        productName,
        List.of(features),
        "SEATS",
        "default");
  }

  /**
   * The stable id that {@link #of} gives a configuration name.
   *
   * @param productConfigName the configuration's technical name
   * @return the name-derived id
   */
  public static UUID idFor(String productConfigName) {
    return UUID.nameUUIDFromBytes(
        ("scale-sandbox:product-config:" + requireText(productConfigName, "productConfigName"))
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A copy with another quantity dimension.
   *
   * @param dimension {@code SEATS}, {@code USE_COUNT} or {@code USE_TIME}
   * @return the copy
   */
  public SandboxProduct withQtyDimension(String dimension) {
    return new SandboxProduct(
        productConfigId, productConfigName, productName, features, dimension, licenseModelName);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
