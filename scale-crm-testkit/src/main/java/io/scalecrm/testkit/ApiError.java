package io.scalecrm.testkit;

/** An error answer of the sandbox: a status and a description for the standard error body. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiError(int status, String description) {
    super(description, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static ApiError badRequest(String description) {
    return new ApiError(400, description);
  }

  static ApiError unauthorized(String description) {
    return new ApiError(401, description);
  }

  static ApiError notFound(String description) {
    return new ApiError(404, description);
  }

  static ApiError conflict(String description) {
    return new ApiError(409, description);
  }

  /** The reason phrase used as the {@code error} field. */
  static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 409:
        return "Conflict";
      case 413:
        return "Payload Too Large";
      case 429:
        return "Too Many Requests";
      case 500:
        return "Internal Server Error";
      case 501:
        return "Not Implemented";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return status >= 500 ? "Server Error" : "Client Error";
    }
  }
}
