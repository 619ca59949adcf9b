package io.qstep.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.circuit.Circuit;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.OpenQasm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranspileCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int cli(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path ghz() throws Exception {
    Path in = dir.resolve("ghz.qasm");
    Files.writeString(
        in,
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[4] q;\nbit[4] c;\n"
            + "h q[0];\ncx q[0], q[1];\ncx q[0], q[2];\ncx q[0], q[3];\nc = measure q;\n");
    return in;
  }

  @Test
  void transpile_ghzForHeavyHex27_writesNativePhysicalQasm() throws Exception {
    Path o = dir.resolve("out.qasm");
    int code =
        cli(
            "transpile",
            "--qasm",
            ghz().toString(),
            "--target",
            "ibm-heavy-hex-27",
            "--out",
            o.toString(),
            "--json");
    assertThat(code).as(err.toString()).isZero();
    Circuit back = OpenQasm.parse(Files.readString(o));
    Set<GateKind> nativeGates = Set.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.CX);
    assertThat(back.gates()).allMatch(g -> nativeGates.contains(g.kind()));
    assertThat(back.measurements()).hasSize(4);
    JsonObject s = JsonParser.parseString(out.toString().trim()).getAsJsonObject();
    assertThat(s.get("target").getAsString()).isEqualTo("ibm-falcon-27");
    assertThat(s.get("two_qubit_gates").getAsInt()).isGreaterThanOrEqualTo(3);
    assertThat(s.getAsJsonArray("final_layout")).hasSize(4);
  }

  @Test
  void transpile_swapThenCp_resynthesisToThreeTwoQubitGatesUnlessDisabled() throws Exception {
    // SWAP · CP(0.3) on one pair: 5 CX as written, 3 after two-qubit block resynthesis
    Path in = dir.resolve("swapcp.qasm");
    Files.writeString(
        in,
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\n"
            + "swap q[0], q[1];\ncp(0.3) q[0], q[1];\n");
    int code = cli("transpile", "--qasm", in.toString(), "--target", "line-2", "--json");
    assertThat(code).as(err.toString()).isZero();
    // without --out the program goes to standard output and the summary to standard error
    JsonObject on = JsonParser.parseString(err.toString().trim()).getAsJsonObject();
    assertThat(on.get("two_qubit_gates").getAsInt()).isEqualTo(3);
    err.getBuffer().setLength(0);
    code =
        cli(
            "transpile",
            "--qasm",
            in.toString(),
            "--target",
            "line-2",
            "--json",
            "--no-resynthesis");
    assertThat(code).as(err.toString()).isZero();
    JsonObject off = JsonParser.parseString(err.toString().trim()).getAsJsonObject();
    assertThat(off.get("two_qubit_gates").getAsInt()).isEqualTo(5);
  }

  @Test
  void transpile_braketFormatToStdout() throws Exception {
    int code =
        cli("transpile", "--qasm", ghz().toString(), "--target", "ionq-4", "--format", "braket");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("#pragma braket verbatim").contains("cnot $");
    assertThat(err.toString()).contains("ionq-4");
  }

  @Test
  void transpile_unknownTarget_exits2NamingTarget() throws Exception {
    int code = cli("transpile", "--qasm", ghz().toString(), "--target", "ibm-nope");
    assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("INVALID_VALUE: target: unknown target 'ibm-nope'");
  }

  @Test
  void transpile_circuitWiderThanTarget_exits2NamingNumQubits() throws Exception {
    int code = cli("transpile", "--qasm", ghz().toString(), "--target", "line-3");
    assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("CAPABILITY_MISMATCH: circuit.numQubits");
  }

  @Test
  void transpile_badQasm_exits2NamingQasm() throws Exception {
    Path bad = dir.resolve("bad.qasm");
    Files.writeString(bad, "OPENQASM 3.0;\nqubit[2] q;\nfoo q[0];\n");
    int code = cli("transpile", "--qasm", bad.toString(), "--target", "line-3");
    assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("qasm");
  }
}
