package io.qstep.runner.mitigate;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mitigation against the real noisy simulators under the sample IBM calibration. */
class NoisyBackendMitigationTest {
  static final List<String> OBS = List.of("ZZII", "IZZI", "IIZZ", "ZIIZ");

  final BackendRegistry registry = BackendRegistry.loadDefault(12);
  final StepEngine engine = new StepEngine(RunnerConfig.defaults(), registry);

  @AfterEach
  void close() {
    registry.close();
  }

  static Circuit ghzLike() {
    Circuit.Builder b = Circuit.builder(4).h(0);
    for (int rep = 0; rep < 3; rep++) {
      for (int q = 0; q < 3; q++) {
        b.cx(q, q + 1);
      }
      for (int q = 3; q > 0; q--) {
        b.cx(q - 1, q);
      }
      b.ry(1, 0.2).rz(2, 0.3);
    }
    return b.build();
  }

  StepResult run(String backend, long shots, String... kv) {
    StepRequest.Builder b =
        StepRequest.builder(new CircuitSpec(OpenQasm.toQasm3(ghzLike()), OBS))
            .backend(backend)
            .shots(shots)
            .seed(11);
    for (int i = 0; i < kv.length; i += 2) {
      b.parameter(kv[i], kv[i + 1]);
    }
    return engine.run(b.build());
  }

  static double err(StepResult r, String output, double[] ideal) {
    double[] v = r.outputs().get(output).toDoubleArray();
    double e = 0;
    for (int i = 0; i < v.length; i++) {
      e += Math.abs(v[i] - ideal[i]) / v.length;
    }
    return e;
  }

  @Test
  void zne_onDensityMatrixBackend_reducesTheErrorSeveralFold() {
    double[] ideal = AnalyticNoise.idealValues(ghzLike(), OBS);
    StepResult r = run("noisy-dm", 0, "mitigation", "zne", "zne_extrapolator", "richardson");
    double raw = err(r, "expectations_raw", ideal);
    double mit = err(r, "expectations", ideal);
    assertThat(raw).isGreaterThan(0.01);
    assertThat(mit).isLessThan(raw / 3);
    StepResult nat =
        run("noisy-dm", 0, "mitigation", "zne", "zne_folding", "native", "zne_extrapolator", "exp");
    assertThat(err(nat, "expectations", ideal)).isLessThan(raw / 3);
  }

  @Test
  void readoutFromBackendCalibration_withShots_reducesTheError() {
    double[] ideal = AnalyticNoise.idealValues(ghzLike(), OBS);
    StepResult r =
        run("noisy-dm", 100_000, "mitigation", "readout", "readout_calibration", "backend");
    assertThat(err(r, "expectations", ideal)).isLessThan(err(r, "expectations_raw", ideal));
    // the calibration comes free; the counts are re-sampled once (raw samples are not handed over)
    assertThat(r.metrics().get("mitigation_extra_executions")).isEqualTo(1.0);
  }

  @Test
  void nativeScaling_onIdealBackend_isInvalidArgumentNamingTheField() {
    MitigationStepTest.assertField(
        () -> run("statevector", 0, "mitigation", "zne", "zne_folding", "native"),
        "param.zne_folding");
  }
}
