package io.scalecrm.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The spec's paths and operationIds, and matching of request paths against them. */
final class SandboxRoutes {

  /** One operation of the spec. */
  record Route(String method, String template, String operationId, List<String> segments) {
    int literals() {
      int n = 0;
      for (String s : segments) {
        if (!s.startsWith("{")) {
          n++;
        }
      }
      return n;
    }
  }

  /** A request path matched to an operation, with its decoded path parameters. */
  record Match(Route route, Map<String, String> pathParams) {}

  static final List<Route> ROUTES =
      List.of(
          route("GET", "/licensees", "listLicensees"),
          route("GET", "/licensees/actions/find-by-email", "findLicenseeByEmail"),
          route("GET", "/licensees/actions/find-by-naturalid", "findLicenseeByNaturalId"),
          route("POST", "/licensees/actions/setup-organization", "setupOrganization"),
          route("POST", "/licensees/actions/setup-user", "setupUser"),
          route("GET", "/licensees/{licenseeId}", "getLicensee"),
          route("PUT", "/licensees/{licenseeId}", "updateLicensee"),
          route("DELETE", "/licensees/{licenseeId}", "deleteLicensee"),
          route("GET", "/license-consumers", "listLicenseConsumers"),
          route("POST", "/license-consumers", "createLicenseConsumer"),
          route("GET", "/license-consumers/actions/find-by-email", "findLicenseConsumerByEmail"),
          route(
              "GET",
              "/license-consumers/actions/find-by-externalreference",
              "findLicenseConsumerByExternalReference"),
          route("GET", "/license-consumers/{licenseConsumerId}", "getLicenseConsumer"),
          route("PUT", "/license-consumers/{licenseConsumerId}", "updateLicenseConsumer"),
          route("DELETE", "/license-consumers/{licenseConsumerId}", "deleteLicenseConsumer"),
          route("GET", "/licensees/{licenseeId}/license-consumers", "listLicenseeLicenseConsumers"),
          route("GET", "/licensees/{licenseeId}/license-containers", "listLicenseContainers"),
          route(
              "GET",
              "/licensees/{licenseeId}/license-containers/{licenseContainerId}",
              "getLicenseContainer"),
          route(
              "GET",
              "/licensees/{licenseeId}/license-containers/default/license-consumers",
              "listDefaultContainerLicenseConsumers"),
          route(
              "POST",
              "/licensees/{licenseeId}/license-containers/default/actions/grant-access",
              "grantAccessToDefaultContainer"),
          route("GET", "/licensees/{licenseeId}/licenses", "listLicenses"),
          route("GET", "/licensees/{licenseeId}/licenses/{licenseId}", "getLicense"),
          route("DELETE", "/licensees/{licenseeId}/licenses/{licenseId}", "deleteLicense"),
          route(
              "POST",
              "/licensees/{licenseeId}/licenses/actions/grant-by-product-config",
              "grantLicensesByProductConfig"),
          route("PUT", "/licensees/{licenseeId}/licenses/actions/revoke", "revokeLicenses"),
          route("DELETE", "/licensees/actions/delete-user", "deleteUser"),
          route(
              "GET",
              "/licensing/actions/describe-license-consumer-licensees",
              "describeLicenseConsumerLicensees"),
          route("POST", "/licensees/{licenseeId}/license-containers", "createLicenseContainer"),
          route(
              "PUT",
              "/licensees/{licenseeId}/license-containers/{licenseContainerId}",
              "updateLicenseContainer"),
          route(
              "DELETE",
              "/licensees/{licenseeId}/license-containers/{licenseContainerId}",
              "deleteLicenseContainer"),
          route(
              "GET",
              "/licensees/{licenseeId}/license-containers/{licenseContainerId}/license-consumers",
              "listLicenseContainerLicenseConsumers"),
          route(
              "POST",
              "/licensees/{licenseeId}/license-containers/{licenseContainerId}/actions/grant-access",
              "grantAccessToLicenseContainer"),
          route(
              "POST",
              "/licensees/{licenseeId}/license-containers/default/actions/revoke-access",
              "revokeAccessToDefaultContainer"),
          route(
              "POST",
              "/licensees/{licenseeId}/license-containers/{licenseContainerId}/actions/revoke-access",
              "revokeAccessToLicenseContainer"),
          route(
              "PUT",
              "/licensees/{licenseeId}/licenses/actions/edit-validity",
              "editLicenseValidity"),
          route("GET", "/products", "listProducts"));

  /** Every operationId the sandbox serves. */
  static final Set<String> OPERATION_IDS;

  /** The operationIds of reads (GET); every other operation writes. */
  static final Set<String> READS;

  static {
    Set<String> ids = new TreeSet<>();
    Set<String> reads = new TreeSet<>();
    for (Route r : ROUTES) {
      ids.add(r.operationId());
      if (r.method().equals("GET")) {
        reads.add(r.operationId());
      }
    }
    OPERATION_IDS = Collections.unmodifiableSet(ids);
    READS = Collections.unmodifiableSet(reads);
  }

  private SandboxRoutes() {}

  private static Route route(String method, String template, String operationId) {
    return new Route(method, template, operationId, split(template));
  }

  private static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The routes whose template matches the path, any method, most specific first.
   *
   * @param rawPath the raw (still percent-encoded) request path
   */
  static List<Match> match(String rawPath) {
    List<String> raw = split(rawPath);
    List<Match> matches = new ArrayList<>();
    for (Route r : ROUTES) {
      Map<String, String> params = bind(r, raw);
      if (params != null) {
        matches.add(new Match(r, params));
      }
    }
    matches.sort((a, b) -> Integer.compare(b.route().literals(), a.route().literals()));
    return matches;
  }

  /** The methods allowed on a path, for a 405 answer. */
  static Set<String> methods(List<Match> matches) {
    Set<String> methods = new LinkedHashSet<>();
    for (Match m : matches) {
      methods.add(m.route().method());
    }
    return methods;
  }

  private static @Nullable Map<String, String> bind(Route r, List<String> raw) {
    if (r.segments().size() != raw.size()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      String t = r.segments().get(i);
      String decoded = URLDecoder.decode(raw.get(i).replace("+", "%2B"), StandardCharsets.UTF_8);
      if (t.startsWith("{")) {
        params.put(t.substring(1, t.length() - 1), decoded);
      } else if (!t.equals(decoded)) {
        return null;
      }
    }
    return params;
  }
}
