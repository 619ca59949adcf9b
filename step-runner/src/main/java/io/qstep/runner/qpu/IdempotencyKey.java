package io.qstep.runner.qpu;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The idempotency key of one QPU execution: sha256 over backend, device, the bound circuit's
 * version (its canonical OpenQASM 3 text, so parameter values are in it), shots and the seed. The
 * same request with the same seed maps to the same provider job, across retries and restarts; a new
 * seed asks for a fresh run.
 */
public final class IdempotencyKey {
  private IdempotencyKey() {}

  /**
   * @param backend qstep backend name ({@code ibm})
   * @param device provider device
   * @param payloadVersion version of what is submitted (the bound circuit's, or a QUBO's hash)
   * @param shots shots or reads
   * @param seed the execution's seed
   */
  public static String of(
      String backend, String device, String payloadVersion, long shots, long seed) {
    return sha256(
        String.join(
            "\n",
            "qstep-qpu-v1",
            backend,
            device,
            payloadVersion,
            Long.toString(shots),
            Long.toString(seed)));
  }

  /** Lowercase hex sha256 of the UTF-8 bytes. */
  public static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
