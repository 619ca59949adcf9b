package io.qstep.runner.tracking;

import io.qstep.task.StepResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs steps on {@link TrackingConfig#threads()} background threads through a bounded queue. A
 * record the sink cannot take now (retryable failure) goes to the {@link Spool} and is replayed
 * with exponential backoff (from {@code retryMs}, doubling to 60 s) until the sink takes it; while
 * the sink is failing, new records go straight to the spool. A record refused for good is kept in
 * {@code rejected/} and logged as a warning. With no spool (the local file store), failures are
 * warnings only.
 */
public final class AsyncTracker implements Tracker {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncTracker.class);
  private static final long MAX_BACKOFF_MS = 60_000;

  /** How long the worker waits for the engine to complete a step's result. */
  private static final long RESULT_WAIT_MS = 60_000;

  private final RunSink sink;
  private final Spool spool;
  private final TrackingConfig config;
  private final BlockingQueue<TrackedStep> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService replayer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean replayScheduled = new AtomicBoolean();
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong spooled = new AtomicLong();
  private final AtomicLong replayed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean sinkDown;

  /** Set when close() ran out of time: the rest goes to the spool without trying the sink. */
  private volatile boolean spoolRest;

  private volatile long backoffMs;

  /**
   * @param sink where runs go; this tracker closes it
   * @param spool where records wait for the sink; null for a local sink (nothing to wait for)
   * @param config queue size and budgets
   */
  public AsyncTracker(RunSink sink, Spool spool, TrackingConfig config) {
    this.sink = sink;
    this.spool = spool;
    this.config = config;
    this.backoffMs = config.retryMs();
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.replayer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "qstep-tracking-replay");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < config.threads(); i++) {
      Thread w = new Thread(this::work, "qstep-tracking-" + i);
      w.setDaemon(true);
      workers.add(w);
      w.start();
    }
    if (spool != null) {
      // Records a previous process spooled (a crash, a server outage) go out now.
      scheduleReplay(0);
    }
  }

  /** Counters, for tests, benchmarks and logs. */
  public record Stats(
      long enqueued,
      long done,
      long sent,
      long spooled,
      long replayed,
      long rejected,
      long dropped) {}

  public Stats stats() {
    return new Stats(
        enqueued.get(),
        done.get(),
        sent.get(),
        spooled.get(),
        replayed.get(),
        rejected.get(),
        dropped.get());
  }

  public RunSink sink() {
    return sink;
  }

  @Override
  public Optional<String> track(TrackedStep step) {
    if (step.request().options().tracking().disabled()) {
      return Optional.empty();
    }
    if (closed.get()) {
      dropped.incrementAndGet();
      return Optional.of("tracking: the tracker is shut down; this step was not logged");
    }
    if (!queue.offer(step)) {
      dropped.incrementAndGet();
      return Optional.of(
          "tracking: queue full ("
              + config.queueCapacity()
              + " steps waiting); this step was not logged");
    }
    enqueued.incrementAndGet();
    return Optional.empty();
  }

  @Override
  public boolean flush(long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    synchronized (done) {
      while (done.get() < enqueued.get()) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return false;
        }
        try {
          done.wait(Math.min(left, 50));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Replays the spool now (also what the backoff schedule runs).
   *
   * @return the replay's report, or empty when there is no spool
   */
  public Optional<Spool.ReplayReport> replayNow() {
    if (spool == null) {
      return Optional.empty();
    }
    try {
      Spool.ReplayReport r = spool.replay(sink);
      replayed.addAndGet(r.sent());
      rejected.addAndGet(r.rejected());
      if (r.remaining() == 0) {
        if (sinkDown) {
          LOG.info("tracking: {} is back; spool replayed", sink.describe());
        }
        sinkDown = false;
        backoffMs = config.retryMs();
      } else if (r.remaining() > 0) {
        sinkDown = true;
      }
      return Optional.of(r);
    } catch (IOException e) {
      LOG.warn("tracking: cannot replay the spool {}: {}", spool.dir(), e.toString());
      return Optional.of(new Spool.ReplayReport(0, 0, -1, e.toString()));
    }
  }

  private void scheduleReplay(long delayMs) {
    if (spool == null
        || closed.get() && delayMs > 0
        || !replayScheduled.compareAndSet(false, true)) {
      return;
    }
    replayer.schedule(
        () -> {
          replayScheduled.set(false);
          Optional<Spool.ReplayReport> r = replayNow();
          if (r.isPresent() && r.get().remaining() != 0 && !closed.get()) {
            long next = backoffMs;
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            scheduleReplay(next);
          }
        },
        delayMs,
        TimeUnit.MILLISECONDS);
  }

  private void work() {
    while (true) {
      TrackedStep step;
      try {
        step = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (step == null) {
        if (closed.get()) {
          break;
        }
        continue;
      }
      try {
        handle(step);
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("tracking: a step was not logged: {}", e.toString());
      } finally {
        synchronized (done) {
          done.incrementAndGet();
          done.notifyAll();
        }
      }
    }
  }

  private void handle(TrackedStep step) {
    StepResult result;
    try {
      result = step.result().get(RESULT_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return; // the step failed after enqueueing: nothing to log
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    RunRecord rec =
        RunRecords.of(
            step.request(),
            result,
            step.circuit(),
            step.calibration(),
            RunRecord.Destination.of(config, step.request().options().tracking()),
            step.startMs(),
            System.currentTimeMillis(),
            step.artifacts(),
            step.models());
    deliver(rec);
  }

  private void deliver(RunRecord rec) {
    if (spool != null && (sinkDown || spoolRest)) {
      spool(rec);
      scheduleReplay(backoffMs);
      return;
    }
    try {
      sink.writeFresh(rec);
      sent.incrementAndGet();
    } catch (TrackingException e) {
      if (e.retryable() && spool != null) {
        if (!sinkDown) {
          LOG.warn("tracking: {}; spooling runs to {} and retrying", e.getMessage(), spool.dir());
        }
        sinkDown = true;
        spool(rec);
        scheduleReplay(backoffMs);
      } else {
        rejected.incrementAndGet();
        LOG.warn("tracking: run {} not logged: {}", rec.runKey(), e.getMessage());
        if (spool != null) {
          try {
            spool.reject(rec, e.getMessage());
          } catch (IOException io) {
            LOG.warn("tracking: cannot keep the rejected run {}: {}", rec.runKey(), io.toString());
          }
        }
      }
    }
  }

  private void spool(RunRecord rec) {
    try {
      spool.put(rec);
      spooled.incrementAndGet();
    } catch (IOException e) {
      dropped.incrementAndGet();
      LOG.warn("tracking: cannot spool run {} to {}: {}", rec.runKey(), spool.dir(), e.toString());
    }
  }

  /**
   * Stops taking steps, logs what is queued within the time budget ({@code timeoutMs}, at least 5
   * s), spools the rest, then stops. Spooled records are replayed by the next process or by {@code
   * qstep tracking replay}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long budget = Math.max(5_000, config.timeoutMs());
    if (!flush(budget)) {
      spoolRest = true;
      flush(budget);
    }
    workers.forEach(Thread::interrupt);
    for (Thread w : workers) {
      try {
        w.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    replayer.shutdownNow();
    sink.close();
  }
}
