package io.scalecrm.examples.file;

import io.scalecrm.crm.spi.CrmAdapterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary directory of one {@link CsvExportAdapter}: created only when an export is too large
 * to sort in memory, deleted with everything in it by {@link #close()} (or, as a fallback, when the
 * adapter that owns it becomes unreachable without having been closed).
 */
final class CsvTempFiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CsvTempFiles.class);
  private static final Cleaner CLEANER = Cleaner.create();

  private final State state;
  private Cleaner.@Nullable Cleanable cleanable;

  /**
   * Creates the (not yet existing) temporary directory.
   *
   * @param parent where to create it, or null for the system's temporary directory
   */
  CsvTempFiles(@Nullable Path parent) {
    this.state = new State(parent);
  }

  /** Deletes the files when {@code owner} becomes unreachable without {@link #close()}. */
  void deleteWhenUnreachable(Object owner) {
    cleanable = CLEANER.register(owner, state);
  }

  /** A new empty file in the temporary directory, which is created on first use. */
  Path newFile(String prefix) {
    try {
      return Files.createTempFile(state.directory(), prefix, ".bin");
    } catch (IOException e) {
      throw failure("create a temporary file", e);
    }
  }

  /** Deletes one file now (a merged sort run), ignoring failures. */
  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("Cannot delete the temporary file {}", file, e);
    }
  }

  /** Whether the directory was ever created, that is whether anything was written to disk. */
  boolean used() {
    return state.dir != null;
  }

  /** Deletes the directory and everything in it. */
  @Override
  public void close() {
    if (cleanable != null) {
      cleanable.clean();
    } else {
      state.run();
    }
  }

  /** A failure to use the temporary files, as the adapter reports it. */
  CrmAdapterException failure(String what, IOException e) {
    Path dir = state.dir;
    return new CrmAdapterException(
        "Cannot "
            + what
            + " for sorting the CSV export"
            + (dir == null ? "" : " in " + dir.getParent())
            + ": "
            + e.getMessage()
            + " (set another directory with CsvExportAdapter.Builder.tempDirectory)",
        e,
        false);
  }

  /** What the cleaner needs; must not refer to the adapter. */
  private static final class State implements Runnable {
    private final @Nullable Path parent;
    private volatile @Nullable Path dir;

    State(@Nullable Path parent) {
      this.parent = parent;
    }

    synchronized Path directory() throws IOException {
      Path d = dir;
      if (d == null) {
        d =
            parent == null
                ? Files.createTempDirectory("scale-csv-")
                : Files.createTempDirectory(parent, "scale-csv-");
        dir = d;
        LOG.debug("Sorting the CSV export in {}", d);
      }
      return d;
    }

    @Override
    public synchronized void run() {
      Path d = dir;
      if (d == null) {
        return;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
        for (Path file : files) {
          delete(file);
        }
        Files.deleteIfExists(d);
        dir = null;
      } catch (IOException | UncheckedIOException e) {
        LOG.warn("Cannot delete the temporary directory {}: {}", d, e.getMessage());
      }
    }
  }
}
