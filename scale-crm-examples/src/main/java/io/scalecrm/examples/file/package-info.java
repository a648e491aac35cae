/**
 * The file-based sync example: {@link io.scalecrm.examples.file.CsvExportAdapter} reads a CRM
 * export in CSV files ({@code accounts.csv}, {@code contacts.csv}, {@code orders.csv}), and {@link
 * io.scalecrm.examples.file.FileSyncCli}, the {@code scale-crm-sync} command, syncs it into Scale
 * (or into an in-process sandbox) and reports every record that did not sync with its file, row and
 * column. The README's "The scale-crm-sync command" section describes the commands and the file
 * formats.
 *
 * <p>Nothing in this package is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.scalecrm.examples.file;

import org.jspecify.annotations.NullMarked;
