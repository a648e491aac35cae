package io.scalecrm.examples.hubspot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the REST paths of one HubSpot path version (numeric v3/v4 or date-versioned). */
final class HubSpotPaths {
  private final HubSpotConfig.PathVersion version;
  private final String date;

  HubSpotPaths(HubSpotConfig.PathVersion version, String date) {
    this.version = version;
    this.date = date;
  }

  /** {@code /crm/v3/objects/{type}} or {@code /crm/objects/{date}/{type}}. */
  String objects(String type) {
    return version == HubSpotConfig.PathVersion.LEGACY
        ? "/crm/v3/objects/" + type
        : "/crm/objects/" + date + "/" + type;
  }

  String search(String type) {
    return objects(type) + "/search";
  }

  String batchRead(String type) {
    return objects(type) + "/batch/read";
  }

  String object(String type, String id) {
    return objects(type) + "/" + segment(id);
  }

  /** The v4 association batch read: {@code /crm/v4/associations/{from}/{to}/batch/read}. */
  String associationsBatchRead(String fromType, String toType) {
    String root =
        version == HubSpotConfig.PathVersion.LEGACY
            ? "/crm/v4/associations/"
            : "/crm/associations/" + date + "/";
    return root + fromType + "/" + toType + "/batch/read";
  }

  /** Percent-encodes one path segment (HubSpot ids are digits, so this is a safety net). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
