package io.scalecrm.kafka.connect;

import java.util.List;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The headers the connector adds to an event it sends to the dead-letter queue, besides the event's
 * own headers (and Connect's {@code __connect.errors.*} headers when {@code
 * errors.deadletterqueue.context.headers.enable=true}).
 *
 * <table>
 *   <caption>Dead-letter headers</caption>
 *   <tr><th>Header</th><th>Value</th></tr>
 *   <tr><td>{@value #EVENT_TYPE}</td><td>the event's {@code type}: {@code account}, {@code
 *       contact}, {@code order}, or {@code event} when it has no valid type</td></tr>
 *   <tr><td>{@value #EVENT_CRM_ID}</td><td>the event's {@code crmId}, or {@code ?}</td></tr>
 *   <tr><td>{@value #ERROR_COUNT}</td><td>how many problems follow</td></tr>
 *   <tr><td>{@value #ERROR_KIND}</td><td>{@code RECORD_DATA} (fix the record in the CRM) or
 *       {@code DEPENDENCY} (its account has no licensee in Scale: fix the account, then send the
 *       event again)</td></tr>
 *   <tr><td>{@value #ERROR_RECORD_TYPE}</td><td>the record at fault: the event's, or {@code order
 *       line} for one line of an order</td></tr>
 *   <tr><td>{@value #ERROR_CRM_ID}</td><td>that record's CRM id (a line's id for a line)</td></tr>
 *   <tr><td>{@value #ERROR_FIELD}</td><td>the field at fault, as named in the event (null when the
 *       problem is not about one field)</td></tr>
 *   <tr><td>{@value #ERROR_REASON}</td><td>what is wrong; never the field's value</td></tr>
 * </table>
 *
 * <p>The five {@code scale.error.*} headers other than the count occur once per problem, in the
 * same order, so the n-th of each belong together.
 */
final class DeadLetterHeaders {
  static final String EVENT_TYPE = "scale.event.type";
  static final String EVENT_CRM_ID = "scale.event.crm.id";
  static final String ERROR_COUNT = "scale.error.count";
  static final String ERROR_KIND = "scale.error.kind";
  static final String ERROR_RECORD_TYPE = "scale.error.record.type";
  static final String ERROR_CRM_ID = "scale.error.crm.id";
  static final String ERROR_FIELD = "scale.error.field";
  static final String ERROR_REASON = "scale.error.reason";

  static final List<String> NAMES =
      List.of(
          EVENT_TYPE,
          EVENT_CRM_ID,
          ERROR_COUNT,
          ERROR_KIND,
          ERROR_RECORD_TYPE,
          ERROR_CRM_ID,
          ERROR_FIELD,
          ERROR_REASON);

  private DeadLetterHeaders() {}

  /**
   * A copy of the event to report, with the event's own headers (earlier {@code scale.*} ones
   * replaced) and the problems as headers. A new record, not {@code record.newRecord(...)}: for a
   * record it delivered itself, Connect writes the original consumer record to the queue, without
   * any header added since.
   */
  static SinkRecord withHeaders(SinkRecord record, EventRound.Result result) {
    ConnectHeaders headers = new ConnectHeaders(record.headers());
    NAMES.forEach(headers::remove);
    headers.addString(EVENT_TYPE, result.eventType());
    headers.addString(EVENT_CRM_ID, result.eventCrmId());
    headers.addInt(ERROR_COUNT, result.problems().size());
    for (EventProblem p : result.problems()) {
      headers.addString(ERROR_KIND, p.kind().name());
      headers.addString(ERROR_RECORD_TYPE, p.recordType());
      headers.addString(ERROR_CRM_ID, p.crmId());
      headers.addString(ERROR_FIELD, p.field());
      headers.addString(ERROR_REASON, p.reason());
    }
    return new SinkRecord(
        record.originalTopic(),
        record.originalKafkaPartition(),
        record.keySchema(),
        record.key(),
        record.valueSchema(),
        record.value(),
        record.originalKafkaOffset(),
        record.timestamp(),
        record.timestampType(),
        headers);
  }
}
