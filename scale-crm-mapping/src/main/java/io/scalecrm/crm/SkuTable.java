package io.scalecrm.crm;

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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Maps CRM SKUs (product codes) to Scale product configuration ids.
 *
 * <p>Load it from a small CSV file whose header names at least the columns {@code sku} and {@code
 * productConfigId}; further columns (for example {@code productName}, {@code features}) are ignored
 * here and kept for tools that need them:
 *
 * <pre>
 * sku,productConfigId,productName,features
 * PRO-1Y,6f1c2a7e-0000-4000-8000-000000000001,Acme Pro,export;api
 * </pre>
 *
 * <p>SKUs are matched exactly after trimming. Immutable and thread-safe.
 */
public final class SkuTable {
  private final Map<String, UUID> bySku;

  private SkuTable(Map<String, UUID> bySku) {
    this.bySku = Map.copyOf(bySku);
  }

  /**
   * A table from a map.
   *
   * @param skuToProductConfigId SKU to product configuration id
   * @return the table
   */
  public static SkuTable of(Map<String, UUID> skuToProductConfigId) {
    Map<String, UUID> copy = new LinkedHashMap<>();
    skuToProductConfigId.forEach(
        (sku, id) -> {
          if (sku == null || sku.isBlank() || id == null) {
            throw new IllegalArgumentException("SKU table entries need a SKU and an id");
          }
          copy.put(sku.strip(), id);
        });
    return new SkuTable(copy);
  }

  /** An empty table: every SKU is unknown. */
  static SkuTable empty() {
    return new SkuTable(Map.of());
  }

  /**
   * Loads a table from a UTF-8 CSV file with a header row (see the class description). Values must
   * not contain commas; quoting is not supported in this small format.
   *
   * @param file the file
   * @return the table
   * @throws IllegalArgumentException when the file is malformed, naming the line
   * @throws UncheckedIOException when the file cannot be read
   */
  public static SkuTable load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read SKU table " + file, e);
    }
    List<String> rows = new ArrayList<>();
    for (String line : lines) {
      String stripped = line.replace("\uFEFF", "").strip();
      if (!stripped.isEmpty() && !stripped.startsWith("#")) {
        rows.add(stripped);
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("SKU table " + file + " is empty");
    }
    List<String> header = split(rows.get(0).toLowerCase(Locale.ROOT));
    int skuCol = header.indexOf("sku");
    int idCol = header.indexOf("productconfigid");
    if (skuCol < 0 || idCol < 0) {
      throw new IllegalArgumentException(
          "SKU table " + file + " needs a header with the columns sku and productConfigId");
    }
    Map<String, UUID> map = new LinkedHashMap<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> cells = split(rows.get(i));
      if (cells.size() <= Math.max(skuCol, idCol)) {
        throw new IllegalArgumentException(
            "SKU table " + file + " line " + (i + 1) + ": too few columns");
      }
      String sku = cells.get(skuCol);
      UUID id;
      try {
        id = UUID.fromString(cells.get(idCol));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "SKU table " + file + " line " + (i + 1) + ": productConfigId is not a UUID", e);
      }
      if (sku.isEmpty() || map.putIfAbsent(sku, id) != null) {
        throw new IllegalArgumentException(
            "SKU table " + file + " line " + (i + 1) + ": SKU is empty or listed twice");
      }
    }
    return new SkuTable(map);
  }

  private static List<String> split(String row) {
    List<String> cells = new ArrayList<>();
    for (String cell : row.split(",", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  /**
   * The product configuration id for a SKU.
   *
   * @param sku the SKU
   * @return the id, or empty when the SKU is not mapped
   */
  public Optional<UUID> productConfigId(String sku) {
    return Optional.ofNullable(bySku.get(sku.strip()));
  }

  /**
   * The mapped SKUs.
   *
   * @return the SKUs
   */
  public Set<String> skus() {
    return bySku.keySet();
  }

  @Override
  public String toString() {
    return "SkuTable" + bySku.keySet().stream().sorted().toList();
  }
}
