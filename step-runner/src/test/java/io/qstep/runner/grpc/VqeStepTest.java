package io.qstep.runner.grpc;

import static io.qstep.runner.grpc.InProcessRunner.field;
import static io.qstep.runner.grpc.InProcessRunner.proto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qstep.internal.ProtoConverter;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.vqe.Ansatz;
import io.qstep.runner.vqe.H2;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.task.VqeSpec;
import io.qstep.tensor.Tensor;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Task {@code vqe} end to end through the in-process gRPC server. */
class VqeStepTest {
  static final double CHEMICAL_ACCURACY = 1.6e-3;

  static InProcessRunner runner;

  @BeforeAll
  static void start() {
    runner = new InProcessRunner(RunnerConfig.defaults().withMaxQubits(20));
  }

  @AfterAll
  static void stop() {
    runner.close();
  }

  static StepResult run(StepRequest r) {
    return ProtoConverter.fromProto(runner.stub.run(proto(r)));
  }

  static StepRequest.Builder h2(VqeSpec spec) {
    return StepRequest.builder(spec)
        .input("paulis", Tensor.ofStrings(H2.PAULIS, H2.PAULIS.size()))
        .input("coeffs", Tensor.ofDoubles(H2.COEFFS, H2.COEFFS.length));
  }

  static StepRequest request(List<String> paulis, Tensor coeffs, VqeSpec spec) {
    return StepRequest.builder(spec)
        .input("paulis", Tensor.ofStrings(paulis, paulis.size()))
        .input("coeffs", coeffs)
        .seed(1)
        .build();
  }

