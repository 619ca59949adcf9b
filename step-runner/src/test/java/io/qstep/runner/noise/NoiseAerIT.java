package io.qstep.runner.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.circuit.Circuit;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.stage.StepContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A second simulator as oracle: Qiskit Aer's density-matrix method with the same noise model
 * (thermal relaxation then the depolariser that meets the calibrated error) on the same layered
 * circuit gives the same ⟨Z_i⟩. Runs {@code bench/python/noise_aer.py} with {@code QSTEP_PYTHON};
 * skipped when it is not set or lacks qiskit-aer ({@code scripts/setup-python.sh --bench}).
 */
class NoiseAerIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {2, 3, 5})
  void densityMatrix_matchesQiskitAer(int n) throws Exception {
    String python = System.getenv("QSTEP_PYTHON");
    assumeTrue(python != null && !python.isBlank(), "QSTEP_PYTHON is not set");
    Process probe = new ProcessBuilder(python, "-c", "import qiskit_aer").start();
    assumeTrue(probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0, "no qiskit-aer");
    Path script = Path.of("..", "bench", "python", "noise_aer.py").toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(script), "no " + script);

    int layers = 6;
    SplittableRandom rng = new SplittableRandom(40 + n);
    double[] angles = new double[layers * n];
    JsonArray a = new JsonArray();
    Circuit.Builder b = Circuit.builder(n);
    int k = 0;
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        angles[k] = rng.nextDouble(-Math.PI, Math.PI);
        a.add(angles[k]);
        b.ry(q, angles[k++]);
      }
      for (int start = 0; start < 2; start++) {
        for (int q = start; q + 1 < n; q += 2) {
          b.cx(q, q + 1);
        }
      }
    }
    // a loud device, so that the noise moves <Z> far from the ideal values
    double t1 = 20;
    double t2 = 15;
    double e1 = 5e-3;
    double e2 = 4e-2;
    double d1 = 40;
    double d2 = 400;
    JsonObject job = new JsonObject();
    job.addProperty("n", n);
    job.addProperty("layers", layers);
    job.add("angles", a);
    job.addProperty("t1_ns", t1 * 1e3);
    job.addProperty("t2_ns", t2 * 1e3);
    job.addProperty("e1", e1);
    job.addProperty("e2", e2);
    job.addProperty("d1_ns", d1);
    job.addProperty("d2_ns", d2);
    job.addProperty("dm_max", 12);
    job.addProperty("reps", 1);
    job.addProperty("trajectories", 10);
    Path f = dir.resolve("job.json");
    Files.writeString(f, job.toString());
    Process p =
        new ProcessBuilder(python, script.toString(), f.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    JsonArray aerZ = JsonParser.parseString(out).getAsJsonObject().getAsJsonArray("z");

    NoiseModel model = NoiseModel.of(CalibrationSnapshot.uniform(n, t1, t2, 0, 0, e1, e2, d1, d2));
    double[] ours;
    double[] ideal;
    try (DensityMatrix rho =
        new DensityMatrixSimulator(model, SimOptions.defaults())
            .run(b.build(), StepContext.unbounded(1))) {
      ours = rho.expectationsZ();
    }
    try (DensityMatrix rho =
        new DensityMatrixSimulator(model.scaled(0), SimOptions.defaults())
            .run(b.build(), StepContext.unbounded(1))) {
      ideal = rho.expectationsZ();
    }
    double moved = 0;
    for (int q = 0; q < n; q++) {
      assertThat(ours[q]).as("<Z_%d>", q).isCloseTo(aerZ.get(q).getAsDouble(), within(1e-7));
      moved = Math.max(moved, Math.abs(ours[q] - ideal[q]));
    }
    assertThat(moved).isGreaterThan(0.02);
  }
}
