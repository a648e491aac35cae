package io.scalecrm.examples.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates the {@code samples/clean} export: about 80 accounts (a quarter of them B2C), 200
 * contacts and 90 orders with 150 lines, with non-ASCII names, quoted values and multi-line
 * addresses. Deterministic: the same files on every run and JDK (a fixed-seed {@link Random}).
 *
 * <p>To re-generate after changing it, run its {@link #main} on the module's test class path (for
 * example from the IDE) with the argument {@code samples/clean}, from the module directory. {@code
 * SamplesTest} fails while the committed files differ from the generator's output.
 */
final class SampleExportGenerator {

  /** The SKUs of {@code samples/sku-map.csv}; the {@code -1Y} ones and the add-on are annual. */
  static final String[] SKUS = {
    "STUDIO-PRO-1Y", "STUDIO-BASIC-1Y", "STUDIO-PRO-PERPETUAL", "API-10K", "INSIGHTS-ADDON"
  };

  private static final String[] COMPANY_STEMS = {
    "Müller",
    "Søndergaard",
    "Łukasiewicz",
    "Öztürk",
    "Nørgaard",
    "Béal",
    "Kovačević",
    "Åkesson",
    "Ñandú",
    "Þórsson",
    "Dvořák",
    "Żurawski",
    "Gonçalves",
    "Weiß",
    "Ødegård",
    "Šimić",
    "Yılmaz",
    "Lefèvre",
    "Brontë",
    "Håkansson",
    "Čapek",
    "Jäärvi",
    "Mañana",
    "Grünwald",
    "Kühne",
    "Fjällräv",
    "Østby",
    "Ekström",
    "Piñeiro",
    "Ångström"
  };

  private static final String[] COMPANY_TRADES = {
    "Software",
    "Analytics",
    "Maschinenbau",
    "Logistik",
    "Design",
    "Systems",
    "Robotics",
    "Medical",
    "Bau",
    "Energi"
  };

  private static final String[] COMPANY_FORMS = {
    "GmbH",
    "AB",
    "Sp. z o.o.",
    "A.Ş.",
    "ApS",
    "S.A.",
    "d.o.o.",
    "Oy",
    "S.r.l.",
    "AG",
    "ehf.",
    "KG",
    "Ltd",
    "s.r.o.",
    "AS"
  };

  private static final String[] FIRST_NAMES = {
    "Ånna",
    "Björn",
    "Cécile",
    "Dariusz",
    "Eva",
    "Fátima",
    "Gustav",
    "Hélène",
    "Ivan",
    "Jöns",
    "Kaito",
    "Łukasz",
    "María José",
    "Nils",
    "Øyvind",
    "Pål",
    "Quentin",
    "Rūta",
    "Sébastien",
    "Tomáš",
    "Ülle",
    "Vesna",
    "Wojciech",
    "Xavier",
    "Yusuf",
    "Zsófia",
    "Åsa",
    "Émilie",
    "İlker",
    "Ørjan",
    "Agnès",
    "Bartłomiej",
    "Dörte",
    "Eiríkur",
    "François",
    "Göran",
    "Hana",
    "Iñigo",
    "Jörg",
    "Chloé"
  };

  private static final String[] LAST_NAMES = {
    "Müller",
    "Själv",
    "Dupré",
    "Wójcik",
    "Nováková",
    "Conceição",
    "Ångman",
    "Joly",
    "Petrović",
    "Lindqvist",
    "Satō",
    "Żak",
    "Peña",
    "Ødegaard",
    "Berg",
    "Ødeby",
    "Lemaître",
    "Kazlauskienė",
    "Noël",
    "Černý",
    "Tamm",
    "Đorđević",
    "Łęcki",
    "Muñoz",
    "Öztürk",
    "Kovács",
    "Öberg",
    "Gagné",
    "Güneş",
    "Sæther",
    "Varda",
    "Kłos",
    "Schäfer",
    "Þórsson",
    "Hébert",
    "Persson",
    "Horáková",
    "Montoya",
    "Fuß",
    "Lefèvre"
  };

