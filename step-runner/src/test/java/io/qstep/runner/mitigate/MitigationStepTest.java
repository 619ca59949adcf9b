package io.qstep.runner.mitigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MitigationStepTest {
  @TempDir Path dir;

  static final String QASM =
      """
      OPENQASM 3.0;
      include "stdgates.inc";
      input float a;
      input float b;
      qubit[3] q;
      ry(a) q[0];
      ry(b) q[1];
      cx q[0], q[1];
      rz(a) q[2];
      h q[2];
      cx q[1], q[2];
      ry(b) q[0];
      cx q[0], q[2];
      """;

  final BackendRegistry registry =
      new BackendRegistry(
          List.of(
              new StateVectorBackendProvider(),
              AnalyticNoiseBackend.provider(
                  AnalyticNoise.gates(
                      0.98,
                      new ReadoutCalibration(
                          new double[] {0.02, 0.04, 0.03}, new double[] {0.05, 0.07, 0.06})))),
          12);
  final StepEngine engine = new StepEngine(RunnerConfig.defaults(), registry);

  @AfterEach
  void close() {
    registry.close();
  }

  static final double[] PARAMS = {0.3, 1.1, 1.4, -0.7, 2.2, 0.5};

  StepResult run(String backend, long shots, String... kv) {
    StepRequest.Builder b =
        StepRequest.builder(new CircuitSpec(QASM, List.of("ZZI", "IXX", "ZIZ")))
            .backend(backend)
            .shots(shots)
            .seed(7)
            .input("params", Tensor.ofDoubles(PARAMS, 3, 2));
    for (int i = 0; i < kv.length; i += 2) {
      b.parameter(kv[i], kv[i + 1]);
    }
    return engine.run(b.build());
  }

  static double[][] ideal() {
    Circuit c = OpenQasm.parse(QASM);
    double[][] out = new double[3][];
    for (int r = 0; r < 3; r++) {
      out[r] =
          AnalyticNoise.idealValues(
              c.bind(PARAMS[2 * r], PARAMS[2 * r + 1]), List.of("ZZI", "IXX", "ZIZ"));
    }
    return out;
  }

  static double meanAbsError(Tensor t, double[][] ideal) {
    double[] v = t.toDoubleArray();
    double e = 0;
    for (int r = 0; r < ideal.length; r++) {
      for (int i = 0; i < ideal[r].length; i++) {
        e += Math.abs(v[r * ideal[r].length + i] - ideal[r][i]);
      }
    }
    return e / v.length;
  }

  @Test
  void readoutPlusZne_onNoisyBackend_returnsMitigatedBesideRawWithProvenance() {
    StepResult r =
        run(
            AnalyticNoiseBackend.NAME,
            0,
            "mitigation",
            "readout+zne",
            "zne_scales",
            "1,2,3",
            "zne_extrapolator",
            "exp",
            "zne_exp_asymptote",
            "0");
    assertThat(r.outputs())
        .containsKeys("expectations", "expectations_raw", "expectations_uncertainty", "mitigation");
    double[][] ideal = ideal();
    double rawErr = meanAbsError(r.outputs().get("expectations_raw"), ideal);
    double mitErr = meanAbsError(r.outputs().get("expectations"), ideal);
    assertThat(rawErr).isGreaterThan(0.05);
    // not exact: the measured calibration's X layer is itself depolarised (as on hardware), which
    // the exact oracle in MitigatorTest.readoutPlusZne_exact_recoversTheIdealValue leaves out
    assertThat(mitErr).isLessThan(rawErr / 3);
    assertThat(r.metrics().get("mitigation_extra_executions")).isEqualTo(2 + 3 * 3.0);
    assertThat(r.timingsMs().get("mitigate")).isGreaterThan(0);
    JsonObject p =
        JsonParser.parseString(r.outputs().get("mitigation").toStringList().get(0))
            .getAsJsonObject();
    assertThat(p.get("method").getAsString()).isEqualTo("readout+zne");
    assertThat(p.getAsJsonObject("settings").get("zne_scales").getAsString()).isEqualTo("1,2,3");
    assertThat(p.get("noise_model_hash").getAsString()).hasSize(64);
    assertThat(p.getAsJsonArray("rows")).hasSize(3);
    assertThat(p.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("zne_fits"))
        .hasSize(3);
  }

  @Test
  void zne_onIdealStatevector_changesNothing() {
    StepResult r = run("statevector", 0, "mitigation", "readout+zne");
    assertThat(r.outputs().get("expectations").toDoubleArray())
        .containsExactly(r.outputs().get("expectations_raw").toDoubleArray(), within(1e-10));
  }

  @Test
  void readout_withShots_reducesTheError() {
    StepResult raw = run(AnalyticNoiseBackend.NAME, 20_000, "mitigation", "readout");
    double[][] ideal = ideal();
    assertThat(meanAbsError(raw.outputs().get("expectations"), ideal))
        .isLessThan(meanAbsError(raw.outputs().get("expectations_raw"), ideal));
  }

  @Test
  void badScales_areInvalidArgumentNamingTheField() {
    assertField(
        () -> run("statevector", 0, "mitigation", "zne", "zne_scales", "0.5,1,2"),
        "param.zne_scales");
    assertField(
        () -> run("statevector", 0, "mitigation", "zne", "zne_scales", "1,3,3"),
        "param.zne_scales");
    assertField(
        () -> run("statevector", 0, "mitigation", "zne", "zne_scales", "1,x"), "param.zne_scales");
  }

  @Test
  void extrapolatorNeedingMorePoints_isInvalidArgumentNamingTheField() {
    assertField(
        () ->
            run(
                "statevector", 0,
                "mitigation", "zne",
                "zne_scales", "1,3",
                "zne_extrapolator", "poly2"),
        "param.zne_extrapolator");
    assertField(
        () ->
            run(
                "statevector",
                0,
                "mitigation",
                "zne",
                "zne_scales",
                "1,3",
                "zne_extrapolator",
                "exp"),
        "param.zne_extrapolator");
  }

  @Test
  void unknownMethodOrKey_isInvalidArgument() {
    assertField(() -> run("statevector", 0, "mitigation", "pec"), "param.mitigation");
    assertField(
        () -> run("statevector", 0, "mitigation", "zne", "zne_scale", "1,2"), "param.zne_scale");
  }

  @Test
  void surrogateModel_missing_isInvalidArgument_orFallsBackWhenAllowed() {
    String missing = dir.resolve("nope.json").toString();
    assertField(
        () -> run("statevector", 0, "mitigation", "surrogate", "surrogate_model", missing),
        "param.surrogate_model");
    StepResult r =
        run(
            "statevector",
            0,
            "mitigation",
            "surrogate",
            "surrogate_model",
            missing,
            "mitigation_fallback",
            "true");
    assertThat(r.outputs().get("expectations").toDoubleArray())
        .containsExactly(r.outputs().get("expectations_raw").toDoubleArray());
    assertThat(r.warnings()).anyMatch(w -> w.contains("fell back") && w.contains("nope.json"));
    assertThat(r.metrics().get("mitigation_applied")).isEqualTo(0.0);
  }

  @Test
  void surrogateModel_corrupt_isInvalidArgument() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"format\": \"qstep.surrogate.v1\", \"metadata\": ");
    assertField(
        () -> run("statevector", 0, "mitigation", "surrogate", "surrogate_model", f.toString()),
        "param.surrogate_model");
    Files.writeString(f, "{\"format\": \"something-else\"}");
    assertField(
        () -> run("statevector", 0, "mitigation", "surrogate", "surrogate_model", f.toString()),
        "param.surrogate_model");
  }

  @Test
  void surrogate_trainedSavedAndLoaded_mitigatesAndRejectsAnotherStructure() throws Exception {
    Path model = dir.resolve("models/cdr.json");
    StepResult trained =
        run(
            AnalyticNoiseBackend.NAME,
            0,
            "mitigation",
            "surrogate",
            "surrogate_train",
            "true",
            "surrogate_train_size",
            "30",
            "surrogate_model",
            model.toString());
    assertThat(model).exists();
    double[][] ideal = ideal();
    double rawErr = meanAbsError(trained.outputs().get("expectations_raw"), ideal);
    double mitErr = meanAbsError(trained.outputs().get("expectations"), ideal);
    assertThat(mitErr).isLessThan(rawErr / 5);
    assertThat(trained.metrics().get("mitigation_extra_executions")).isEqualTo(30.0);

    StepResult loaded =
        run(
            AnalyticNoiseBackend.NAME,
            0,
            "mitigation",
            "surrogate",
            "surrogate_model",
            model.toString());
    assertThat(loaded.outputs().get("expectations").toDoubleArray())
        .containsExactly(trained.outputs().get("expectations").toDoubleArray(), within(1e-12));
    assertThat(loaded.metrics().get("mitigation_extra_executions")).isEqualTo(0.0);
    JsonObject meta =
        JsonParser.parseString(Files.readString(model))
            .getAsJsonObject()
            .getAsJsonObject("metadata");
    assertThat(meta.get("model_version").getAsString()).startsWith("linear-");
    assertThat(meta.get("training_set_size").getAsInt()).isEqualTo(30);
    assertThat(meta.get("width").getAsInt()).isEqualTo(3);

    // another circuit structure: an error naming the field, or a flag with surrogate_strict=false
    String other = QASM.replace("cx q[0], q[2];", "cx q[2], q[0];");
    StepRequest.Builder b =
        StepRequest.builder(new CircuitSpec(other, List.of("ZZI", "IXX", "ZIZ")))
            .backend(AnalyticNoiseBackend.NAME)
            .seed(7)
            .input("params", Tensor.ofDoubles(PARAMS, 3, 2))
            .parameter("mitigation", "surrogate")
            .parameter("surrogate_model", model.toString());
    assertField(() -> engine.run(b.build()), "param.surrogate_model");
    StepResult lenient = engine.run(b.parameter("surrogate_strict", "false").build());
    assertThat(lenient.metrics().get("surrogate_out_of_distribution")).isEqualTo(1.0);
    assertThat(lenient.warnings()).anyMatch(w -> w.contains("out of distribution"));
  }

  /** Every file under {@code root} with this name. */
  static List<Path> find(Path root, String name) throws Exception {
    try (java.util.stream.Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals(name)).toList();
    }
  }

  @Test
  void tracked_zneFitIsAPlot_andATrainedSurrogateIsAModelArtifact() throws Exception {
    Path root = dir.resolve("mlruns");
    Path model = dir.resolve("cdr.json");
    try (io.qstep.runner.tracking.Tracker t =
        io.qstep.runner.tracking.Trackers.create(
            io.qstep.runner.tracking.TrackingConfig.local(root))) {
      StepEngine tracked = new StepEngine(RunnerConfig.defaults(), registry, t);
      StepRequest.Builder b =
          StepRequest.builder(new CircuitSpec(QASM, List.of("ZZI", "IXX", "ZIZ")))
              .backend(AnalyticNoiseBackend.NAME)
              .seed(7)
              .input("params", Tensor.ofDoubles(PARAMS, 3, 2));
      tracked.run(b.parameter("mitigation", "zne").build());
      tracked.run(
          b.parameter("mitigation", "surrogate")
              .parameter("surrogate_train", "true")
              .parameter("surrogate_train_size", "20")
              .parameter("surrogate_model", model.toString())
              .parameter("surrogate_model_name", "cdr-test")
              .build());
      assertThat(t.flush(60_000)).isTrue();
    }
    List<Path> plots = find(root, "zne_fit.png");
    assertThat(plots).hasSize(1);
    assertThat(javax.imageio.ImageIO.read(plots.get(0).toFile())).isNotNull();
    List<Path> saved = find(root, "surrogate.json");
    assertThat(saved).hasSize(1);
    assertThat(Files.readString(saved.get(0))).isEqualTo(Files.readString(model));
    Path run = saved.get(0).getParent().getParent().getParent().getParent();
    assertThat(Files.readString(run.resolve("tags/qstep.models_unregistered")))
        .contains("cdr-test (models/surrogate)");
  }

  @Test
  void mitigation_ofACircuitThatMeasuresIntoBits_isInvalidArgument() {
    String measured =
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[1] c;\nh q[0];\nc[0] = measure q[0];\n";
    StepRequest req =
        StepRequest.builder(CircuitSpec.of(measured))
            .shots(100)
            .seed(1)
            .parameter("mitigation", "readout")
            .build();
    assertField(() -> engine.run(req), "param.mitigation");
  }

  static void assertField(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_VALUE);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  @SuppressWarnings("unused")
  private static final Map<String, String> NONE = Map.of();
}
