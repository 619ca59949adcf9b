package io.qstep.runner.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.internal.ProtoConverter;
import io.qstep.proto.v1.Job;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.qpu.ibm.FakeIbm;
import io.qstep.runner.qpu.ibm.IbmBackendProvider;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner restarted mid-job resumes its QPU job instead of submitting it again. */
class JobManagerDurabilityTest {
  @TempDir Path dir;
  final FakeIbm fake = new FakeIbm();

  @AfterEach
  void stop() {
    fake.close();
  }

  StepEngine engine() {
    Map<String, String> env = new HashMap<>();
    env.put("QSTEP_IBM_API_KEY", FakeIbm.API_KEY);
    env.put("QSTEP_IBM_CRN", FakeIbm.CRN);
    env.put("QSTEP_IBM_DEVICE", FakeIbm.DEVICE);
    env.put("QSTEP_IBM_API_URL", fake.uri() + "/api");
    env.put("QSTEP_IBM_IAM_URL", fake.uri().toString());
    env.put("QSTEP_QPU_STATE_DIR", dir.resolve("qpu").toString());
    env.put("QSTEP_QPU_POLL_MS", "5");
    return new StepEngine(
        RunnerConfig.defaults(),
        new BackendRegistry(
            List.of(new StateVectorBackendProvider(), new IbmBackendProvider(env)), 26));
  }

  /** Polls {@code cond} until it holds or the deadline passes (no fixed sleeps). */
  static void await(BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Test
  void restartMidJob_resumesPolling_withOneSubmission() {
    fake.queuedPolls = Integer.MAX_VALUE; // the job waits in the provider's queue
    Circuit bell = Circuit.builder(2).h(0).cx(0, 1).measureAll().build();
    StepRequest req =
        StepRequest.builder(new CircuitSpec(OpenQasm.toQasm3(bell), List.of()))
            .backend("ibm")
            .shots(200)
            .build(); // no seed: the drawn one is persisted with the job
    Path jobsDir = dir.resolve("jobs");
    String id;
    JobManager first = new JobManager(engine(), 2, 16, jobsDir);
    try {
      id = first.submit(ProtoConverter.toProto(req), req).getJobId();
      await(() -> fake.submissions.get() == 1, "the QPU submission");
      await(() -> first.get(id).getState() == Job.State.RUNNING, "the job to run");
    } finally {
      first.close(); // the runner goes down mid-job
    }
    fake.queuedPolls = 0; // meanwhile the provider runs it
    JobManager second = new JobManager(engine(), 2, 16, jobsDir);
    try {
      await(() -> second.get(id).getState() == Job.State.SUCCEEDED, "the resumed job");
      Job done = second.get(id);
      assertThat(done.getResult().getQpuList())
          .singleElement()
          .satisfies(
              q -> {
                assertThat(q.getProvider()).isEqualTo("ibm");
                assertThat(q.getResumed()).isTrue();
                assertThat(q.getProviderJobId()).isNotEmpty();
              });
      assertThat(fake.submissions.get()).isEqualTo(1);
    } finally {
      second.close();
    }
    // a third runner just reloads the finished job
    JobManager third = new JobManager(engine(), 2, 16, jobsDir);
    try {
      assertThat(third.get(id).getState()).isEqualTo(Job.State.SUCCEEDED);
      assertThat(fake.submissions.get()).isEqualTo(1);
    } finally {
      third.close();
    }
  }
}
