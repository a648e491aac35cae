package io.scalecrm.examples.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.testkit.SandboxProduct;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the committed sample exports: what they contain, and that the generator made them. */
class SamplesTest {
  private static final Path SAMPLES = Path.of("samples");

  private static <T extends CrmRecord> CrmPage<T> all(Function<CrmQuery, CrmPage<T>> reader) {
    CrmPage<T> page = reader.apply(CrmQuery.first(null, 1000));
    assertThat(page.last()).isTrue();
    return page;
  }

  @Test
  void cleanSampleIsWhatTheGeneratorWrites(@TempDir Path dir) throws IOException {
    SampleExportGenerator.generate(dir);
    for (String name :
        List.of(
            CsvExportAdapter.ACCOUNTS_FILE,
            CsvExportAdapter.CONTACTS_FILE,
            CsvExportAdapter.ORDERS_FILE)) {
      assertThat(Files.readString(SAMPLES.resolve("clean").resolve(name)))
          .as(
              "samples/clean/%s differs from SampleExportGenerator's output; if the generator"
                  + " changed on purpose, re-run it (see its Javadoc)",
              name)
          .isEqualTo(Files.readString(dir.resolve(name)));
    }
  }

  @Test
  void cleanSampleIsValidRealisticAndUsesTheSkuMap() {
    CsvExportAdapter adapter = CsvExportAdapter.of(SAMPLES.resolve("clean"));
    CrmPage<CrmAccount> accounts = all(adapter::accounts);
    CrmPage<CrmContact> contacts = all(adapter::contacts);
    CrmPage<CrmOrder> orders = all(adapter::orders);
    assertThat(accounts.rejected()).isEmpty();
    assertThat(contacts.rejected()).isEmpty();
    assertThat(orders.rejected()).isEmpty();
    assertThat(orders.records()).allSatisfy(o -> assertThat(o.invalidLines()).isEmpty());

    assertThat(accounts.records()).hasSizeBetween(70, 100);
    List<CrmAccount> b2c =
        accounts.records().stream()
            .filter(a -> a.type() == CustomerType.B2C)
            .collect(Collectors.toList());
    assertThat(b2c).hasSizeBetween(15, 30).allSatisfy(a -> assertThat(a.email()).isNotNull());
    Set<String> contactKeys =
        contacts.records().stream()
            .map(c -> c.accountCrmId() + "|" + c.email())
            .collect(Collectors.toSet());
    assertThat(b2c)
        .as("every B2C account has itself as a contact (same email)")
        .allSatisfy(a -> assertThat(contactKeys).contains(a.crmId() + "|" + a.email()));
    assertThat(contacts.records()).hasSizeBetween(150, 260);
    List<String> emails =
        contacts.records().stream()
            .map(CrmContact::email)
            .filter(Objects::nonNull)
            .collect(Collectors.toList());
    assertThat(emails).doesNotHaveDuplicates();
    assertThat(orders.records()).hasSizeBetween(70, 110);
    List<CrmOrderLine> lines =
        orders.records().stream().flatMap(o -> o.lines().stream()).collect(Collectors.toList());
    assertThat(lines).hasSizeBetween(120, 200);
    SkuTable skus = SkuTable.load(SAMPLES.resolve("sku-map.csv"));
    assertThat(lines).allSatisfy(l -> assertThat(skus.productConfigId(l.sku())).isPresent());
    assertThat(accounts.records())
        .anySatisfy(a -> assertThat(a.name()).contains(","))
        .anySatisfy(a -> assertThat(a.name()).contains("\""))
        .anySatisfy(a -> assertThat(a.contactInfo()).contains("\n"))
        .anySatisfy(a -> assertThat(a.name()).matches(".*[^\\x00-\\x7F].*"));
  }

  @Test
  void skuMapSeedsOneProductConfigurationPerId() {
    List<SandboxProduct> products = SkuMapProducts.read(SAMPLES.resolve("sku-map.csv"));
    SkuTable table = SkuTable.load(SAMPLES.resolve("sku-map.csv"));

    assertThat(products).hasSizeBetween(3, 5);
    assertThat(products)
        .allSatisfy(
            p -> {
              assertThat(table.skus())
                  .anySatisfy(
                      sku -> assertThat(table.productConfigId(sku)).contains(p.productConfigId()));
              assertThat(p.features()).isNotEmpty();
            });
    assertThat(products.get(0).productName()).isEqualTo("Acme Studio");
    assertThat(products.get(0).features()).containsExactly("editor", "export", "cloud-sync");
  }

  @Test
  void badRowsSampleHasOneBadRowPerKindOfMistakeBesideGoodRows() {
    CsvExportAdapter adapter = CsvExportAdapter.of(SAMPLES.resolve("bad-rows"));
    CrmPage<CrmAccount> accounts = all(adapter::accounts);
    CrmPage<CrmContact> contacts = all(adapter::contacts);
    CrmPage<CrmOrder> orders = all(adapter::orders);

    assertThat(accounts.records()).extracting(CrmAccount::crmId).containsExactly("B-1", "B-6");
    assertThat(rejections(accounts.rejected()))
        .containsExactly(
            "B-2 (accounts.csv row 3) name",
            "B-3 (accounts.csv row 4) email",
            "B-4 (accounts.csv row 5) display_name",
            "B-5 (accounts.csv row 6) name");
    assertThat(contacts.records()).extracting(CrmContact::crmId).containsExactly("BC-1", "BC-4");
    assertThat(rejections(contacts.rejected()))
        .containsExactly("BC-2 (contacts.csv row 3) email", "BC-3 (contacts.csv row 4) name");
    List<InvalidCrmRecordException> invalidLines = new ArrayList<>();
    orders.records().forEach(o -> invalidLines.addAll(o.invalidLines()));
    assertThat(rejections(invalidLines))
        .containsExactly(
            "BO-1-3 (orders.csv row 4) quantity",
            "BO-2-1 (orders.csv row 5) valid_until",
            "BO-2-2 (orders.csv row 6) quantity",
            "BO-2-3 (orders.csv row 7) valid_from");
    assertThat(orders.records())
        .flatExtracting(CrmOrder::lines)
        .extracting(CrmOrderLine::lineId)
        .as("BO-1-2 is valid here; its SKU is unknown to the SKU map, which the sync reports")
        .containsExactly("BO-1-1", "BO-1-2", "BO-2-4");
  }

  private static List<String> rejections(List<InvalidCrmRecordException> rejected) {
    return rejected.stream().map(e -> e.crmId() + " " + e.field()).collect(Collectors.toList());
  }
}
