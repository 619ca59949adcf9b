package io.qstep.runner.qpu;

import java.util.Map;

/** Reads provider settings from the environment: the first non-blank of several names. */
public final class QpuEnv {
  private QpuEnv() {}

  /** The first non-blank value among {@code names}, trimmed; empty when none is set. */
  public static String first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return "";
  }

  /** {@code first(names)}, or {@code dflt} when none is set. */
  public static String or(Map<String, String> env, String dflt, String... names) {
    String v = first(env, names);
    return v.isEmpty() ? dflt : v;
  }
}
