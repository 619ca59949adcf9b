package io.qstep.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link QStepClient} reaches a runner. Immutable; build with {@link #builder(String)}.
 *
 * @param target {@code host:port} (or any gRPC target string such as {@code dns:///svc:50051})
 * @param tls whether to use TLS
 * @param trustedCertificates PEM file of CAs to trust instead of the system's, when TLS is on
 * @param bearerToken token sent as {@code authorization: Bearer ...}; empty = none
 * @param defaultDeadline deadline of every call unless the call sets its own
 * @param maxMessageBytes largest inbound message the client accepts
 */
public record ClientSettings(
    String target,
    boolean tls,
    Optional<Path> trustedCertificates,
    String bearerToken,
    Duration defaultDeadline,
    int maxMessageBytes) {

  public ClientSettings {
    Objects.requireNonNull(target, "target");
    trustedCertificates = trustedCertificates == null ? Optional.empty() : trustedCertificates;
    bearerToken = bearerToken == null ? "" : bearerToken;
    Objects.requireNonNull(defaultDeadline, "defaultDeadline");
    if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
      throw new IllegalArgumentException("defaultDeadline must be positive");
    }
  }

  public static Builder builder(String target) {
    return new Builder(target);
  }

  /** Mutable accumulator; not thread-safe. */
  public static final class Builder {
    private final String target;
    private boolean tls;
    private Path trusted;
    private String token = "";
    private Duration deadline = Duration.ofMinutes(10);
    private int maxMessageBytes = 64 << 20;

    private Builder(String target) {
      this.target = target;
    }

    /** Turns TLS on, trusting the system's CAs. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** Turns TLS on, trusting the CAs in a PEM file. */
    public Builder tls(Path trustedCertificatesPem) {
      this.tls = true;
      this.trusted = trustedCertificatesPem;
      return this;
    }

    public Builder bearerToken(String token) {
      this.token = token;
      return this;
    }

    public Builder defaultDeadline(Duration d) {
      this.deadline = d;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public ClientSettings build() {
      return new ClientSettings(
          target, tls, Optional.ofNullable(trusted), token, deadline, maxMessageBytes);
    }
  }
}
