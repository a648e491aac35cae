package io.scalecrm.crm;

import java.util.Objects;
import java.util.Set;

/**
 * What an idempotent upsert did: {@link Created created} the Scale entity, {@link Updated updated}
 * it because a mapped field differed, or left it {@link Unchanged unchanged}.
 *
 * <p>Every case carries the entity as it now is in Scale and its id, so callers on Java 17 can use
 * the shared accessors without a pattern switch:
 *
 * <pre>{@code
 * UpsertResult<ScaleLicensee> r = crmSync.upsertLicensee(account);
 * String licenseeId = r.scaleId();
 * if (r.changed()) log.info("licensee {} {}", licenseeId, r.outcome());
 * }</pre>
 *
 * @param <T> the entity type ({@link ScaleLicensee} or {@link ScaleConsumer})
 */
public sealed interface UpsertResult<T> {

  /**
   * The entity as it is in Scale after the upsert.
   *
   * @return the entity
   */
  T value();

  /**
   * The Scale id of the entity.
   *
   * @return the id
   */
  String scaleId();

  /**
   * Whether Scale was written.
   *
   * @return {@code true} for created and updated
   */
  default boolean changed() {
    return !(this instanceof Unchanged);
  }

  /**
   * The outcome: {@link Outcome#CREATED}, {@link Outcome#UPDATED} or {@link Outcome#UNCHANGED}.
   *
   * @return the outcome
   */
  Outcome outcome();

  /**
   * The entity did not exist (under its CRM-derived key) and was created.
   *
   * @param value the created entity
   * @param scaleId its Scale id
   * @param <T> the entity type
   */
  record Created<T>(T value, String scaleId) implements UpsertResult<T> {
    /**
     * Checks for nulls.
     *
     * @param value the created entity
     * @param scaleId its Scale id
     */
    public Created {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(scaleId, "scaleId");
    }

    @Override
    public Outcome outcome() {
      return Outcome.CREATED;
    }
  }

  /**
   * The entity existed and mapped fields differed, so it was updated.
   *
   * @param value the updated entity
   * @param scaleId its Scale id
   * @param changedFields the names of the fields that differed
   * @param <T> the entity type
   */
  record Updated<T>(T value, String scaleId, Set<String> changedFields) implements UpsertResult<T> {
    /**
     * Checks for nulls and copies the set.
     *
     * @param value the updated entity
     * @param scaleId its Scale id
     * @param changedFields the names of the fields that differed
     */
    public Updated {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(scaleId, "scaleId");
      changedFields = Set.copyOf(changedFields);
    }

    @Override
    public Outcome outcome() {
      return Outcome.UPDATED;
    }
  }

  /**
   * The entity existed with every mapped field equal; nothing was written.
   *
   * @param value the entity
   * @param scaleId its Scale id
   * @param <T> the entity type
   */
  record Unchanged<T>(T value, String scaleId) implements UpsertResult<T> {
    /**
     * Checks for nulls.
     *
     * @param value the entity
     * @param scaleId its Scale id
     */
    public Unchanged {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(scaleId, "scaleId");
    }

    @Override
    public Outcome outcome() {
      return Outcome.UNCHANGED;
    }
  }
}
