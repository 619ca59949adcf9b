package io.qstep.task;

import java.util.OptionalLong;

/**
 * Where a step runs.
 *
 * @param name backend name; empty = {@code statevector}
 * @param shots shots per circuit; 0 = exact results
 * @param seed the seed for every random choice; empty = the runner draws one and reports it
 */
public record BackendSpec(String name, long shots, OptionalLong seed) {
  public BackendSpec {
    name = name == null ? "" : name;
    seed = seed == null ? OptionalLong.empty() : seed;
    if (shots < 0) {
      throw new IllegalArgumentException("shots must be >= 0, got " + shots);
    }
  }

  /** The default backend, exact mode, drawn seed. */
  public static BackendSpec defaults() {
    return new BackendSpec("", 0, OptionalLong.empty());
  }
}
