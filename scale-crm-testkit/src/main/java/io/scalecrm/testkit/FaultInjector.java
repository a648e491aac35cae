package io.scalecrm.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Faults that a {@link ScaleSandbox} injects into its answers: latency, random server errors,
 * throttling, dropped connections, failures of the n-th call and lost responses.
 *
 * <p>Faults can be changed at any time from any thread; each request takes one consistent decision.
 * They are evaluated when a request arrives, before authentication and before the operation, in
 * this order: latency (always added; a {@link RandomFaults} latency adds to it), dropped
 * connection, throttling, n-th call failure, random error ({@link #errorRate}), the random fault
 * profile ({@link #randomFaults}), lost response of the n-th call. Lost responses (of {@link
 * #loseResponseOfNth} and of the profile) are the exception: that operation is applied, and only
 * its answer is lost. Counters of {@link #failNth} and {@link #loseResponseOfNth} count every call
 * of their operation from the moment they are set, including calls answered by another fault.
 *
 * <p>Note that the JDK's {@code HttpClient} retries an idempotent request (GET) once, on a new
 * connection, when a reused connection closes without an answer; drop two calls to make a GET fail
 * for such a client.
 *
 * <p>Operation ids are the spec's operationIds ({@code "setupOrganization"}, {@code
 * "findLicenseeByNaturalId"}…); an unknown id is rejected, so that a typo cannot silently disable a
 * test.
 */
public final class FaultInjector {

  /** What to do with one request. */
  enum Action {
    NONE,
    DROP,
    THROTTLE,
    ERROR,
    LOSE_RESPONSE
  }

  /**
   * The decision for one request.
   *
   * @param latency the delay before answering
   * @param action what to do
   * @param status the status for {@link Action#ERROR}
   * @param retryAfter the Retry-After value for {@link Action#THROTTLE}
   */
  record Decision(Duration latency, Action action, int status, @Nullable String retryAfter) {}

  private static final class Countdown {
    final String operationId;
    int remaining;
    final int status;

    Countdown(String operationId, int remaining, int status) {
      this.operationId = operationId;
      this.remaining = remaining;
      this.status = status;
    }
  }

  private Duration latencyMin = Duration.ZERO;
  private Duration latencyMax = Duration.ZERO;
  private double errorRate;
  private int errorStatus = 503;
  private @Nullable Random errorRandom;
  private int throttleRemaining;
  private String retryAfter = "1";
  private final Map<String, Integer> drops = new HashMap<>();
  private final List<Countdown> failures = new ArrayList<>();
  private final List<Countdown> losses = new ArrayList<>();
  private @Nullable RandomFaults profile;
  private @Nullable Random profileRandom;
  private final Map<String, Integer> profileCounts = new TreeMap<>();

  FaultInjector() {}

  /**
   * Delays every answer by a fixed time.
   *
   * @param fixed the delay; zero for none
   * @return this injector
   */
  public FaultInjector latency(Duration fixed) {
    return latency(fixed, fixed);
  }

  /**
   * Delays every answer by a random time between {@code min} and {@code max}.
   *
   * @param min the shortest delay
   * @param max the longest delay, at least {@code min}
   * @return this injector
   */
  public synchronized FaultInjector latency(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency needs 0 <= min <= max");
    }
    latencyMin = min;
    latencyMax = max;
    return this;
  }

  /**
   * Answers a random share of requests with a server error, drawing from a generator seeded with
   * {@code seed}, so that the same sequence of requests meets the same errors.
   *
   * @param rate the share of requests to fail, 0 to 1
   * @param status the status, 500 to 599 (usually 500 or 503)
   * @param seed the random seed
   * @return this injector
   */
  public synchronized FaultInjector errorRate(double rate, int status, long seed) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
    }
    requireStatus(status, 500);
    errorRate = rate;
    errorStatus = status;
    errorRandom = new Random(seed);
    return this;
  }

  /**
   * Answers the next {@code count} requests (of any operation) with 429 Too Many Requests and a
   * {@code Retry-After} header.
   *
   * @param count how many requests to throttle
   * @param retryAfter the Retry-After value: seconds ({@code "1"}) or an HTTP date
   * @return this injector
   */
  public synchronized FaultInjector throttleNext(int count, String retryAfter) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    if (retryAfter == null || retryAfter.isBlank()) {
      throw new IllegalArgumentException("retryAfter must not be blank");
    }
    throttleRemaining = count;
    this.retryAfter = retryAfter;
    return this;
  }

  /**
   * Closes the connection without answering the next {@code count} calls of an operation; the
   * operation is not applied.
   *
   * @param operationId the spec's operationId
   * @param count how many calls to drop
   * @return this injector
   */
  public synchronized FaultInjector dropConnectionOnNext(String operationId, int count) {
    requireOperation(operationId);
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    drops.put(operationId, count);
    return this;
  }

  /**
   * Answers the n-th call of an operation, counted from now, with an error status, without applying
   * it.
   *
   * @param operationId the spec's operationId
   * @param n which call, 1 for the next
   * @param status the status, 400 to 599
   * @return this injector
   */
  public synchronized FaultInjector failNth(String operationId, int n, int status) {
    requireOperation(operationId);
    requirePositive(n);
    requireStatus(status, 400);
    failures.add(new Countdown(operationId, n, status));
    return this;
  }

  /**
   * Applies the n-th call of an operation, counted from now, and then closes the connection without
   * answering: the client cannot tell whether its write happened.
   *
   * @param operationId the spec's operationId
   * @param n which call, 1 for the next
   * @return this injector
   */
  public synchronized FaultInjector loseResponseOfNth(String operationId, int n) {
    requireOperation(operationId);
    requirePositive(n);
    losses.add(new Countdown(operationId, n, 0));
    return this;
  }

  /**
   * Applies a seeded random fault profile to every following call in its scope, together with the
   * other faults (which take precedence: see the order above), replacing any earlier profile and
   * resetting its counts.
   *
   * @param faults the profile
   * @return this injector
   */
  public synchronized FaultInjector randomFaults(RandomFaults faults) {
    profile = Objects.requireNonNull(faults, "faults");
    profileRandom = new Random(faults.seed());
    profileCounts.clear();
    return this;
  }

  /**
   * How many faults the random profile injected since it was set (not counting calls that another
   * fault took first), by kind: the status ({@code "500"}, {@code "429"}…), {@code "reset"} and
   * {@code "lostAnswer"}.
   *
   * @return kind to count; kinds that never fired are absent
   */
  public synchronized Map<String, Integer> randomFaultCounts() {
    return Map.copyOf(profileCounts);
  }

  /** Removes every fault, the random profile included. */
  public synchronized void clear() {
    latencyMin = Duration.ZERO;
    latencyMax = Duration.ZERO;
    errorRate = 0;
    errorStatus = 503;
    errorRandom = null;
    throttleRemaining = 0;
    retryAfter = "1";
    drops.clear();
    failures.clear();
    losses.clear();
    profile = null;
    profileRandom = null;
    profileCounts.clear();
  }

  /** Takes the decision for one call of an operation ({@code null} for an unknown path). */
  synchronized Decision decide(@Nullable String operationId) {
    Duration latency = latencyMin;
    if (latencyMax.compareTo(latencyMin) > 0) {
      long span = latencyMax.minus(latencyMin).toNanos();
      latency = latencyMin.plusNanos(ThreadLocalRandom.current().nextLong(span + 1));
    }
    // every call in the profile's scope draws, whatever else happens to it, so that the faults
    // a seed gives depend only on the sequence of calls in scope
    Decision random = drawRandom(operationId, latency);
    latency = random.latency();
    // countdowns tick for every call of their operation, whatever else happens to it
    Countdown failed = tick(failures, operationId);
    Countdown lost = tick(losses, operationId);
    Integer drop = operationId == null ? null : drops.get(operationId);
    if (drop != null && drop > 0) {
      drops.put(operationId, drop - 1);
      return new Decision(latency, Action.DROP, 0, null);
    }
    if (throttleRemaining > 0) {
      throttleRemaining--;
      return new Decision(latency, Action.THROTTLE, 429, retryAfter);
    }
    if (failed != null) {
      return new Decision(latency, Action.ERROR, failed.status, null);
    }
    if (errorRandom != null && errorRate > 0 && errorRandom.nextDouble() < errorRate) {
      return new Decision(latency, Action.ERROR, errorStatus, null);
    }
    if (random.action() != Action.NONE) {
      count(random);
      return random;
    }
    if (lost != null) {
      return new Decision(latency, Action.LOSE_RESPONSE, 0, null);
    }
    return new Decision(latency, Action.NONE, 0, null);
  }

  private void count(Decision d) {
    String kind =
        switch (d.action()) {
          case DROP -> "reset";
          case LOSE_RESPONSE -> "lostAnswer";
          default -> String.valueOf(d.status());
        };
    profileCounts.merge(kind, 1, Integer::sum);
  }

  /**
   * The profile's decision for a call that no earlier fault took: always two draws for a call in
   * scope (fault, latency), none for a call out of scope.
   */
  private Decision drawRandom(@Nullable String operationId, Duration latency) {
    RandomFaults p = profile;
    Random r = profileRandom;
    if (p == null || r == null || !inScope(p.scope(), operationId)) {
      return new Decision(latency, Action.NONE, 0, null);
    }
    double u = r.nextDouble();
    long span = p.latencyMax().minus(p.latencyMin()).toNanos();
    double v = r.nextDouble();
    Duration total = latency.plus(p.latencyMin()).plusNanos((long) (v * span));
    double edge = 0;
    for (Map.Entry<Integer, Double> e : p.statusRates().entrySet()) {
      edge += e.getValue();
      if (u < edge) {
        int status = e.getKey();
        return status == 429
            ? new Decision(total, Action.THROTTLE, 429, p.retryAfter())
            : new Decision(total, Action.ERROR, status, null);
      }
    }
    edge += p.resetRate();
    if (u < edge) {
      return new Decision(total, Action.DROP, 0, null);
    }
    edge += p.lostAnswerRate();
    if (u < edge) {
      return new Decision(total, Action.LOSE_RESPONSE, 0, null);
    }
    return new Decision(total, Action.NONE, 0, null);
  }

  private static boolean inScope(RandomFaults.Scope scope, @Nullable String operationId) {
    if (scope == RandomFaults.Scope.ALL) {
      return true;
    }
    boolean read = operationId == null || SandboxRoutes.READS.contains(operationId);
    return scope == RandomFaults.Scope.READS ? read : !read;
  }

  private static @Nullable Countdown tick(List<Countdown> list, @Nullable String operationId) {
    Countdown fired = null;
    for (Iterator<Countdown> it = list.iterator(); it.hasNext(); ) {
      Countdown c = it.next();
      if (c.operationId.equals(operationId) && --c.remaining == 0) {
        it.remove();
        if (fired == null) {
          fired = c;
        }
      }
    }
    return fired;
  }

  private static void requireOperation(String operationId) {
    Objects.requireNonNull(operationId, "operationId");
    if (!SandboxRoutes.OPERATION_IDS.contains(operationId)) {
      throw new IllegalArgumentException(
          "Unknown operationId '" + operationId + "'; known: " + SandboxRoutes.OPERATION_IDS);
    }
  }

  private static void requirePositive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n is 1-based and must be at least 1, was " + n);
    }
  }

  private static void requireStatus(int status, int min) {
    if (status < min || status > 599) {
      throw new IllegalArgumentException(
          "status must be between " + min + " and 599, was " + status);
    }
  }
}
