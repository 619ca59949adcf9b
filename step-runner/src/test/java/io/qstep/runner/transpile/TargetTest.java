package io.qstep.runner.transpile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.GateKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void falcon27_hasThe28EdgesOfTheHeavyHexMapAndDegreeAtMost3() {
    Target t = Target.named("ibm-heavy-hex-27");
    assertThat(t.name()).isEqualTo("ibm-falcon-27");
    assertThat(t.numQubits()).isEqualTo(27);
    assertThat(t.edges()).hasSize(28);
    assertThat(t.connected()).isTrue();
    for (int q = 0; q < 27; q++) {
      assertThat(t.neighbours(q).length).isBetween(1, 3);
    }
    assertThat(t.entangler()).isEqualTo(GateKind.CX);
  }

  @Test
  void eagle127_matchesTheDeviceShape() {
    Target t = Target.ibmEagle127();
    assertThat(t.numQubits()).isEqualTo(127);
    assertThat(t.edges()).hasSize(144);
    assertThat(t.connected()).isTrue();
    assertThat(t.entangler()).isEqualTo(GateKind.ECR);
    assertThat(t.directed()).isTrue();
    // published ibm_sherbrooke pairs
    assertThat(t.coupled(0, 14)).isTrue();
    assertThat(t.coupled(14, 18)).isTrue();
    assertThat(t.coupled(12, 17)).isTrue();
    assertThat(t.coupled(17, 30)).isTrue();
    assertThat(t.coupled(20, 33)).isTrue();
    assertThat(t.coupled(33, 39)).isTrue();
    assertThat(t.coupled(108, 112)).isTrue();
    assertThat(t.coupled(112, 126)).isTrue();
    assertThat(t.coupled(13, 14)).isFalse();
    assertThat(t.allows(0, 14)).isTrue();
    assertThat(t.allows(14, 0)).isFalse();
    for (int q = 0; q < 127; q++) {
      assertThat(t.neighbours(q).length).isBetween(1, 3);
    }
  }

  @Test
  void heron156_has176EdgesAndCzBothWays() {
    Target t = Target.ibmHeron156();
    assertThat(t.numQubits()).isEqualTo(156);
    assertThat(t.edges()).hasSize(176);
    assertThat(t.connected()).isTrue();
    assertThat(t.entangler()).isEqualTo(GateKind.CZ);
    assertThat(t.allows(1, 0)).isTrue();
  }

  @Test
  void named_patterns_buildTheirShapes() {
    assertThat(Target.named("line-5").edges()).hasSize(4);
    assertThat(Target.named("ring-5").edges()).hasSize(5);
    assertThat(Target.named("grid-3x4").edges()).hasSize(17);
    assertThat(Target.named("all-6").edges()).hasSize(15);
    assertThat(Target.named("ionq-4").eulerForm()).isEqualTo(Target.EulerForm.ZYZ);
    assertThat(Target.named("rigetti-2x2").eulerForm()).isEqualTo(Target.EulerForm.ZXZ_HALF);
    assertThat(Target.named("ibm-eagle-127").eulerForm()).isEqualTo(Target.EulerForm.ZSX);
    assertThat(Target.named("line-3").distances()[0][2]).isEqualTo(2);
  }

  @Test
  void fromNames_readsIbmAndBraketNamesAndSkipsNonGates() {
    Target ibm =
        Target.fromNames(
            "ibm_x",
            3,
            List.of("ecr", "id", "rz", "sx", "x", "measure", "delay", "reset"),
            List.of(new Target.Edge(1, 0), new Target.Edge(1, 2)),
            true);
    assertThat(ibm.entangler()).isEqualTo(GateKind.ECR);
    assertThat(ibm.allows(1, 0)).isTrue();
    assertThat(ibm.allows(0, 1)).isFalse();
    Target braket =
        Target.fromNames(
            "braket",
            2,
            List.of("cnot", "rx", "ry", "rz", "si", "v", "xx"),
            List.of(new Target.Edge(0, 1)),
            false);
    assertThat(braket.basis()).contains(GateKind.CX, GateKind.SDG, GateKind.SX, GateKind.RXX);
    assertThat(braket.eulerForm()).isEqualTo(Target.EulerForm.ZSX);
  }
}
