package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed circuits by program text. Pipelines send the same program with new parameter rows again
 * and again; parsing and hashing it once keeps small steps fast. Circuits are immutable, so sharing
 * them is safe. Bounded LRU; thread-safe.
 */
final class CircuitCache {
  /** Programs kept; each entry holds one parsed circuit. */
  static final int CAPACITY = 256;

  /** Longer programs are parsed every time rather than pinned in memory. */
  static final int MAX_CACHED_CHARS = 1 << 16;

  private static final Map<String, Circuit> CACHE =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Circuit> eldest) {
          return size() > CAPACITY;
        }
      };

  private CircuitCache() {}

  /** The circuit of {@code text}, parsed now or earlier; parse errors are not cached. */
  static Circuit parse(String text) {
    if (text.length() > MAX_CACHED_CHARS) {
      return OpenQasm.parse(text);
    }
    synchronized (CACHE) {
      Circuit c = CACHE.get(text);
      if (c != null) {
        return c;
      }
    }
    Circuit c = OpenQasm.parse(text);
    c.version(); // memoised on the instance: computed once per program
    synchronized (CACHE) {
      CACHE.put(text, c);
    }
    return c;
  }
}
