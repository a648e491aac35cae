package io.scalecrm.examples.runner;

/**
 * A usage or configuration problem, reported as one line without a stack trace and exit code {@link
 * ExitCodes#USAGE}. The message names options, variables and columns, never secrets.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it, in the user's terms
   */
  public UsageException(String message) {
    super(message, null, false, false);
  }
}
