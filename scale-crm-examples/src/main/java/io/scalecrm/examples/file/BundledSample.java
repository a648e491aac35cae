package io.scalecrm.examples.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The clean sample export and SKU map bundled in the jar (copied from {@code samples/} at build
 * time), extracted to a temporary directory so that the CLI runs without any arguments.
 */
final class BundledSample implements AutoCloseable {
  private static final String ROOT = "/io/scalecrm/examples/file/samples/";
  private static final List<String> EXPORT_FILES =
      List.of(
          CsvExportAdapter.ACCOUNTS_FILE,
          CsvExportAdapter.CONTACTS_FILE,
          CsvExportAdapter.ORDERS_FILE);

  /** The name of the SKU map file, beside the sample directories. */
  static final String SKU_MAP_FILE = "sku-map.csv";

  private final Path root;

  private BundledSample(Path root) {
    this.root = root;
  }

  /**
   * Extracts the bundled {@code clean} sample and the SKU map.
   *
   * @return the extracted sample; close it to delete the files
   * @throws IllegalStateException when the sample is not on the class path
   */
  static BundledSample extract() {
    Path root;
    try {
      root = Files.createTempDirectory("scale-file-sync-sample");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory", e);
    }
    BundledSample sample = new BundledSample(root);
    try {
      Files.createDirectories(sample.exportDirectory());
      for (String name : EXPORT_FILES) {
        copy("clean/" + name, sample.exportDirectory().resolve(name));
      }
      copy(SKU_MAP_FILE, sample.skuMap());
      return sample;
    } catch (IOException | RuntimeException e) {
      sample.close();
      if (e instanceof IOException) {
        throw new UncheckedIOException("Cannot extract the bundled sample", (IOException) e);
      }
      throw (RuntimeException) e;
    }
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = BundledSample.class.getResourceAsStream(ROOT + resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "The bundled sample "
                + resource
                + " is not on the class path; pass --input DIR and --sku-map FILE");
      }
      Files.copy(in, target);
    }
  }

  /** The directory holding the sample's accounts.csv, contacts.csv and orders.csv. */
  Path exportDirectory() {
    return root.resolve("clean");
  }

  /** The sample SKU map. */
  Path skuMap() {
    return root.resolve(SKU_MAP_FILE);
  }

  /** Deletes the extracted files. */
  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(BundledSample::delete);
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // best effort
    }
  }
}