  private static final String[] CITIES = {
    "Überlingen",
    "Malmö",
    "Kraków",
    "İzmir",
    "Aarhus",
    "Besançon",
    "Zagreb",
    "Göteborg",
    "Sevilla",
    "Reykjavík",
    "Brno",
    "Łódź",
    "Porto",
    "München",
    "Tromsø"
  };

  private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

  private final Random random = new Random(20261127L);

  private SampleExportGenerator() {}

  /**
   * Writes the three files into a directory.
   *
   * @param args the output directory
   * @throws IOException when a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SampleExportGenerator OUTPUT_DIR");
    }
    generate(Path.of(args[0]));
  }

  /** Writes {@code accounts.csv}, {@code contacts.csv} and {@code orders.csv} into {@code dir}. */
  static void generate(Path dir) throws IOException {
    Files.createDirectories(dir);
    new SampleExportGenerator().write(dir);
  }

  private record Account(String id, String name, String email, boolean b2c, String domain) {}

  private void write(Path dir) throws IOException {
    List<Account> accounts = new ArrayList<>();
    List<List<String>> accountRows = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 80; i++) {
      String id = "A-" + (1001 + i);
      boolean b2c = i % 4 == 3;
      Instant modified = time(0, i);
      if (b2c) {
        String first = pick(FIRST_NAMES);
        String last = pick(LAST_NAMES);
        String name = first + " " + last;
        while (!names.add(name)) {
          last = pick(LAST_NAMES);
          name = first + " " + last;
        }
        String email = ascii(first) + "." + ascii(last) + "@mail-" + (i % 7) + ".example";
        accounts.add(new Account(id, name, email, true, ""));
        accountRows.add(
            List.of(id, name, "", email, "B2C", i % 3 == 0 ? address(i) : "", "", stamp(modified)));
      } else {
        String stem = COMPANY_STEMS[i % COMPANY_STEMS.length];
        String name =
            stem
                + " "
                + COMPANY_TRADES[(i / 3) % COMPANY_TRADES.length]
                + " "
                + COMPANY_FORMS[i % COMPANY_FORMS.length];
        if (i == 4) {
          name = "Dupont, Fils & Cie S.A.";
        } else if (i == 9) {
          name = "Café \"Zur Post\" Gastro GmbH";
        }
        String domain = ascii(stem) + "-" + (i + 1) + ".example";
        String email = i % 5 == 1 ? "" : "billing@" + domain;
        String display =
            i % 6 == 0 ? stem + " " + COMPANY_TRADES[(i / 3) % COMPANY_TRADES.length] : "";
        String vat = i % 4 == 0 ? "EU" + (372_000_000 + i * 7919) : "";
        accounts.add(new Account(id, name, email, false, domain));
        accountRows.add(
            List.of(
                id,
                name,
                display,
                email,
                "B2B",
                i % 5 == 2 ? address(i) : "",
                vat,
                stamp(modified)));
      }
    }
    ExportWriter.print(
        dir.resolve(CsvExportAdapter.ACCOUNTS_FILE),
        List.of(
            "account_id",
            "name",
            "display_name",
            "email",
            "type",
            "contact_info",
            "other_id.vat",
            "modified"),
        accountRows);

