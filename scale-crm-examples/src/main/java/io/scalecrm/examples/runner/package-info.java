/**
 * What the sample apps share so that they behave alike: the file CLI ({@code scale-crm-sync}), the
 * HubSpot app and the Salesforce app read their Scale settings the same way (options or {@code
 * SCALE_*} variables, every missing one reported at once), take the same run options ({@code
 * --dry-run}, {@code --report}, {@code --checkpoint}, {@code --max-removals}, {@code --every}),
 * print the same summary and JSON report, stop gracefully on SIGTERM or Ctrl-C, and exit with the
 * same codes ({@link io.scalecrm.examples.runner.ExitCodes}).
 *
 * <p>Nothing in this package is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.scalecrm.examples.runner;

import org.jspecify.annotations.NullMarked;
