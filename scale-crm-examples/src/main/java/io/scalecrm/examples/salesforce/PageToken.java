package io.scalecrm.examples.salesforce;

import io.scalecrm.crm.spi.ChangeCursor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where the next page of a read starts: the rows after {@code after} in the query batch at {@code
 * locator}, or, without a locator, a new query from {@code after}.
 *
 * <p>The text form is opaque to callers: Base64url of {@code sf1\n<feed>\n<locator>\n<cursor>}. A
 * locator is accepted only as a relative {@code /services/data/...} path, so a forged token can
 * never send the access token to another host.
 *
 * @param feed which read the token belongs to ({@code accounts}, {@code contacts}, {@code orders})
 * @param after the cursor of the last row delivered (or the read's {@code since})
 * @param locator the {@code nextRecordsUrl}-style path of the batch to continue in, or {@code null}
 *     to query again from {@code after}
 */
record PageToken(String feed, @Nullable ChangeCursor after, @Nullable String locator) {

  private static final String MAGIC = "sf1";

  /** A relative Salesforce REST path without scheme, host, dot segments or fragment. */
  private static final Pattern SAFE_PATH =
      Pattern.compile("/services/data/v\\d{2,3}\\.\\d/[A-Za-z0-9_\\-./]*");

  /** Checks the locator path. */
  PageToken {
    if (locator != null && !isSafePath(locator)) {
      throw new IllegalArgumentException("Not a Salesforce query locator path");
    }
  }

  static boolean isSafePath(String path) {
    return SAFE_PATH.matcher(path).matches() && !path.contains("..") && !path.contains("//");
  }

  String encode() {
    String text =
        MAGIC
            + "\n"
            + feed
            + "\n"
            + (locator == null ? "" : locator)
            + "\n"
            + (after == null ? "" : after.asString());
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a token written by {@link #encode()} for the same feed.
   *
   * @throws IllegalArgumentException when the text is not such a token
   */
  static PageToken decode(String text, String expectedFeed) {
    String plain;
    try {
      plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a Salesforce page token", e);
    }
    String[] parts = plain.split("\n", 4);
    if (parts.length != 4 || !parts[0].equals(MAGIC)) {
      throw new IllegalArgumentException("Not a Salesforce page token");
    }
    if (!parts[1].equals(expectedFeed)) {
      throw new IllegalArgumentException(
          "The page token belongs to the " + parts[1] + " read, not to " + expectedFeed);
    }
    ChangeCursor after = parts[3].isEmpty() ? null : ChangeCursor.parse(parts[3]);
    return new PageToken(parts[1], after, parts[2].isEmpty() ? null : parts[2]);
  }
}