    List<List<String>> contactRows = new ArrayList<>();
    int contactNo = 0;
    for (int a = 0; a < accounts.size(); a++) {
      Account account = accounts.get(a);
      List<String[]> people = new ArrayList<>();
      if (account.b2c()) {
        // the person themself, with the account's email: the sync adopts the consumer that
        // setting up the B2C licensee created
        people.add(new String[] {account.name(), account.email(), "PERSON"});
        if (a % 8 == 7) {
          String first = pick(FIRST_NAMES);
          String last = account.name().substring(account.name().lastIndexOf(' ') + 1);
          people.add(
              new String[] {
                first + " " + last,
                ascii(first) + "." + ascii(last) + "." + a + "@family.example",
                "PERSON"
              });
        }
      } else {
        int count = 2 + random.nextInt(3) + (a % 10 == 0 ? 1 : 0);
        for (int p = 0; p < count; p++) {
          if (a % 12 == 2 && p == count - 1) {
            people.add(new String[] {"Build server " + (a + 1), "", "DEVICE"});
            continue;
          }
          String first = pick(FIRST_NAMES);
          String last = pick(LAST_NAMES);
          String email =
              ascii(first).charAt(0) + "." + ascii(last) + "." + (p + 1) + "@" + account.domain();
          people.add(new String[] {first + " " + last, email, "PERSON"});
        }
      }
      for (String[] person : people) {
        String id = "C-" + (2001 + contactNo);
        contactRows.add(
            List.of(
                id,
                account.id(),
                person[0],
                person[1],
                person[2],
                contactNo % 9 == 4 && !person[1].isEmpty() ? "idp|user-" + (7000 + contactNo) : "",
                stamp(time(1, contactNo))));
        contactNo++;
      }
    }
    ExportWriter.print(
        dir.resolve(CsvExportAdapter.CONTACTS_FILE),
        List.of(
            "contact_id",
            "account_id",
            "name",
            "email",
            "kind",
            "connected_identity_id",
            "modified"),
        contactRows);

    List<List<String>> orderRows = new ArrayList<>();
    for (int o = 0; o < 90; o++) {
      String orderId = "O-" + (3001 + o);
      Account account = accounts.get((o * 37) % accounts.size());
      int roll = random.nextInt(100);
      int lineCount = roll < 50 ? 1 : roll < 85 ? 2 : 3;
      Instant modified = time(2, o);
      LocalDate start = LocalDate.ofInstant(modified, ZoneOffset.UTC).plusDays(1);
      int firstSku = random.nextInt(SKUS.length);
      for (int l = 0; l < lineCount; l++) {
        String sku = SKUS[(firstSku + l * 2) % SKUS.length];
        boolean annual = sku.endsWith("-1Y") || sku.equals("INSIGHTS-ADDON");
        int quantity =
            account.b2c()
                ? 1
                : sku.equals("API-10K") ? 1 + random.nextInt(5) : 1 + random.nextInt(40);
        orderRows.add(
            List.of(
                orderId,
                account.id(),
                orderId + "-" + (l + 1),
                sku,
                String.valueOf(quantity),
                start.toString(),
                annual ? start.plusYears(1).toString() : "",
                annual ? "SUB-" + (50_000 + o) : "",
                !account.b2c() && o % 3 == 0 ? "CT-2026-" + (100 + o) : "",
                stamp(modified.plus(Duration.ofMinutes(l)))));
      }
    }
    ExportWriter.print(
        dir.resolve(CsvExportAdapter.ORDERS_FILE),
        List.of(
            "order_id",
            "account_id",
            "line_id",
            "sku",
            "quantity",
            "valid_from",
            "valid_until",
            "subscription_ref",
            "contract_ref",
            "modified"),
        orderRows);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  /** A whole-second time in 2026; each kind starts a month later, records a few hours apart. */
  private Instant time(int kind, int i) {
    return START
        .plus(Duration.ofDays(30L * kind))
        .plus(Duration.ofMinutes(i * 397L + random.nextInt(60)));
  }

  private static String stamp(Instant t) {
    return t.toString();
  }

  private String address(int i) {
    return "Hauptstraße "
        + (i + 3)
        + "\n"
        + (10_000 + i * 131)
        + " "
        + CITIES[i % CITIES.length]
        + "\nTel. +49 30 "
        + (5_550_000 + random.nextInt(9_999));
  }

  /** A lower-case ASCII slug of a name, for email local parts and domains. */
  static String ascii(String name) {
    String s =
        name.toLowerCase(Locale.ROOT)
            .replace("ß", "ss")
            .replace("æ", "ae")
            .replace("ø", "o")
            .replace("å", "a")
            .replace("ł", "l")
            .replace("đ", "d")
            .replace("þ", "th")
            .replace("ı", "i")
            .replace("ö", "o")
            .replace("ü", "u")
            .replace("ä", "a");
    s = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return s.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
