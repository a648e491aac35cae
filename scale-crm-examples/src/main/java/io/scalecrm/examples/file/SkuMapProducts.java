package io.scalecrm.examples.file;

import io.scalecrm.testkit.SandboxProduct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the product configurations that a SKU map describes (its optional {@code productName} and
 * {@code features} columns), to seed them into the in-process Scale sandbox. One configuration per
 * distinct {@code productConfigId}; the first SKU that names it gives its technical name.
 *
 * <p>The format is the one {@link io.scalecrm.crm.SkuTable#load} reads: a header row, no quoting,
 * {@code #} comment lines, features separated by {@code ;}.
 */
final class SkuMapProducts {
  private SkuMapProducts() {}

  /**
   * The product configurations of a SKU map.
   *
   * @param file the SKU map
   * @return the configurations, in file order
   * @throws IllegalArgumentException when a row is malformed
   * @throws UncheckedIOException when the file cannot be read
   */
  static List<SandboxProduct> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the SKU map " + file, e);
    }
    List<String> header = null;
    Map<UUID, SandboxProduct> products = new LinkedHashMap<>();
    for (String raw : lines) {
      String line = raw.replace("\uFEFF", "").strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> cells = cells(line);
      if (header == null) {
        header = new ArrayList<>();
        for (String cell : cells) {
          header.add(cell.toLowerCase(Locale.ROOT));
        }
        continue;
      }
      String sku = cell(header, cells, "sku");
      String id = cell(header, cells, "productconfigid");
      if (sku.isEmpty() || id.isEmpty()) {
        throw new IllegalArgumentException(
            "SKU map " + file + ": a row lacks sku or productConfigId");
      }
      UUID configId = UUID.fromString(id);
      String productName = cell(header, cells, "productname");
      List<String> features = new ArrayList<>();
      for (String feature : cell(header, cells, "features").split(";")) {
        if (!feature.isBlank()) {
          features.add(feature.strip());
        }
      }
      products.putIfAbsent(
          configId,
          new SandboxProduct(
              configId,
              sku.toLowerCase(Locale.ROOT),
              productName.isEmpty() ? sku : productName,
              features,
              "SEATS",
              "default"));
    }
    return List.copyOf(products.values());
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.split(",", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  private static String cell(List<String> header, List<String> cells, String column) {
    int i = header.indexOf(column);
    return i < 0 || i >= cells.size() ? "" : cells.get(i);
  }
}
