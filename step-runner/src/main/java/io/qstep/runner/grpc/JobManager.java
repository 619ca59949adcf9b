package io.qstep.runner.grpc;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.proto.v1.Job;
import io.qstep.proto.v1.RunRequest;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.StepRequest;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous jobs: the same work as Run, queued on a bounded executor. Jobs keep their state in
 * memory while the server runs; finished jobs beyond {@code maxQueued} are evicted oldest first.
 * Thread-safe.
 */
final class JobManager implements AutoCloseable {
  private final StepEngine engine;
  private final int maxQueued;
  private final ExecutorService executor;
  private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();

  private static final class Entry {
    volatile Job job;
    volatile StepContext ctx;
    volatile Future<?> future;

    Entry(Job job) {
      this.job = job;
    }
  }

  JobManager(StepEngine engine, int workers, int maxQueued) {
    this.engine = engine;
    this.maxQueued = maxQueued;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            workers,
            workers,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "qstep-job-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  Job submit(RunRequest proto, StepRequest req) {
    if (active.incrementAndGet() > maxQueued) {
      active.decrementAndGet();
      throw new QStepException(
          ErrorReason.OVERLOADED, null, "job queue is full (" + maxQueued + " jobs); retry later");
    }
    evictFinished();
    String id = UUID.randomUUID().toString();
    StepContext ctx = engine.newContext(req);
    Entry e =
        new Entry(
            Job.newBuilder()
                .setJobId(id)
                .setRequestId(proto.getRequestId())
                .setState(Job.State.QUEUED)
                .setSubmittedUnixMs(System.currentTimeMillis())
                .build());
    e.ctx = ctx;
    jobs.put(id, e);
    e.future = executor.submit(() -> runJob(e, req, ctx));
    return e.job;
  }

  private void runJob(Entry e, StepRequest req, StepContext ctx) {
    try {
      synchronized (e) {
        if (e.job.getState() != Job.State.QUEUED) {
          return;
        }
        e.job =
            e.job.toBuilder()
                .setState(Job.State.RUNNING)
                .setStartedUnixMs(System.currentTimeMillis())
                .build();
      }
      try {
        var result = engine.run(req, ctx);
        finish(
            e,
            e.job.toBuilder()
                .setState(Job.State.SUCCEEDED)
                .setResult(io.qstep.internal.ProtoConverter.toProto(result)));
      } catch (Throwable t) {
        QStepException q = Failures.toQStep(t);
        finish(
            e,
            e.job.toBuilder()
                .setState(
                    q.reason() == ErrorReason.CANCELLED ? Job.State.CANCELLED : Job.State.FAILED)
                .setError(io.qstep.internal.StatusMapper.toRpcStatus(q)));
      }
    } finally {
      active.decrementAndGet();
    }
  }

  private static void finish(Entry e, Job.Builder b) {
    synchronized (e) {
      if (e.job.getState() == Job.State.CANCELLED) {
        return;
      }
      e.job = b.setFinishedUnixMs(System.currentTimeMillis()).build();
    }
  }

  Job get(String id) {
    return entry(id).job;
  }

  Job cancel(String id) {
    Entry e = entry(id);
    synchronized (e) {
      Job.State s = e.job.getState();
      if (s == Job.State.QUEUED || s == Job.State.RUNNING) {
        e.ctx.cancel(ErrorReason.CANCELLED);
        e.job =
            e.job.toBuilder()
                .setState(Job.State.CANCELLED)
                .setFinishedUnixMs(System.currentTimeMillis())
                .setError(
                    io.qstep.internal.StatusMapper.toRpcStatus(
                        new QStepException(ErrorReason.CANCELLED, null, "job cancelled")))
                .build();
      }
      return e.job;
    }
  }

  private Entry entry(String id) {
    Entry e = id == null ? null : jobs.get(id);
    if (e == null) {
      throw new QStepException(ErrorReason.JOB_NOT_FOUND, "job_id", "no job with id '" + id + "'");
    }
    return e;
  }

  /** Keeps at most maxQueued finished jobs, dropping the oldest finished first. */
  private void evictFinished() {
    int excess = jobs.size() - maxQueued;
    if (excess < 0) {
      return;
    }
    Iterator<Map.Entry<String, Entry>> it =
        jobs.entrySet().stream()
            .filter(en -> en.getValue().job.getFinishedUnixMs() > 0)
            .sorted(
                (a, b) ->
                    Long.compare(
                        a.getValue().job.getFinishedUnixMs(), b.getValue().job.getFinishedUnixMs()))
            .iterator();
    while (excess-- >= 0 && it.hasNext()) {
      jobs.remove(it.next().getKey());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
