package io.scalecrm.crm.spi;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A closed CRM order (or won deal) with its lines, validated when constructed.
 *
 * <p>Lines that could not be read are carried in {@code invalidLines} rather than failing the whole
 * order, so that one bad line does not stop the others: the sync issues the valid lines and reports
 * each invalid one.
 *
 * @param crmId the order's CRM id (required)
 * @param accountCrmId the CRM id of the buying account (required)
 * @param lines the valid lines; line ids are unique within the order
 * @param invalidLines the lines the adapter could not turn into {@link CrmOrderLine}s
 * @param modifiedAt when the CRM last modified the order or any of its lines
 */
public record CrmOrder(
    String crmId,
    String accountCrmId,
    List<CrmOrderLine> lines,
    List<InvalidCrmRecordException> invalidLines,
    Instant modifiedAt)
    implements CrmRecord {

  private static final CrmRecordType T = CrmRecordType.ORDER;

  /**
   * Validates the order and copies the lists.
   *
   * @param crmId the order's CRM id (required)
   * @param accountCrmId the CRM id of the buying account (required)
   * @param lines the valid lines; line ids are unique within the order
   * @param invalidLines the lines the adapter could not turn into {@link CrmOrderLine}s
   * @param modifiedAt when the CRM last modified the order or any of its lines
   * @throws InvalidCrmRecordException naming the field when a value is missing or invalid
   */
  public CrmOrder {
    crmId = CrmFields.required(T, crmId, "crmId", crmId, CrmFields.MAX_ID);
    accountCrmId = CrmFields.required(T, crmId, "accountCrmId", accountCrmId, CrmFields.MAX_ID);
    lines = List.copyOf(Objects.requireNonNullElse(lines, List.of()));
    invalidLines = List.copyOf(Objects.requireNonNullElse(invalidLines, List.of()));
    Set<String> seen = new HashSet<>();
    for (CrmOrderLine line : lines) {
      if (!seen.add(line.lineId())) {
        throw CrmFields.invalid(T, crmId, "lines", "has the line id '" + line.lineId() + "' twice");
      }
    }
    modifiedAt = Objects.requireNonNullElse(modifiedAt, Instant.EPOCH);
  }

  /**
   * An order whose lines are all valid.
   *
   * @param crmId the order's CRM id
   * @param accountCrmId the account's CRM id
   * @param lines the lines
   * @return the order
   */
  public static CrmOrder of(String crmId, String accountCrmId, List<CrmOrderLine> lines) {
    return new CrmOrder(crmId, accountCrmId, lines, List.of(), Instant.EPOCH);
  }

  /**
   * A copy with other lines.
   *
   * @param newLines the lines
   * @return the copy
   */
  public CrmOrder withLines(List<CrmOrderLine> newLines) {
    return new CrmOrder(crmId, accountCrmId, newLines, invalidLines, modifiedAt);
  }

  @Override
  public CrmRecordType recordType() {
    return T;
  }
}
