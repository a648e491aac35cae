package io.scalecrm.examples.hubspot;

import io.scalecrm.crm.spi.ChangeCursor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The adapter's page token: the read's upper time bound, fixed when the read started, and the
 * cursor of the last record handed out. The next page re-anchors its HubSpot search at that
 * cursor's time, so no HubSpot offset survives between pages (offsets shift when records change).
 *
 * @param upperMillis the read leaves out records modified after this time (epoch millis)
 * @param after everything at or before this cursor has been handed out, or {@code null}
 */
record PageToken(long upperMillis, @Nullable ChangeCursor after) {
  private static final String VERSION = "h1";

  String encode() {
    String text = VERSION + "~" + upperMillis + "~" + (after == null ? "" : after.asString());
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a token written by {@link #encode()}.
   *
   * @throws IllegalArgumentException when the text is not such a token
   */
  static PageToken decode(String token) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a HubSpot adapter page token", e);
    }
    String[] parts = text.split("~", 3);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw new IllegalArgumentException("Not a HubSpot adapter page token");
    }
    try {
      long upper = Long.parseLong(parts[1]);
      return new PageToken(upper, parts[2].isEmpty() ? null : ChangeCursor.parse(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a HubSpot adapter page token", e);
    }
  }
}
