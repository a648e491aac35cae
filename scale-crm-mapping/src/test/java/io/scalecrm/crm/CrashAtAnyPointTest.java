package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.ScaleCallListener;
import io.scalecrm.client.ScaleConnection;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sync "dies" at its n-th write: from that moment Scale answers nothing the dying process sends
 * (as if the process lost its network or was killed), either before write n is applied or just
 * after it is applied with its answer lost. Then a new process syncs again. For every n sampled
 * across the whole run, the end state equals one clean run's, with no duplicates.
 */
class CrashAtAnyPointTest {
  static ScaleTestEnv env;
  static final TestCrm DATA = TestCrm.of(12);
  static List<String> cleanState;
  static int cleanWrites;

  @BeforeAll
  static void referenceRun() {
    env = ScaleTestEnv.start();
    SyncReport report = env.crmSync().sync(new ListCrmAdapter(DATA), options());
    assertThat(report.failures()).isEmpty();
    cleanState = env.state();
    cleanWrites = env.writes();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void reset() {
    env.sandbox.reset();
    env.sandbox.faults().clear();
  }

  static SyncOptions options() {
    return options(CheckpointStore.none());
  }

  static SyncOptions options(CheckpointStore checkpoints) {
    return SyncOptions.builder().pageSize(5).concurrency(4).checkpoints(checkpoints).build();
  }

  /** Runs after the reference run: the first write, every tenth of the run, and the last. */
  static Stream<Arguments> crashPoints() {
    int step = Math.max(1, cleanWrites / 10);
    return Stream.of(true, false)
        .flatMap(
            applied ->
                IntStream.concat(
                        IntStream.iterate(1, n -> n < cleanWrites, n -> n + step),
                        IntStream.of(cleanWrites))
                    .mapToObj(n -> Arguments.of(n, applied)));
  }

  @ParameterizedTest(name = "dies at write {0}, write applied: {1}")
  @MethodSource("crashPoints")
  void aSyncThatDiesAtAnyWriteIsCompletedByTheNextRun(int n, boolean applied) {
    assertThat(n).isLessThanOrEqualTo(cleanWrites);
    Crash crash = new Crash(n, applied);
    ScaleConnection dying = env.connect().withListener(crash);

    // the checkpoints survive the crash, as a file would: the next run resumes from them
    CheckpointStore checkpoints = CheckpointStore.inMemory();

    SyncReport died =
        env.crmSync(dying, false).sync(new ListCrmAdapter(DATA), options(checkpoints));
    env.sandbox.faults().clear();
    SyncReport next = env.crmSync().sync(new ListCrmAdapter(DATA), options(checkpoints));

    assertThat(crash.died).as("the crash point was reached").isTrue();
    assertThat(died.failures()).as("the dying run noticed").isNotEmpty();
    assertThat(next.failures()).isEmpty();
    assertThat(env.state()).isEqualTo(cleanState);
    assertThat(env.duplicates()).isEmpty();
  }

  /** Counts write attempts; at the n-th, cuts the process off from Scale. */
  static final class Crash implements ScaleCallListener {
    final int n;
    final boolean applied;
    int writes;
    volatile boolean died;

    Crash(int n, boolean applied) {
      this.n = n;
      this.applied = applied;
    }

    @Override
    public synchronized void onAttempt(String operation, int attempt) {
      if (died) {
        return;
      }
      if (SyncReport.WRITE_OPERATIONS.contains(operation) && ++writes == n) {
        died = true;
        if (applied) {
          // this write lands but its answer is lost; every later call fails
          env.sandbox.faults().loseResponseOfNth(operation, 1);
          env.sandbox.faults().failNth(operation, 2, 503);
          for (String other : SyncReport.WRITE_OPERATIONS) {
            if (!other.equals(operation)) {
              try {
                env.sandbox.faults().failNth(other, 1, 503);
              } catch (IllegalArgumentException notServedBySandbox) {
                // an operation the sandbox does not serve cannot be called either
              }
            }
          }
        }
        env.sandbox.faults().errorRate(1.0, 503, 1);
      }
    }
  }
}
