package io.scalecrm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated export has the shape BENCHMARKS.md describes. */
class ExportTest {
  @TempDir Path dir;

  @Test
  void aThousandRecordsHaveTheIssuesShape() throws Exception {
    Export export = Export.ofRecords(1000);
    export.write(dir, false);
    List<String> accounts = rows("accounts.csv");
    List<String> contacts = rows("contacts.csv");
    List<String> lines = rows("orders.csv");
    assertThat(accounts).hasSize(200);
    assertThat(contacts).hasSize(500);
    assertThat(lines).hasSize(300);
    assertThat(accounts.stream().filter(a -> a.contains(",B2C,"))).hasSize(40);
    Set<String> withContacts = new HashSet<>();
    contacts.forEach(c -> withContacts.add(c.split(",")[1]));
    assertThat(withContacts).hasSize(140);
    Set<String> withOrders = new HashSet<>();
    lines.forEach(l -> withOrders.add(l.split(",")[1]));
    assertThat(withOrders).hasSize(120);
    // each B2C account's person is a contact with the account's email
    assertThat(contacts).anyMatch(c -> c.startsWith("C-0,A-4,") && c.contains(",person4@"));
  }

  @Test
  void theChangedExportChangesOnePercent() throws Exception {
    Export export = Export.ofRecords(1000);
    export.write(dir, true);
    assertThat(rows("accounts.csv").stream().filter(a -> a.contains("(renamed)"))).hasSize(2);
    assertThat(rows("contacts.csv").stream().filter(a -> a.contains("(renamed)"))).hasSize(5);
    assertThat(rows("orders.csv")).hasSize(303);
    assertThat(export.changedRecords()).isEqualTo(10);
  }

  private List<String> rows(String file) throws Exception {
    List<String> all = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
    return all.subList(1, all.size());
  }
}
