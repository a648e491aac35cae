package io.scalecrm.examples.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.ChangeCursor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokenTest {

  private static final ChangeCursor CURSOR =
      new ChangeCursor(Instant.parse("2026-03-01T10:00:00.250Z"), "001A00000000003AAA");

  @Test
  void roundTrips() {
    PageToken withLocator =
        new PageToken("orders", CURSOR, "/services/data/v62.0/query/01gD0000002HU6KIAW-2000");
    PageToken withoutLocator = new PageToken("accounts", CURSOR, null);

    assertThat(PageToken.decode(withLocator.encode(), "orders")).isEqualTo(withLocator);
    assertThat(PageToken.decode(withoutLocator.encode(), "accounts")).isEqualTo(withoutLocator);
    assertThat(withLocator.encode()).doesNotContain("/", "+", "=");
  }

  @Test
  void refusesLocatorsThatLeaveTheInstance() {
    for (String path :
        new String[] {
          "https://evil.example/services/data/v62.0/query/01g-1",
          "//evil.example/services/data/v62.0/query/01g-1",
          "/services/data/v62.0/../../x",
          "/services/data/v62.0/query?q=x",
          "/other/path"
        }) {
      assertThat(PageToken.isSafePath(path)).as(path).isFalse();
      String forged =
          Base64.getUrlEncoder()
              .encodeToString(("sf1\naccounts\n" + path + "\n").getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> PageToken.decode(forged, "accounts"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void refusesGarbageAndTokensOfAnotherRead() {
    assertThatThrownBy(() -> PageToken.decode("not base64 !", "accounts"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageToken.decode("c29tZXRoaW5n", "accounts"))
        .isInstanceOf(IllegalArgumentException.class);
    String contacts = new PageToken("contacts", null, null).encode();
    assertThatThrownBy(() -> PageToken.decode(contacts, "orders"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contacts");
  }
}
