package io.scalecrm.examples.runner;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The Scale options every app takes ({@code --scale-url}, {@code --key-id}, {@code --issuer},
 * {@code --subject}, {@code --private-key}), each falling back to its {@code SCALE_*} environment
 * variable. A picocli mixin.
 */
public final class ScaleOptions {
  @Option(
      names = "--scale-url",
      paramLabel = "URL",
      description = "Scale API base URL (env SCALE_API_URL).")
  @Nullable String scaleUrl;

  @Option(
      names = "--key-id",
      paramLabel = "ID",
      description = "Key id of the Scale JWT signing key (env SCALE_JWT_KEY_ID).")
  @Nullable String keyId;

  @Option(
      names = "--issuer",
      paramLabel = "ISS",
      description = "Issuer registered with the key (env SCALE_JWT_ISSUER).")
  @Nullable String issuer;

  @Option(
      names = "--subject",
      paramLabel = "SUB",
      description = "Subject of the Scale JWTs (env SCALE_JWT_SUBJECT).")
  @Nullable String subject;

  @Option(
      names = "--private-key",
      paramLabel = "FILE",
      description =
          "PKCS#8 PEM private key file (env SCALE_PRIVATE_KEY_FILE, or the PEM itself in"
              + " SCALE_PRIVATE_KEY).")
  @Nullable Path privateKey;

  /** Creates the options, all unset. */
  public ScaleOptions() {}

  /**
   * The Scale URL from {@code --scale-url} or {@code SCALE_API_URL}.
   *
   * @param env the environment
   * @return the URL, or {@code null} when neither is set
   */
  public @Nullable String url(Map<String, String> env) {
    return value(scaleUrl, env, ScaleConnection.ENV_API_URL);
  }

  /**
   * Checks every Scale setting and, when all are usable, creates the connection. Each problem is
   * added to {@code problems} in the user's terms (option and variable names), so that a caller can
   * report them together with its own.
   *
   * @param env the environment ({@code SCALE_*}; also the timeouts and retry settings)
   * @param userAgent the suffix of the User-Agent header, e.g. {@code scale-crm-sync/0.2.0}
   * @param problems where the problems go
   * @return the connection, or {@code null} when there were problems
   */
  public @Nullable ScaleConnection connect(
      Map<String, String> env, String userAgent, List<String> problems) {
    int before = problems.size();
    String url = url(env);
    if (url == null) {
      problems.add("--scale-url (or SCALE_API_URL) is not set");
    }
    String kid = required(keyId, env, "--key-id", ScaleConnection.ENV_JWT_KEY_ID, problems);
    String iss = required(issuer, env, "--issuer", ScaleConnection.ENV_JWT_ISSUER, problems);
    String sub = required(subject, env, "--subject", ScaleConnection.ENV_JWT_SUBJECT, problems);
    String keyFile =
        value(
            privateKey == null ? null : privateKey.toString(),
            env,
            ScaleConnection.ENV_PRIVATE_KEY_FILE);
    String keyPem = privateKey == null ? value(null, env, ScaleConnection.ENV_PRIVATE_KEY) : null;
    if (keyFile == null && keyPem == null) {
      problems.add("--private-key (or SCALE_PRIVATE_KEY_FILE, or SCALE_PRIVATE_KEY) is not set");
    } else if (keyFile != null && keyPem != null) {
      problems.add("set only one of SCALE_PRIVATE_KEY_FILE and SCALE_PRIVATE_KEY");
    } else if (keyFile != null
        && (!Files.isRegularFile(Path.of(keyFile)) || !Files.isReadable(Path.of(keyFile)))) {
      problems.add("--private-key " + keyFile + " is not a readable file");
    }
    if (problems.size() > before) {
      return null;
    }
    ScaleJwtCredentials credentials;
    try {
      ScaleJwtCredentials.Builder b =
          ScaleJwtCredentials.builder()
              .keyId(Objects.requireNonNull(kid))
              .issuer(Objects.requireNonNull(iss))
              .subject(Objects.requireNonNull(sub));
      if (keyFile != null) {
        b.privateKeyFile(Path.of(keyFile));
      } else {
        b.privateKeyPem(Objects.requireNonNull(keyPem));
      }
      credentials = b.build();
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      // the client's messages name the file or variable and never contain key material
      problems.add("--private-key: " + e.getMessage());
      return null;
    }
    String urlSource = scaleUrl != null && !scaleUrl.isBlank() ? "--scale-url" : "SCALE_API_URL";
    try {
      return ScaleConnection.builder()
          .fromEnvironment(env)
          .baseUrl(Objects.requireNonNull(url).strip())
          .credentials(credentials)
          .userAgentSuffix(userAgent)
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String message = String.valueOf(e.getMessage());
      problems.add(
          message.startsWith("baseUrl")
              ? urlSource + message.substring("baseUrl".length())
              : message);
      return null;
    }
  }

  /**
   * The URL without user info or query, which could hold secrets.
   *
   * @param url a URL
   * @return what may be printed
   */
  public static String printable(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + Objects.requireNonNullElse(url.getPath(), "");
  }

  private static @Nullable String required(
      @Nullable String option,
      Map<String, String> env,
      String name,
      String envName,
      List<String> problems) {
    String v = value(option, env, envName);
    if (v == null) {
      problems.add(name + " (or " + envName + ") is not set");
    }
    return v;
  }

  static @Nullable String value(@Nullable String option, Map<String, String> env, String envName) {
    if (option != null && !option.isBlank()) {
      return option.strip();
    }
    String fromEnv = env.get(envName);
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
  }
}