  static void assertInvalid(StepRequest r, String field, String text) {
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> runner.stub.run(proto(r)));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo(field);
    assertThat(e.getStatus().getDescription()).contains(field).contains(text);
  }

  @Test
  void h2_ucc_matchesExactDiagonalisation() {
    StepResult r = run(h2(new VqeSpec("ucc", 1, "", 0)).seed(3).build());
    assertThat(r.metrics().get("baseline_energy")).isCloseTo(H2.GROUND_ENERGY, within(1e-6));
    assertThat(r.metrics().get("energy")).isCloseTo(H2.GROUND_ENERGY, within(1e-6));
    assertThat(Math.abs(r.metrics().get("energy_error"))).isLessThan(CHEMICAL_ACCURACY);
    assertThat(r.output("parameters").shape()).containsExactly(1);
    assertThat(r.output("trace").shape()[0]).isEqualTo(r.metrics().get("evaluations").longValue());
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("verdict: quantum matched"));
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("validate: baseline dense-eigensolver"));
    int ref = new io.qstep.runner.vqe.PauliSum(H2.PAULIS, H2.COEFFS).lowestDiagonalState();
    assertThat(r.circuitVersion())
        .isEqualTo(new Ansatz(Ansatz.Kind.UCC, 2, 1, ref).circuit().version());
  }

  @Test
  void h2_hea_isWithinChemicalAccuracy() {
    StepResult r = run(h2(new VqeSpec("hea", 1, "bobyqa", 0)).seed(5).build());
    assertThat(r.metrics().get("energy") - H2.GROUND_ENERGY).isBetween(-1e-6, CHEMICAL_ACCURACY);
    assertThat(r.output("parameters").shape()).containsExactly(8);
    assertThat(r.circuitVersion())
        .isEqualTo(new Ansatz(Ansatz.Kind.HEA, 2, 1, 0).circuit().version());
  }

  @Test
  void h2_cmaes_isWithinChemicalAccuracy() {
    StepResult r = run(h2(new VqeSpec("ucc", 1, "cma-es", 0)).seed(5).build());
    assertThat(r.metrics().get("energy") - H2.GROUND_ENERGY).isBetween(-1e-6, CHEMICAL_ACCURACY);
  }

  @Test
  void h2_ucc_onASecondSimulatorThroughTheBackendSpi_matchesExactDiagonalisation() {
    // Strange (single precision) measures every energy the optimizer sees; the reported energy is
    // the engine's exact energy of the final angle.
    StepResult r = run(h2(new VqeSpec("ucc", 1, "", 0)).backend("strange").seed(3).build());
    assertThat(r.backendName()).isEqualTo("strange");
    assertThat(r.metrics().get("energy")).isCloseTo(H2.GROUND_ENERGY, within(1e-4));
    assertThat(r.metrics().get("energy_estimate")).isCloseTo(H2.GROUND_ENERGY, within(1e-4));
    assertThat(r.metrics().get("backend_executions"))
        .isEqualTo(r.metrics().get("evaluations").doubleValue());
    assertThat(r.warnings()).anyMatch(w -> w.contains("energies measured on backend 'strange'"));
  }

  @Test
  void h2_ucc_sampledOnASecondSimulator_isNearTheGroundEnergy_andRepeatable() {
    StepResult r =
        run(h2(new VqeSpec("ucc", 1, "", 0)).backend("strange").shots(4000).seed(5).build());
    // One Givens angle, 4000 shots per group: the optimum lands within a few mHa.
    assertThat(r.metrics().get("energy")).isCloseTo(H2.GROUND_ENERGY, within(0.02));
    assertThat(r.metrics().get("measurement_groups")).isGreaterThan(1.0);
    StepResult again =
        run(h2(new VqeSpec("ucc", 1, "", 0)).backend("strange").shots(4000).seed(5).build());
    assertThat(again.output("parameters").toDoubleArray())
        .containsExactly(r.output("parameters").toDoubleArray());
  }

  @Test
  void sameSeed_sameAnswer() {
    StepRequest req = h2(new VqeSpec("hea", 2, "cma-es", 300)).seed(42).build();
    StepResult a = run(req);
    StepResult b = run(req);
    assertThat(a.output("parameters").toDoubleArray())
        .containsExactly(b.output("parameters").toDoubleArray());
    assertThat(a.output("trace").toDoubleArray())
        .containsExactly(b.output("trace").toDoubleArray());
    assertThat(a.metrics().get("energy")).isEqualTo(b.metrics().get("energy"));
  }

  @Test
  void sampledMode_estimatesNearTheExactEnergy() {
    StepResult r = run(h2(new VqeSpec("ucc", 1, "", 100)).seed(9).shots(4000).build());
    assertThat(r.metrics()).containsKeys("energy_estimate", "measurement_groups");
    // two qubit-wise commuting groups (Z-type and XX) plus the identity
    assertThat(r.metrics().get("measurement_groups")).isEqualTo(3.0);
    // SPSA on 4000-shot estimates: within 10 mHa of the exact optimum
    assertThat(r.metrics().get("energy") - H2.GROUND_ENERGY).isBetween(-1e-9, 1e-2);
  }

  @Test
  void baselineMode_runsOnlyTheExactSolver() {
    StepResult r = run(h2(new VqeSpec("", 0, "", 0, "baseline")).seed(1).build());
    assertThat(r.metrics().get("energy")).isCloseTo(H2.GROUND_ENERGY, within(1e-6));
    assertThat(r.outputs()).isEmpty();
  }

  @Test
  void quantumMode_hasNoBaseline() {
    StepResult r = run(h2(new VqeSpec("ucc", 1, "", 0, "quantum")).seed(1).build());
    assertThat(r.metrics()).doesNotContainKey("baseline_energy");
    assertThat(r.metrics().get("energy")).isCloseTo(H2.GROUND_ENERGY, within(1e-6));
  }

  @Test
  void complexCoefficientsWithZeroImaginaryParts_areAccepted() {
    double[] c = new double[2 * H2.COEFFS.length];
    for (int k = 0; k < H2.COEFFS.length; k++) {
      c[2 * k] = H2.COEFFS[k];
    }
    StepResult r =
        run(
            request(
                H2.PAULIS, Tensor.ofDoubles(c, H2.COEFFS.length, 2), new VqeSpec("ucc", 1, "", 0)));
    assertThat(r.metrics().get("baseline_energy")).isCloseTo(H2.GROUND_ENERGY, within(1e-6));
  }

  // --- bad input: INVALID_ARGUMENT naming the field; the server keeps serving -------------------

  static final VqeSpec HEA = new VqeSpec("hea", 1, "", 20);

  @Test
  void paulisOfDifferentLengths_isInvalidArgument() {
    assertInvalid(
        request(List.of("XX", "ZZZ"), Tensor.ofDoubles(new double[] {1, 2}, 2), HEA),
        "inputs[paulis]",
        "element 1");
  }

  @Test
  void badPauliLetter_isInvalidArgument() {
    assertInvalid(
        request(List.of("XX", "ZA"), Tensor.ofDoubles(new double[] {1, 2}, 2), HEA),
        "inputs[paulis]",
        "'A' at position 1");
    assertInvalid(
        request(List.of("xz"), Tensor.ofDoubles(new double[] {1}, 1), HEA),
        "inputs[paulis]",
        "element 0");
  }

  @Test
  void emptyPauliString_isInvalidArgument() {
    assertInvalid(
        request(List.of(""), Tensor.ofDoubles(new double[] {1}, 1), HEA),
        "inputs[paulis]",
        "element 0");
  }

  @Test
  void paulisNotBytes_isInvalidArgument() {
    StepRequest r =
        StepRequest.builder(HEA)
            .input("paulis", Tensor.ofDoubles(new double[] {1}, 1))
            .input("coeffs", Tensor.ofDoubles(new double[] {1}, 1))
            .build();
    assertInvalid(r, "inputs[paulis]", "BYTES");
  }

  @Test
  void missingInputs_areInvalidArgument() {
    assertInvalid(
        StepRequest.builder(HEA).input("coeffs", Tensor.ofDoubles(new double[] {1}, 1)).build(),
        "inputs[paulis]",
        "required");
    assertInvalid(
        StepRequest.builder(HEA).input("paulis", Tensor.ofStrings(List.of("Z"), 1)).build(),
        "inputs[coeffs]",
        "required");
  }

  @Test
  void complexCoefficient_isNonHermitian() {
    double[] c = {1, 0, 0.5, 0.25};
    assertInvalid(
        request(List.of("XX", "ZZ"), Tensor.ofDoubles(c, 2, 2), HEA),
        "inputs[coeffs]",
        "not Hermitian");
  }

  @Test
  void coefficientCountMismatch_isInvalidArgument() {
    assertInvalid(
        request(List.of("XX", "ZZ"), Tensor.ofDoubles(new double[] {1, 2, 3}, 3), HEA),
        "inputs[coeffs]",
        "shape");
    assertInvalid(
        request(List.of("XX", "ZZ"), Tensor.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), HEA),
        "inputs[coeffs]",
        "shape");
  }

  @Test
  void nanCoefficient_isInvalidArgument() {
    assertInvalid(
        request(List.of("XX", "ZZ"), Tensor.ofDoubles(new double[] {1, Double.NaN}, 2), HEA),
        "inputs[coeffs]",
        "NaN");
  }

  @Test
  void badTaskSettings_areInvalidArgument() {
    Tensor c = Tensor.ofDoubles(new double[] {1}, 1);
    assertInvalid(
        request(List.of("ZZ"), c, new VqeSpec("qaoa", 1, "", 0)), "task.vqe.ansatz", "qaoa");
    assertInvalid(request(List.of("Z"), c, new VqeSpec("ucc", 1, "", 0)), "task.vqe.ansatz", "2");
    assertInvalid(
        request(List.of("ZZ"), c, new VqeSpec("hea", 65, "", 0)), "task.vqe.depth", "[1, 64]");
    assertInvalid(
        request(List.of("ZZ"), c, new VqeSpec("hea", -1, "", 0)), "task.vqe.depth", "[1, 64]");
    assertInvalid(
        request(List.of("ZZ"), c, new VqeSpec("hea", 1, "cobyla", 0)),
        "task.vqe.optimizer",
        "cobyla");
    assertInvalid(
        request(List.of("ZZ"), c, new VqeSpec("hea", 1, "", -5)),
        "task.vqe.max_iterations",
        ">= 0");
    assertInvalid(
        request(List.of("ZZ"), c, new VqeSpec("hea", 1, "", 0, "sometimes")),
        "task.vqe.mode",
        "sometimes");
  }

  @Test
  void baselineOnlyBeyondFourteenQubits_isInvalidArgument() {
    String z = String.join("", Collections.nCopies(15, "Z"));
    assertInvalid(
        request(
            List.of(z),
            Tensor.ofDoubles(new double[] {1}, 1),
            new VqeSpec("", 0, "", 0, "baseline")),
        "task.vqe.mode",
        "14");
  }

  @Test
  void tooManyQubits_isResourceExhausted() {
    String z = String.join("", Collections.nCopies(21, "Z"));
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                runner.stub.run(
                    proto(request(List.of(z), Tensor.ofDoubles(new double[] {1}, 1), HEA))));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(field(e)).isEqualTo("inputs[paulis]");
  }

  @Test
  void afterBadInput_theServerKeepsServing() {
    assertInvalid(
        request(List.of("XQ"), Tensor.ofDoubles(new double[] {1}, 1), HEA), "inputs[paulis]", "Q");
    StepResult r = run(h2(new VqeSpec("ucc", 1, "", 0)).seed(3).build());
    assertThat(r.metrics().get("energy")).isCloseTo(H2.GROUND_ENERGY, within(1e-6));
  }
}
