package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.invoker.ApiException;
import io.scalecrm.client.model.Licensee;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uniqueness checks and inserts are atomic under concurrent requests. */
class ConcurrencyTest {

  @RegisterExtension static ScaleSandboxExtension ext = new ScaleSandboxExtension();

  @RepeatedTest(3)
  void eightThreadsRacingOnOneNaturalIdCreateExactlyOneLicensee(ScaleSandbox sandbox)
      throws Exception {
    int threads = 8;
    List<Clients> clients = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      clients.add(Clients.of(sandbox));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (Clients c : clients) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    c.licensees.setupOrganization(
                        new Licensee().name("Racer").naturalId("crm:race"));
                    return 201;
                  } catch (ApiException e) {
                    return e.getCode();
                  }
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : results) {
        statuses.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(threads - 1);
    } finally {
      pool.shutdownNow();
    }
    SandboxSnapshot s = sandbox.snapshot();
    assertThat(s.licensees()).hasSize(1);
    assertThat(s.containers()).hasSize(1);
    assertThat(s.duplicates()).isEmpty();
    assertThat(sandbox.journal().count("setupOrganization")).isEqualTo(threads);
  }
}
