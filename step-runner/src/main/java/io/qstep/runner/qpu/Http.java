package io.qstep.runner.qpu;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON over HTTPS for the REST providers, on the JDK's client: per-request timeout, status codes
 * classified into {@link ProviderException} kinds, Retry-After parsed, and every secret redacted
 * from what goes into a message. Thread-safe.
 */
public final class Http implements AutoCloseable {
  /** Longest slice of a provider's error body quoted in a message. */
  static final int MAX_BODY_CHARS = 300;

  private final HttpClient client;
  private final Duration requestTimeout;
  private final List<Supplier<String>> secrets;
  private final String name;

  /**
   * @param name provider name, for messages
   * @param requestTimeout per-request timeout
   * @param secrets values that must never appear in a message (API keys, tokens)
   */
  public Http(
      String name,
      Duration connectTimeout,
      Duration requestTimeout,
      List<Supplier<String>> secrets) {
    this.name = name;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.requestTimeout = requestTimeout;
    this.secrets = List.copyOf(secrets);
  }

  /** A response: status, body, headers. */
  public record Response(int status, String body, Map<String, List<String>> headers) {
    public JsonElement json() {
      return JsonParser.parseString(body.isEmpty() ? "null" : body);
    }
  }

  /** GET {@code uri}. */
  public Response get(URI uri, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(uri).GET(), headers, "GET " + uri.getPath());
  }

  /** POST a JSON or form body. */
  public Response post(URI uri, Map<String, String> headers, String body) {
    return send(
        HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
        headers,
        "POST " + uri.getPath());
  }

  /** DELETE {@code uri}. */
  public Response delete(URI uri, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(uri).DELETE(), headers, "DELETE " + uri.getPath());
  }

  private Response send(HttpRequest.Builder b, Map<String, String> headers, String what) {
    b.timeout(requestTimeout);
    headers.forEach(b::header);
    HttpResponse<String> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw ProviderException.transientFailure(name + ": " + what + " timed out");
    } catch (IOException e) {
      throw ProviderException.transientFailure(
          name + ": " + what + " failed: " + redact(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderException.transientFailure(name + ": " + what + " interrupted");
    }
    int s = r.statusCode();
    if (s >= 200 && s < 300) {
      return new Response(s, r.body(), r.headers().map());
    }
    String msg = name + ": " + what + " returned HTTP " + s + ": " + redact(clip(r.body()));
    long retryAfter = retryAfterMs(r.headers().firstValue("Retry-After").orElse(null));
    ProviderException.Kind kind;
    if (s == 401 || s == 403) {
      kind = ProviderException.Kind.AUTH;
    } else if (s == 404) {
      kind = ProviderException.Kind.NOT_FOUND;
    } else if (s == 408 || s == 429 || s >= 500) {
      kind = ProviderException.Kind.TRANSIENT;
    } else {
      kind = ProviderException.Kind.REJECTED;
    }
    throw new ProviderException(kind, s, retryAfter, msg);
  }

  /** {@code text} with every secret replaced by {@code ***}. */
  public String redact(String text) {
    String out = text;
    for (Supplier<String> s : secrets) {
      String v = s.get();
      if (v != null && v.length() >= 4) {
        out = out.replace(v, "***");
      }
    }
    return out;
  }

  private static String clip(String body) {
    String b = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return b.length() <= MAX_BODY_CHARS ? b : b.substring(0, MAX_BODY_CHARS) + "...";
  }

  /** Retry-After as delay-seconds or an HTTP date, in ms; -1 when absent or unreadable. */
  static long retryAfterMs(String v) {
    if (v == null || v.isBlank()) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(v.trim()) * 1000);
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime t = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, t.toInstant().toEpochMilli() - System.currentTimeMillis());
      } catch (RuntimeException e2) {
        return -1;
      }
    }
  }

  @Override
  public void close() {
    // the JDK client frees its resources when unreachable (close() arrives in Java 21)
  }
}
