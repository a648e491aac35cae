package io.scalecrm.kafka.connect;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Why an event was sent to the dead-letter queue: its own data is at fault, or its account has no
 * licensee in Scale. The message lists every problem (record, field, reason) and never a value; it
 * is what Connect writes to the {@code __connect.errors.exception.message} header.
 */
final class RejectedEventException extends ConnectException {
  private static final long serialVersionUID = 1L;

  private final String eventType;
  private final String eventCrmId;
  private final transient List<EventProblem> problems;

  RejectedEventException(String eventType, String eventCrmId, List<EventProblem> problems) {
    super(message(eventType, eventCrmId, problems));
    this.eventType = eventType;
    this.eventCrmId = eventCrmId;
    this.problems = List.copyOf(problems);
  }

  private static String message(String type, String crmId, List<EventProblem> problems) {
    boolean aboutTheEvent =
        problems.stream().allMatch(p -> p.recordType().equals(type) && p.crmId().equals(crmId));
    return "CRM change event"
        + (aboutTheEvent ? "" : " (" + type + " '" + crmId + "')")
        + " not applied: "
        + problems.stream().map(EventProblem::toString).collect(Collectors.joining("; "));
  }

  static RejectedEventException of(String eventType, String eventCrmId, EventProblem problem) {
    return new RejectedEventException(eventType, eventCrmId, List.of(problem));
  }

  String eventType() {
    return eventType;
  }

  String eventCrmId() {
    return eventCrmId;
  }

  List<EventProblem> problems() {
    return problems;
  }
}
