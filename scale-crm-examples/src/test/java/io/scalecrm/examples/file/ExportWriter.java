package io.scalecrm.examples.file;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.testkit.SandboxProduct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Writes canonical records as the CSV export files that {@link CsvExportAdapter} reads. */
final class ExportWriter {
  private ExportWriter() {}

  /** Writes {@code accounts.csv}, {@code contacts.csv} and {@code orders.csv} into a directory. */
  static void write(
      Path dir, List<CrmAccount> accounts, List<CrmContact> contacts, List<CrmOrder> orders) {
    writeAccounts(dir.resolve(CsvExportAdapter.ACCOUNTS_FILE), accounts);
    writeContacts(dir.resolve(CsvExportAdapter.CONTACTS_FILE), contacts);
    writeOrders(dir.resolve(CsvExportAdapter.ORDERS_FILE), orders);
  }

  /**
   * Writes a SKU map naming, for every SKU of the orders, the sandbox's product configuration of
   * that SKU ({@link SandboxProduct#idFor} of its lower-case name).
   */
  static void writeSkuMap(Path file, List<CrmOrder> orders) {
    List<String> rows = new ArrayList<>(List.of("sku,productConfigId,productName,features"));
    orders.stream()
        .flatMap(o -> o.lines().stream())
        .map(CrmOrderLine::sku)
        .distinct()
        .sorted()
        .forEach(
            sku ->
                rows.add(
                    sku
                        + ","
                        + SandboxProduct.idFor(sku.toLowerCase(Locale.ROOT))
                        + ",Product "
                        + sku
                        + ","));
    try {
      Files.write(file, rows, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeAccounts(Path file, List<CrmAccount> accounts) {
    TreeSet<String> otherIdKeys = new TreeSet<>();
    accounts.forEach(a -> otherIdKeys.addAll(a.otherIds().keySet()));
    List<String> header =
        new ArrayList<>(
            List.of(
                "account_id", "name", "display_name", "email", "type", "contact_info", "modified"));
    otherIdKeys.forEach(k -> header.add(CsvExportAdapter.OTHER_ID_PREFIX + k));
    List<List<String>> rows = new ArrayList<>();
    for (CrmAccount a : accounts) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  a.crmId(),
                  a.name(),
                  text(a.displayName()),
                  text(a.email()),
                  a.type().name(),
                  text(a.contactInfo()),
                  time(a.modifiedAt())));
      otherIdKeys.forEach(k -> row.add(text(a.otherIds().get(k))));
      rows.add(row);
    }
    print(file, header, rows);
  }

  static void writeContacts(Path file, List<CrmContact> contacts) {
    List<List<String>> rows = new ArrayList<>();
    for (CrmContact c : contacts) {
      rows.add(
          List.of(
              c.crmId(),
              c.accountCrmId(),
              c.name(),
              text(c.email()),
              c.kind().name(),
              text(c.connectedIdentityId()),
              time(c.modifiedAt())));
    }
    print(
        file,
        List.of(
            "contact_id",
            "account_id",
            "name",
            "email",
            "kind",
            "connected_identity_id",
            "modified"),
        rows);
  }

  static void writeOrders(Path file, List<CrmOrder> orders) {
    List<List<String>> rows = new ArrayList<>();
    for (CrmOrder o : orders) {
      for (CrmOrderLine l : o.lines()) {
        rows.add(
            List.of(
                o.crmId(),
                o.accountCrmId(),
                l.lineId(),
                l.sku(),
                String.valueOf(l.quantity()),
                text(l.validFrom()),
                text(l.validUntil()),
                text(l.subscriptionReference()),
                text(l.contractReference()),
                time(o.modifiedAt())));
      }
    }
    print(
        file,
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
        rows);
  }

  static void print(Path file, List<String> header, List<List<String>> rows) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(line(header));
      for (List<String> row : rows) {
        out.write(line(row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One CSV line with RFC 4180 quoting: values holding a comma, quote or line break are quoted,
   * quotes doubled. (CSVPrinter would do, but its class file trips javac's -Xlint:classfile.)
   */
  static String line(List<String> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (i > 0) {
        line.append(',');
      }
      if (value.matches("(?s).*[,\"\r\n].*") || !value.equals(value.strip())) {
        line.append('"').append(value.replace("\"", "\"\"")).append('"');
      } else {
        line.append(value);
      }
    }
    return line.append('\n').toString();
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }

  private static String time(Instant t) {
    return Instant.EPOCH.equals(t) ? "" : t.toString();
  }
}
