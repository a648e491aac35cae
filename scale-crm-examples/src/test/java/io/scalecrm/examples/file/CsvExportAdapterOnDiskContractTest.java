package io.scalecrm.examples.file;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter conformance tests again, sorted in runs of a few rows and with every sorted file and
 * index read from disk (a memory budget of 2 KB), as for an export too large for memory.
 */
class CsvExportAdapterOnDiskContractTest extends CsvExportAdapterContractTest {

  @TempDir Path sortDir;

  @Override
  CsvExportAdapter.Builder builder() {
    return CsvExportAdapter.builder().memoryBudget(2048).tempDirectory(sortDir);
  }
}
