package io.scalecrm.crm;

import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP client of a process that dies at its n-th write: that write is either sent and applied
 * with its answer lost, or never sent; from then on nothing reaches Scale (connection refused), as
 * for a process whose host went away. Together with a checkpoint store that stops saving at the
 * same moment, a run in this JVM leaves exactly what a killed process would leave.
 */
final class KillableHttpClient extends HttpClient {
  private final HttpClient real =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int dieAtWrite;
  private final boolean applied;
  private final AtomicInteger writes = new AtomicInteger();
  final AtomicBoolean dead = new AtomicBoolean();

  KillableHttpClient(int dieAtWrite, boolean applied) {
    this.dieAtWrite = dieAtWrite;
    this.applied = applied;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    if (dead.get()) {
      throw new ConnectException("the process is dead");
    }
    if (!"GET".equals(request.method()) && writes.incrementAndGet() == dieAtWrite) {
      dead.set(true);
      if (applied) {
        real.send(request, HttpResponse.BodyHandlers.discarding());
        throw new IOException("the process died before the answer arrived");
      }
      throw new ConnectException("the process died before the request was sent");
    }
    return real.send(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    throw new UnsupportedOperationException("the SDK sends synchronously");
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    throw new UnsupportedOperationException("the SDK sends synchronously");
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return real.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return real.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return real.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return real.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return real.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return real.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return real.authenticator();
  }

  @Override
  public Version version() {
    return real.version();
  }

  @Override
  public Optional<Executor> executor() {
    return real.executor();
  }
}
