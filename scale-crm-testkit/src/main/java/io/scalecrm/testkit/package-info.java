/**
 * Test kit for Scale CRM Sync: {@link io.scalecrm.testkit.ScaleSandbox}, a stateful in-memory fake
 * of the Scale License Management API over real HTTP (with {@link
 * io.scalecrm.testkit.ScaleSandboxExtension} for JUnit 5, fault injection, a call journal and state
 * snapshots), and {@link io.scalecrm.testkit.CrmAdapterContract}, the conformance tests every CRM
 * adapter must pass.
 *
 * <p>Nothing in this package is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.scalecrm.testkit;

import org.jspecify.annotations.NullMarked;
