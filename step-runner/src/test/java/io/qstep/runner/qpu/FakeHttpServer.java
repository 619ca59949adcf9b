package io.qstep.runner.qpu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server for provider fakes: subclasses answer requests in {@link #handle}; tests
 * queue faults per route ({@code "POST /v1/jobs"}) that fire before the handler (an HTTP status
 * with an optional Retry-After, a dropped connection, a hang past the client's timeout) or after it
 * (the handler's effect happens, then the connection drops: a lost response).
 */
public abstract class FakeHttpServer implements AutoCloseable {
  /** One injected fault. */
  public record Fault(Kind kind, int status, String retryAfter) {
    public enum Kind {
      STATUS,
      DROP,
      HANG,
      LOSE_RESPONSE
    }

    public static Fault status(int code) {
      return new Fault(Kind.STATUS, code, null);
    }

    public static Fault tooManyRequests(int retryAfterSeconds) {
      return new Fault(Kind.STATUS, 429, Integer.toString(retryAfterSeconds));
    }

    public static Fault drop() {
      return new Fault(Kind.DROP, 0, null);
    }

    public static Fault hang() {
      return new Fault(Kind.HANG, 0, null);
    }

    public static Fault loseResponse() {
      return new Fault(Kind.LOSE_RESPONSE, 0, null);
    }
  }

  /** A response. */
  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply json(int status, String body) {
      return new Reply(status, body, Map.of("Content-Type", "application/json"));
    }
  }

  /** A request as the fake saw it. */
  public record Seen(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final Map<String, ConcurrentLinkedDeque<Fault>> faults = new ConcurrentHashMap<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);

  protected FakeHttpServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::dispatch);
    server.setExecutor(pool);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues a fault for the next request whose route key is {@code route}. */
  public void fault(String route, Fault f) {
    faults.computeIfAbsent(route, k -> new ConcurrentLinkedDeque<>()).add(f);
  }

  /** Every request so far. */
  public List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** The route key of a request, e.g. {@code "GET /v1/jobs/{id}"}; faults are queued by it. */
  protected abstract String route(String method, String path);

  /** Answers one request. */
  protected abstract Reply handle(Seen req) throws IOException;

  private void dispatch(HttpExchange ex) throws IOException {
    try (ex) {
      String body;
      try (InputStream in = ex.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      URI u = ex.getRequestURI();
      Seen req =
          new Seen(
              ex.getRequestMethod(),
              u.getRawPath(),
              u.getRawQuery() == null ? "" : u.getRawQuery(),
              Map.copyOf(ex.getRequestHeaders()),
              body);
      seen.add(req);
      String route = route(req.method(), req.path());
      ConcurrentLinkedDeque<Fault> q = faults.get(route);
      Fault f = q == null ? null : q.poll();
      if (f != null) {
        switch (f.kind()) {
          case STATUS -> {
            if (f.retryAfter() != null) {
              ex.getResponseHeaders().add("Retry-After", f.retryAfter());
            }
            send(
                ex,
                Reply.json(
                    f.status(), "{\"errors\":[{\"message\":\"injected " + f.status() + "\"}]}"));
            return;
          }
          case DROP -> {
            return; // closes the exchange without a response
          }
          case HANG -> {
            await();
            return;
          }
          case LOSE_RESPONSE -> {
            handle(req);
            return;
          }
        }
      }
      send(ex, handle(req));
    } catch (RuntimeException e) {
      // a fake that throws answers 500, as a real server would
      try {
        send(ex, Reply.json(500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}"));
      } catch (IOException ignored) {
        // connection already gone
      }
    }
  }

  private void await() {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange ex, Reply r) throws IOException {
    byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
    r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
