package io.scalecrm.examples.file;

import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.testkit.ContractData;
import io.scalecrm.testkit.CrmAdapterContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the SDK's adapter conformance tests against {@link CsvExportAdapter}, over the contract data
 * written as CSV files. The two failure tests are aborted: files have no authentication and no
 * server.
 */
class CsvExportAdapterContractTest extends CrmAdapterContract {

  @TempDir Path dir;

  @Override
  protected CrmAdapter adapterFor(ContractData data) {
    ExportWriter.write(dir, data.accounts(), data.contacts(), data.orders());
    return CsvExportAdapter.builder().directory(dir).build();
  }
}
