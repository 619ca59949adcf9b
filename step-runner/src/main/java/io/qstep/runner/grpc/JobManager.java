package io.qstep.runner.grpc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.proto.v1.Job;
import io.qstep.proto.v1.RunRequest;
import io.qstep.runner.qpu.DurableFiles;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.StepRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Asynchronous jobs: the same work as Run, queued on a bounded executor. Jobs keep their state in
 * memory while the server runs; finished jobs beyond {@code maxQueued} are evicted oldest first.
 *
 * <p>With a state directory ({@code QSTEP_JOB_STATE_DIR}), every job and its request (seed fixed)
 * are also written there, atomically and fsynced, on each state change. A new JobManager over the
 * same directory reloads finished jobs and runs unfinished ones again; QPU backends then find their
 * provider jobs by idempotency key and resume polling instead of submitting again. Thread-safe.
 */
final class JobManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JobManager.class.getName());
  private final StepEngine engine;
  private final int maxQueued;
  private final ExecutorService executor;
  private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private final Path stateDir;
  private volatile boolean closing;

  private static final class Entry {
    volatile Job job;
    volatile StepContext ctx;
    volatile Future<?> future;
    volatile RunRequest request;

    Entry(Job job) {
      this.job = job;
    }
  }

  JobManager(StepEngine engine, int workers, int maxQueued) {
    this(engine, workers, maxQueued, null);
  }

  /** The state directory named by {@code QSTEP_JOB_STATE_DIR}, or null (jobs live in memory). */
  static Path stateDirFromEnv(Map<String, String> env) {
    String d = env.get("QSTEP_JOB_STATE_DIR");
    return d == null || d.isBlank() ? null : Path.of(d.trim());
  }

  /**
   * @param stateDir where jobs are persisted, or null for memory only
   */
  JobManager(StepEngine engine, int workers, int maxQueued, Path stateDir) {
    this.engine = engine;
    this.maxQueued = maxQueued;
    this.stateDir = stateDir;
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
    if (stateDir != null) {
      resume();
    }
  }

  /** Reloads persisted jobs; unfinished ones run again (QPU work resumes by idempotency key). */
  private void resume() {
    List<Path> files;
    try (Stream<Path> s = Files.list(stateDir)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".job.json")).sorted().toList();
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the job state directory " + stateDir, e);
    }
    for (Path f : files) {
      try {
        JsonObject o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        Job job = Job.parseFrom(Base64.getDecoder().decode(o.get("job").getAsString()));
        RunRequest req =
            RunRequest.parseFrom(Base64.getDecoder().decode(o.get("request").getAsString()));
        Entry e = new Entry(job);
        e.request = req;
        jobs.put(job.getJobId(), e);
        if (job.getState() == Job.State.QUEUED || job.getState() == Job.State.RUNNING) {
          StepRequest step = io.qstep.internal.ProtoConverter.fromProto(req);
          e.job = job.toBuilder().setState(Job.State.QUEUED).build();
          e.ctx = engine.newContext(step);
          active.incrementAndGet();
          e.future = executor.submit(() -> runJob(e, step, e.ctx));
          LOG.log(Level.INFO, "resuming job {0} from {1}", new Object[] {job.getJobId(), f});
        }
      } catch (IOException | RuntimeException ex) {
        LOG.log(Level.WARNING, "skipping unreadable job state " + f, ex);
      }
    }
  }

  private void persist(Entry e) {
    persist(e, e.job);
  }

  /** Writes {@code job} (the entry's next state) durably; callers publish it afterwards. */
  private void persist(Entry e, Job job) {
    if (stateDir == null || e.request == null) {
      return;
    }
    JsonObject o = new JsonObject();
    o.addProperty("job", Base64.getEncoder().encodeToString(job.toByteArray()));
    o.addProperty("request", Base64.getEncoder().encodeToString(e.request.toByteArray()));
    try {
      DurableFiles.write(
          stateDir.resolve(job.getJobId() + ".job.json"),
          o.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException ex) {
      LOG.log(Level.WARNING, "cannot persist job " + job.getJobId(), ex);
    }
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
    // the drawn seed is fixed in the persisted request, so a resumed job keeps its idempotency keys
    e.request =
        proto.toBuilder().setBackend(proto.getBackend().toBuilder().setSeed(ctx.seed())).build();
    jobs.put(id, e);
    persist(e);
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
        persist(e);
      }
      try {
        var result = engine.run(req, ctx);
        finish(
            e,
            e.job.toBuilder()
                .setState(Job.State.SUCCEEDED)
                .setResult(io.qstep.internal.ProtoConverter.toProto(result)));
      } catch (Throwable t) {
        if (closing) {
          // shutting down: the job stays unfinished on disk and a restarted runner resumes it
          return;
        }
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

  private void finish(Entry e, Job.Builder b) {
    synchronized (e) {
      if (e.job.getState() == Job.State.CANCELLED) {
        return;
      }
      Job done = b.setFinishedUnixMs(System.currentTimeMillis()).build();
      persist(e, done); // on disk before anyone can see it finished
      e.job = done;
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
        persist(e);
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
    closing = true;
    executor.shutdownNow();
  }
}
