package io.scalecrm.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.scalecrm.crm.FailureKind;
import io.scalecrm.crm.RecordResult;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.connect.sink.SinkRecord;
import org.jspecify.annotations.Nullable;

/**
 * One round of a task: reads each event, groups the events by account, and applies each account's
 * events one after another in their partition's order while different accounts run concurrently on
 * the task's pool. Every event ends in one {@link Status}; the task turns those into offsets,
 * dead-letter reports, a redelivery or a stop.
 *
 * <p>An account's events stop at the first event that did not complete (Scale unavailable, a bug,
 * refused credentials): the events after it are {@link Status#NOT_ATTEMPTED}, so no event is ever
 * applied before an earlier event of the same account. Once any event of the round needs a
 * redelivery or a stop, no further event is started.
 */
final class EventRound {

  /** What happened to one event. */
  enum Status {
    /** Applied: Scale's writes are confirmed (or nothing needed writing). */
    DONE,
    /** The event's own data is at fault, or its account has no licensee: dead-letter it. */
    DEAD_LETTER,
    /** Scale was unavailable, throttling or erring: redeliver after a backoff. */
    RETRY,
    /** Refused credentials, an unexpected error or the removal guard: stop the task. */
    FATAL,
    /** Not started, because an earlier event (of its account or the round) did not complete. */
    NOT_ATTEMPTED
  }

  /**
   * The outcome of one event.
   *
   * @param status what happened
   * @param eventType for {@link Status#DEAD_LETTER}: the event's {@code type}, or {@code event}
   *     when it has none
   * @param eventCrmId for {@link Status#DEAD_LETTER}: the event's {@code crmId}, or {@code ?}
   * @param problems for {@link Status#DEAD_LETTER}: why, one entry per failure
   * @param message for {@link Status#RETRY} and {@link Status#FATAL}: what failed, for the log and
   *     the exception; never a secret or a field value
   */
  record Result(
      Status status,
      String eventType,
      String eventCrmId,
      List<EventProblem> problems,
      @Nullable String message) {
    Result {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(eventType, "eventType");
      Objects.requireNonNull(eventCrmId, "eventCrmId");
      problems = List.copyOf(problems);
    }

    static final Result DONE = of(Status.DONE, null);
    static final Result NOT_ATTEMPTED = of(Status.NOT_ATTEMPTED, null);

    static Result of(Status status, @Nullable String message) {
      return new Result(status, "", "", List.of(), message);
    }

    static Result deadLetter(String eventType, String eventCrmId, List<EventProblem> problems) {
      return new Result(Status.DEAD_LETTER, eventType, eventCrmId, problems, null);
    }

    /** Whether the event's offset may be committed. */
    boolean done() {
      return status == Status.DONE || status == Status.DEAD_LETTER;
    }
  }

  private final Function<CrmRecord, RecordResult> applier;
  private final ExecutorService pool;

  /**
   * @param applier applies one record, as {@code CrmSync.apply}; must be thread-safe
   * @param pool the task's threads
   */
  EventRound(Function<CrmRecord, RecordResult> applier, ExecutorService pool) {
    this.applier = Objects.requireNonNull(applier, "applier");
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  /**
   * Applies a round of events.
   *
   * @param records the events, in delivery order
   * @return one result per event, in the same order
   * @throws InterruptedException when the task is being stopped
   */
  List<Result> apply(List<SinkRecord> records) throws InterruptedException {
    Result[] results = new Result[records.size()];
    CrmRecord[] parsed = new CrmRecord[records.size()];
    Map<String, List<Integer>> byAccount = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      try {
        parsed[i] = read(records.get(i));
        byAccount.computeIfAbsent(ChangeEvents.accountOf(parsed[i]), k -> new ArrayList<>()).add(i);
      } catch (RejectedEventException e) {
        results[i] = Result.deadLetter(e.eventType(), e.eventCrmId(), e.problems());
      }
    }
    AtomicBoolean halt = new AtomicBoolean();
    List<Future<?>> running = new ArrayList<>();
    for (List<Integer> events : byAccount.values()) {
      running.add(
          pool.submit(
              () -> {
                boolean blocked = false;
                for (int i : events) {
                  if (blocked || halt.get()) {
                    results[i] = Result.NOT_ATTEMPTED;
                    continue;
                  }
                  results[i] = applyOne(parsed[i]);
                  if (!results[i].done()) {
                    blocked = true;
                    halt.set(true);
                  }
                }
              }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (ExecutionException e) {
      // applyOne catches everything; an Error (out of memory...) ends the task
      throw new IllegalStateException("A task thread failed", e.getCause());
    } finally {
      if (Thread.currentThread().isInterrupted()) {
        running.forEach(f -> f.cancel(true));
      }
    }
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] = Result.NOT_ATTEMPTED;
      }
    }
    return Arrays.asList(results);
  }

