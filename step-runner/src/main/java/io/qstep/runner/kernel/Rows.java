package io.qstep.runner.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent rows over a shared, bounded pool: workers take the next row from a counter, so
 * rows of unequal cost (a triangle's) balance themselves. The calling thread works too.
 */
final class Rows {
  private Rows() {}

  private static final class Holder {
    static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
  }

  /** The thread count for a request's setting: 0 = the number of processors. */
  static int effective(int threads) {
    return threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  /**
   * Calls {@code body} once for each row in {@code [0, rows)} using at most {@code threads}
   * threads; rethrows the first failure after every worker has stopped.
   */
  static void forEach(int threads, int rows, IntConsumer body) {
    int workers = Math.min(effective(threads), rows);
    if (workers <= 1) {
      for (int r = 0; r < rows; r++) {
        body.accept(r);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Runnable worker =
        () -> {
          int r;
          while (failed.get() == 0 && (r = next.getAndIncrement()) < rows) {
            try {
              body.accept(r);
            } catch (RuntimeException | Error e) {
              failed.incrementAndGet();
              throw e;
            }
          }
        };
    ForkJoinTask<?>[] forked = new ForkJoinTask<?>[workers - 1];
    for (int i = 0; i < forked.length; i++) {
      forked[i] = Holder.POOL.submit(worker);
    }
    Throwable failure = null;
    try {
      worker.run();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (ForkJoinTask<?> f : forked) {
      try {
        f.join();
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
