package io.qstep.runner.transpile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.circuit.Param;
import org.junit.jupiter.api.Test;

class PhysicalQasmTest {
  private static TranspiledCircuit bellOnEagle() {
    Circuit c =
        Circuit.builder(3)
            .h(0)
            .cx(0, 1)
            .rz(2, new Param.Symbol("theta", 2.0, 0.5))
            .cx(1, 2)
            .measureAll()
            .build();
    return Transpiler.transpile(c, Target.ibmEagle127(), 11);
  }

  @Test
  void openQasm3_readsBackToTheSameGatesOnPhysicalQubits() {
    TranspiledCircuit tc = bellOnEagle();
    String text = PhysicalQasm.write(tc, PhysicalQasm.Dialect.OPENQASM3);
    assertThat(text).startsWith("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
    assertThat(text).contains("input float[64] theta;").contains("ecr $").contains("measure $");
    Circuit back = OpenQasm.parse(text);
    assertThat(back.gates()).isEqualTo(tc.circuit().gates());
    assertThat(back.measurements()).isEqualTo(tc.circuit().measurements());
    assertThat(back.parameters()).containsExactly("theta");
  }

  @Test
  void braket_usesBraketNamesInAVerbatimBox() {
    Circuit c = Circuit.builder(2).h(0).cx(0, 1).sdg(1).measureAll().build();
    TranspiledCircuit tc = Transpiler.transpile(c, Target.ionq(2), 1);
    String text = PhysicalQasm.write(tc, PhysicalQasm.Dialect.BRAKET);
    assertThat(text).contains("#pragma braket verbatim\nbox {\n").contains("cnot $");
    assertThat(text).doesNotContain("include").doesNotContain(" cx ");
    assertThat(text).contains("c[1] = measure $");
  }
}