  /**
   * Reads one event into its record, checking that it is keyed by its account.
   *
   * @throws RejectedEventException naming what is wrong
   */
  static CrmRecord read(SinkRecord record) {
    JsonNode tree;
    try {
      tree = toTree(record.value());
    } catch (EventFormatException e) {
      throw RejectedEventException.of(
          "event",
          "?",
          new EventProblem("event", "?", e.field(), e.reason(), FailureKind.RECORD_DATA));
    }
    String type = Objects.requireNonNullElse(ChangeEvents.typeOf(tree), "event");
    String crmId = Objects.requireNonNullElse(ChangeEvents.crmIdOf(tree), "?");
    CrmRecord crm;
    try {
      crm = ChangeEvents.parse(tree);
    } catch (EventFormatException e) {
      throw RejectedEventException.of(
          type,
          crmId,
          new EventProblem(type, crmId, e.field(), e.reason(), FailureKind.RECORD_DATA));
    } catch (InvalidCrmRecordException e) {
      throw RejectedEventException.of(type, crmId, problem(e));
    }
    String account = ChangeEvents.accountOf(crm);
    String key = keyText(record.key());
    if (key == null || !key.strip().equals(account)) {
      throw RejectedEventException.of(
          type,
          crm.crmId(),
          new EventProblem(
              type,
              crm.crmId(),
              "key",
              (key == null ? "is missing" : "is not the CRM id of the event's account")
                  + ": key every event with its account's CRM id, so that one account's events"
                  + " share a partition and stay in order",
              FailureKind.RECORD_DATA));
    }
    return crm;
  }

  private static JsonNode toTree(@Nullable Object value) {
    if (value == null) {
      throw new EventFormatException(null, "is empty (a Kafka tombstone); send a removal event");
    }
    if (value instanceof String) {
      return ChangeEvents.readTree((String) value);
    }
    if (value instanceof byte[]) {
      return ChangeEvents.readTree((byte[]) value);
    }
    if (value instanceof Map) {
      return ChangeEvents.valueToTree(value);
    }
    throw new EventFormatException(
        null,
        "is a "
            + value.getClass().getSimpleName()
            + "; configure value.converter as StringConverter, ByteArrayConverter or"
            + " JsonConverter with schemas.enable=false");
  }

  private static @Nullable String keyText(@Nullable Object key) {
    if (key instanceof String) {
      return (String) key;
    }
    if (key instanceof byte[]) {
      return new String((byte[]) key, StandardCharsets.UTF_8);
    }
    return null;
  }

  /** Applies one record; never throws for a record. */
  private Result applyOne(CrmRecord record) {
    RecordResult result;
    try {
      result = applier.apply(record);
    } catch (RuntimeException e) {
      return Result.of(
          Status.FATAL,
          "unexpected "
              + e.getClass().getSimpleName()
              + " applying "
              + describe(record)
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    return classify(record, result);
  }

  /**
   * What to do with an event after {@code CrmSync.apply}: the most serious failure decides.
   * Authentication, bugs, the removal guard and any kind this version does not know stop the task
   * (nothing is skipped that a human must look at); environment failures are redelivered; the
   * record's own data and a missing account go to the dead-letter queue.
   */
  static Result classify(CrmRecord record, RecordResult result) {
    List<SyncFailure> failures = result.failures();
    if (failures.isEmpty()) {
      return Result.DONE;
    }
    SyncFailure fatal = null;
    SyncFailure retry = null;
    List<EventProblem> problems = new ArrayList<>();
    for (SyncFailure f : failures) {
      switch (f.kind()) {
        case RECORD_DATA:
        case DEPENDENCY:
          problems.add(problem(f));
          break;
        case ENVIRONMENT:
          if (retry == null) {
            retry = f;
          }
          break;
        default:
          if (fatal == null || f.kind() == FailureKind.AUTHENTICATION) {
            fatal = f;
          }
          break;
      }
    }
    if (fatal != null) {
      return Result.of(Status.FATAL, fatalMessage(record, fatal));
    }
    if (retry != null) {
      return Result.of(Status.RETRY, describe(record) + " is pending: " + problem(retry));
    }
    return Result.deadLetter(ChangeEvents.eventType(record.recordType()), record.crmId(), problems);
  }

  private static String fatalMessage(CrmRecord record, SyncFailure f) {
    switch (f.kind()) {
      case AUTHENTICATION:
        return "Scale refused the connector's credentials while applying "
            + describe(record)
            + " ("
            + f.reason()
            + "). Check scale.jwt.key.id, scale.jwt.issuer, scale.jwt.subject and"
            + " scale.private.key against the API key in the Scale console, then restart the"
            + " task; no offset was committed past this event.";
      case REMOVAL_GUARD:
        return "The removal guard held back "
            + describe(record)
            + " ("
            + f.reason()
            + "). The task stops rather than skip a removal; no offset was committed past this"
            + " event.";
      default:
        return "Unexpected failure applying "
            + describe(record)
            + " ("
            + problem(f)
            + "). The task stops rather than skip the event; no offset was committed past it."
            + " Restart the task to try again.";
    }
  }

  private static String describe(CrmRecord record) {
    return ChangeEvents.eventType(record.recordType())
        + (record instanceof io.scalecrm.crm.spi.CrmTombstone ? " removal" : "")
        + " '"
        + record.crmId()
        + "'";
  }

  static EventProblem problem(InvalidCrmRecordException e) {
    return new EventProblem(
        ChangeEvents.eventType(e.recordType()),
        e.crmId(),
        eventField(e.recordType(), e.field()),
        e.reason(),
        FailureKind.RECORD_DATA);
  }

  static EventProblem problem(SyncFailure f) {
    return new EventProblem(
        ChangeEvents.eventType(f.recordType()),
        f.crmId(),
        f.field() == null ? null : eventField(f.recordType(), f.field()),
        f.reason(),
        f.kind());
  }

  /** A canonical record component's name in the event format. */
  private static String eventField(CrmRecordType type, String field) {
    if (type == CrmRecordType.ACCOUNT && field.equals("type")) {
      return "customerType";
    }
    return field;
  }
}
