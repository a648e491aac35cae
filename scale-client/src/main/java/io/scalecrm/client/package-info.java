/**
 * The hand-written connection layer over the generated Scale client: {@link
 * io.scalecrm.client.ScaleConnection} (Scale JWT authentication, one shared HTTP client, retries),
 * {@link io.scalecrm.client.ScaleJwtCredentials}, {@link io.scalecrm.client.RetryPolicy} and the
 * exception hierarchy rooted at {@link io.scalecrm.client.ScaleException}.
 *
 * <p>The generated code lives in the sub-packages {@code api}, {@code model} and {@code invoker};
 * use it only through {@link io.scalecrm.client.ScaleConnection#call}.
 */
package io.scalecrm.client;
