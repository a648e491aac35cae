package io.scalecrm.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A seeded random fault profile for {@link FaultInjector#randomFaults(RandomFaults)}: each call in
 * scope meets at most one fault, drawn with the given probabilities, plus a random latency.
 *
 * <pre>{@code
 * sandbox.faults().randomFaults(RandomFaults.builder()
 *     .seed(42)
 *     .rate(500, 0.05).rate(503, 0.05).rate(429, 0.05)
 *     .resetRate(0.02)        // connection dropped, the call not applied
 *     .lostAnswerRate(0.02)   // the call applied, then the connection dropped
 *     .latency(Duration.ZERO, Duration.ofMillis(20))
 *     .writesOnly()
 *     .build());
 * }</pre>
 *
 * <p>The same seed and the same sequence of calls in scope give the same faults: every call in
 * scope draws the same amount from one generator, and calls out of scope draw nothing. Under
 * concurrent clients the order of arrival, and so which call meets which fault, can vary.
 *
 * <p>Kinds of fault:
 *
 * <ul>
 *   <li><b>status</b> ({@link Builder#rate(int, double)}): the call is answered with that status
 *       (429 or 5xx) and a Scale error body, and not applied; 429 carries {@code Retry-After} (
 *       {@link Builder#retryAfter(String)}, default {@code "0"}).
 *   <li><b>reset</b> ({@link Builder#resetRate(double)}): the connection is closed without an
 *       answer; the call is not applied.
 *   <li><b>lost answer</b> ({@link Builder#lostAnswerRate(double)}): the call is applied (a write
 *       happens), then the connection is closed without an answer.
 * </ul>
 *
 * <p>The rates together must not exceed 1. Immutable.
 */
public final class RandomFaults {

  /** Which calls the profile applies to. */
  public enum Scope {
    /** Every call. */
    ALL,
    /** Only writes: every method but GET. */
    WRITES,
    /** Only reads: GET. */
    READS
  }

  private final long seed;
  private final Map<Integer, Double> statusRates;
  private final double resetRate;
  private final double lostAnswerRate;
  private final Duration latencyMin;
  private final Duration latencyMax;
  private final Scope scope;
  private final String retryAfter;

  private RandomFaults(Builder b) {
    this.seed = b.seed;
    this.statusRates = Collections.unmodifiableMap(new TreeMap<>(b.statusRates));
    this.resetRate = b.resetRate;
    this.lostAnswerRate = b.lostAnswerRate;
    this.latencyMin = b.latencyMin;
    this.latencyMax = b.latencyMax;
    this.scope = b.scope;
    this.retryAfter = b.retryAfter;
  }

  /**
   * Starts a profile: no faults, no latency, every call in scope, seed 0.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The seed of the generator.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The probability of each status, by status.
   *
   * @return status to probability, ascending by status
   */
  public Map<Integer, Double> statusRates() {
    return statusRates;
  }

  /**
   * The probability that a call's connection is dropped before it is applied.
   *
   * @return the probability
   */
  public double resetRate() {
    return resetRate;
  }

  /**
   * The probability that a call is applied and its answer lost.
   *
   * @return the probability
   */
  public double lostAnswerRate() {
    return lostAnswerRate;
  }

  /**
   * The shortest random latency added to each call in scope.
   *
   * @return the minimum latency
   */
  public Duration latencyMin() {
    return latencyMin;
  }

  /**
   * The longest random latency added to each call in scope.
   *
   * @return the maximum latency
   */
  public Duration latencyMax() {
    return latencyMax;
  }

  /**
   * Which calls the profile applies to.
   *
   * @return the scope
   */
  public Scope scope() {
    return scope;
  }

  /**
   * The {@code Retry-After} value of injected 429 answers.
   *
   * @return seconds, or an HTTP date
   */
  public String retryAfter() {
    return retryAfter;
  }

  @Override
  public String toString() {
    return "RandomFaults[seed="
        + seed
        + ", statusRates="
        + statusRates
        + ", resetRate="
        + resetRate
        + ", lostAnswerRate="
        + lostAnswerRate
        + ", latency="
        + latencyMin.toMillis()
        + ".."
        + latencyMax.toMillis()
        + " ms, scope="
        + scope
        + "]";
  }

  /** Builds a {@link RandomFaults} profile. Not thread-safe. */
  public static final class Builder {
    private long seed;
    private final Map<Integer, Double> statusRates = new TreeMap<>();
    private double resetRate;
    private double lostAnswerRate;
    private Duration latencyMin = Duration.ZERO;
    private Duration latencyMax = Duration.ZERO;
    private Scope scope = Scope.ALL;
    private String retryAfter = "0";

    private Builder() {}

    /**
     * Sets the seed of the generator. Default 0.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Answers a share of the calls with a status, without applying them. Setting a status again
     * replaces its rate.
     *
     * @param status 429, or 500 to 599
     * @param probability 0 to 1
     * @return this builder
     */
    public Builder rate(int status, double probability) {
      if (status != 429 && (status < 500 || status > 599)) {
        throw new IllegalArgumentException("status must be 429 or 500 to 599, was " + status);
      }
      statusRates.put(status, probability(probability));
      return this;
    }

    /**
     * Drops the connection of a share of the calls without applying them.
     *
     * @param probability 0 to 1
     * @return this builder
     */
    public Builder resetRate(double probability) {
      this.resetRate = probability(probability);
      return this;
    }

    /**
     * Applies a share of the calls and then drops their connection: the client cannot tell whether
     * its write happened.
     *
     * @param probability 0 to 1
     * @return this builder
     */
    public Builder lostAnswerRate(double probability) {
      this.lostAnswerRate = probability(probability);
      return this;
    }

    /**
     * Adds a random latency, uniformly between {@code min} and {@code max}, to every call in scope
     * (on top of {@link FaultInjector#latency(Duration, Duration)}).
     *
     * @param min the shortest latency
     * @param max the longest latency, at least {@code min}
     * @return this builder
     */
    public Builder latency(Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("latency needs 0 <= min <= max");
      }
      this.latencyMin = min;
      this.latencyMax = max;
      return this;
    }

    /**
     * Applies the profile to writes only (every method but GET).
     *
     * @return this builder
     */
    public Builder writesOnly() {
      return scope(Scope.WRITES);
    }

    /**
     * Applies the profile to reads only (GET).
     *
     * @return this builder
     */
    public Builder readsOnly() {
      return scope(Scope.READS);
    }

    /**
     * Sets which calls the profile applies to. Default {@link Scope#ALL}.
     *
     * @param scope the scope
     * @return this builder
     */
    public Builder scope(Scope scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Sets the {@code Retry-After} of injected 429 answers. Default {@code "0"}: retry at once,
     * which keeps long fault runs fast.
     *
     * @param retryAfter seconds ({@code "1"}) or an HTTP date
     * @return this builder
     */
    public Builder retryAfter(String retryAfter) {
      if (retryAfter == null || retryAfter.isBlank()) {
        throw new IllegalArgumentException("retryAfter must not be blank");
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Checks that the rates add up to at most 1 and creates the profile.
     *
     * @return the profile
     */
    public RandomFaults build() {
      double total = resetRate + lostAnswerRate;
      for (double r : statusRates.values()) {
        total += r;
      }
      if (total > 1 + 1e-9) {
        throw new IllegalArgumentException("the fault rates add up to " + total + ", more than 1");
      }
      return new RandomFaults(this);
    }

    private static double probability(double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("a probability must be between 0 and 1, was " + p);
      }
      return p;
    }
  }
}
