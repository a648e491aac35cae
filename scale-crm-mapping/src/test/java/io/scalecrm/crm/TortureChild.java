package io.scalecrm.crm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmTombstone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A sync in a JVM of its own, for the torture test to kill with SIGKILL: what an in-process crash
 * cannot show (buffered files, fsync, half-written checkpoints) shows here. Arguments: the CRM
 * snapshot (JSON), the sandbox URL, the key id, the private key file, the checkpoint file, the
 * concurrency, the page size, the account removal policy, the SKU map as sku=uuid pairs, and the
 * contact removal policy.
 */
public final class TortureChild {
  /** The CRM snapshot as the child reads it. */
  record Snapshot(
      List<CrmAccount> accounts,
      List<CrmTombstone> accountTombstones,
      List<CrmContact> contacts,
      List<CrmTombstone> contactTombstones,
      List<CrmOrder> orders) {

    TortureCrm.SnapshotAdapter adapter() {
      return new TortureCrm.SnapshotAdapter(
          accounts, accountTombstones, contacts, contactTombstones, orders);
    }
  }

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TortureChild() {}

  static void write(TortureCrm.SnapshotAdapter adapter, Path file) throws IOException {
    JSON.writeValue(file.toFile(), adapter.snapshot());
  }

  /**
   * Runs one sync and exits 0 when it returned (whatever its report says).
   *
   * @param args see the class comment
   * @throws IOException when the snapshot cannot be read
   */
  public static void main(String[] args) throws IOException {
    Snapshot snapshot = JSON.readValue(Path.of(args[0]).toFile(), Snapshot.class);
    Map<String, UUID> skus = new java.util.LinkedHashMap<>();
    for (String pair : args[8].split(",")) {
      String[] kv = pair.split("=");
      skus.put(kv[0], UUID.fromString(kv[1]));
    }
    try (ScaleConnection connection =
        ScaleConnection.builder()
            .baseUrl(args[1])
            .credentials(
                ScaleJwtCredentials.builder()
                    .keyId(args[2])
                    .issuer("torture")
                    .subject("torture")
                    .privateKeyPem(Files.readString(Path.of(args[3])))
                    .build())
            .retryPolicy(RetryPolicy.exponential(4, Duration.ofMillis(1), Duration.ofMillis(4)))
            .sleeper(d -> {})
            .build()) {
      CrmSync sync =
          CrmSync.builder()
              .connection(connection)
              .mapping(
                  CrmMapping.builder(TortureCrm.SYSTEM)
                      .skus(SkuTable.of(skus))
                      .accountRemoval(AccountRemoval.valueOf(args[7]))
                      .contactRemoval(ContactRemoval.valueOf(args[9]))
                      .build())
              .reissueOnDrift(true)
              .ambiguityPause(Duration.ofMillis(5))
              .checkpointInterval(Duration.ZERO) // the SIGKILL meets checkpoints saved mid-run
              .build();
      sync.sync(
          snapshot.adapter(),
          SyncOptions.builder()
              .checkpoints(CheckpointStore.file(Path.of(args[4])))
              .concurrency(Integer.parseInt(args[5]))
              .pageSize(Integer.parseInt(args[6]))
              .maxRemovals(RemovalLimit.UNLIMITED)
              .build());
    }
  }
}
