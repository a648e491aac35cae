package io.scalecrm.crm.spi;

import org.jspecify.annotations.Nullable;

/**
 * What the sync asks an adapter for: one page of records changed after a cursor.
 *
 * @param since return only records after this cursor, or {@code null} for all records
 * @param pageToken the {@link CrmPage#nextPageToken()} of the previous page of the same read, or
 *     {@code null} for the first page
 * @param pageSize the largest number of records wanted (1 to 1000); adapters may return fewer
 */
public record CrmQuery(@Nullable ChangeCursor since, @Nullable String pageToken, int pageSize) {
  /**
   * Checks the page size.
   *
   * @param since return only records after this cursor, or {@code null} for all records
   * @param pageToken the {@link CrmPage#nextPageToken()} of the previous page of the same read, or
   *     {@code null} for the first page
   * @param pageSize the largest number of records wanted (1 to 1000); adapters may return fewer
   */
  public CrmQuery {
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be between 1 and 1000, was " + pageSize);
    }
  }

  /**
   * The first page of a read.
   *
   * @param since the cursor to read after, or {@code null} for everything
   * @param pageSize the page size
   * @return the query
   */
  public static CrmQuery first(@Nullable ChangeCursor since, int pageSize) {
    return new CrmQuery(since, null, pageSize);
  }

  /**
   * The query for the page after {@code page}.
   *
   * @param page the page just read, which must have a next page token
   * @return the query for the next page
   */
  public CrmQuery next(CrmPage<?> page) {
    if (page.nextPageToken() == null) {
      throw new IllegalStateException("The page is the last one");
    }
    return new CrmQuery(since, page.nextPageToken(), pageSize);
  }
}
