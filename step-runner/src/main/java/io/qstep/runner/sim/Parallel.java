package io.qstep.runner.sim;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a range of independent work items over a shared, bounded pool of daemon threads. The
 * calling thread runs the first chunk itself, so {@code threads = 2} costs one hand-off per call.
 *
 * <p>Chunking never changes results: every work item is computed by the same arithmetic on
 * whichever thread runs it.
 */
final class Parallel {
  /** Default chunk granularity in work items: keeps runs long and cache lines unshared. */
  static final int GRAIN = 256;

  private Parallel() {}

  /** An action on work items {@code [from, to)}. */
  @FunctionalInterface
  interface RangeAction {
    void run(int from, int to);
  }

  /**
   * The shared pool: one per JVM, sized to the processors, daemon worker threads (the default
   * factory's), created on first parallel use.
   */
  private static final class Holder {
    static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Runs {@code action} over {@code [0, work)} in at most {@code threads} chunks whose boundaries
   * are multiples of {@code grain}.
   */
  static void forRange(int threads, int work, int grain, RangeAction action) {
    int chunks = Math.min(threads, work / grain);
    if (chunks <= 1) {
      action.run(0, work);
      return;
    }
    int size = ((work + chunks - 1) / chunks + grain - 1) / grain * grain;
    ForkJoinPool pool = Holder.POOL;
    ForkJoinTask<?>[] forked = new ForkJoinTask<?>[chunks];
    int count = 0;
    for (int from = size; from < work; from += size) {
      int lo = from;
      int hi = Math.min(work, from + size);
      forked[count++] = pool.submit(() -> action.run(lo, hi));
    }
    Throwable failure = null;
    try {
      action.run(0, Math.min(work, size));
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (int i = 0; i < count; i++) {
      try {
        forked[i].join();
      } catch (RuntimeException | Error e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error err) {
      throw err;
    }
  }
}
