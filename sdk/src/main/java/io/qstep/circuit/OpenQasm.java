package io.qstep.circuit;

/**
 * OpenQASM 2 and 3 export and import of {@link Circuit}s. Stateless and thread-safe.
 *
 * <h2>Export</h2>
 *
 * {@link #toQasm3} writes canonical text: the same circuit always gives the same bytes, on every
 * platform and JDK, and {@link Circuit#version()} is the sha256 of it. The layout:
 *
 * <pre>
 * OPENQASM 3.0;
 * include "stdgates.inc";
 * input float[64] theta;            // one per parameter, in Circuit.parameters() order
 * gate rzz(theta) a, b { ... }      // only for gates stdgates.inc lacks (rxx, ryy, rzz), when used
 * gate mylabel q0, q1 { ... }       // one per distinct custom unitary, in order of first use
 * qubit[2] q;
 * bit[2] c;                         // when the circuit has classical bits
 * rx(2.0*theta + 0.5) q[0];         // one gate per line, in order
 * c[0] = measure q[0];
 * </pre>
 *
 * Angles print as the shortest decimal that reads back to the same double ({@code 0.5}, {@code
 * 1.0E-5}, never {@code -0.0}); symbolic angles as {@code theta}, {@code -theta}, {@code
 * 2.0*theta}, {@code 2.0*theta + 0.5}, {@code theta - 1.5}. Register names are {@code q} and {@code
 * c} unless a parameter takes them ({@code q_1}, ...). A custom unitary ({@link GateKind#UNITARY})
 * on k &le; 5 qubits becomes a {@code gate} definition named after its label (with a {@code _n}
 * suffix when the label is taken) whose body equals the matrix up to global phase: one {@code U}
 * for k = 1 (ZYZ Euler angles), a Gray-code two-level decomposition into {@code U}, {@code p},
 * {@code cx}, {@code ccx}, {@code x} for k &ge; 2. Larger unitaries are rejected.
 *
 * <p>{@link #toQasm2} writes {@code qelib1.inc} gates ({@code u3} for U, {@code u1} for P, {@code
 * cu1} for CP, {@code id}) and defines with {@code gate} the ones the original qelib1.inc lacks
 * ({@code sx}, {@code swap}, {@code crx}, {@code cry}, {@code rxx}, {@code ryy}, {@code rzz}); it
 * rejects parameterised circuits, which OpenQASM 2 cannot express.
 *
 * <h2>Import</h2>
 *
 * {@link #parse} reads either version ({@code OPENQASM 2.0;} or {@code OPENQASM 3;}/{@code 3.x};
 * without a version statement, OpenQASM 3):
 *
 * <ul>
 *   <li>{@code include "qelib1.inc";} and {@code include "stdgates.inc";} (no other files) make the
 *       standard gates callable: id, x, y, z, h, s, sdg, t, tdg, sx, sxdg, rx, ry, rz, p, phase,
 *       u1, u2, u3, u, u0, U, cx, CX, cy, cz, ch, swap, cswap, ccx, cp, cphase, cu1, cu3, cu, crx,
 *       cry, crz, csx, rxx, ryy, rzz, ecr. Gates without an IR kind are expanded exactly (up to
 *       global phase). {@code U} and {@code CX} need no include.
 *   <li>{@code qreg q[n];}, {@code creg c[n];}, {@code qubit[n] q;}, {@code qubit q;}, {@code
 *       bit[n] c;}, {@code bit c;}: registers are flattened in declaration order; physical qubits
 *       {@code $n} in a program that declares none.
 *   <li>{@code input float[64] theta;} (or {@code float}, {@code angle}) declares circuit
 *       parameters in order; {@code const float x = ...;} a named constant.
 *   <li>Gate calls with angle expressions of numbers ({@code 1e-3}), {@code pi}/{@code π}, {@code
 *       tau}/{@code τ}, {@code euler}/{@code ℇ}, inputs, {@code + - * /}, unary minus, parentheses,
 *       {@code **} (OpenQASM 2: {@code ^}) and sin, cos, tan, arcsin, arccos, arctan, exp, ln, sqrt
 *       of constants. An angle must be {@code scale * input + offset} for one input.
 *   <li>Whole registers as arguments broadcast ({@code h q;}, {@code cx q, r;}).
 *   <li>{@code gate name(params) a, b { ... }} definitions, expanded inline; a definition that
 *       reuses a standard gate's name and matches it (up to global phase) maps back to that gate,
 *       which is how exported {@code rzz} etc. round-trip.
 *   <li>{@code measure q -> c;}, {@code c = measure q;}, {@code measure q;} (result dropped);
 *       measurements are terminal: a gate on a measured qubit is rejected.
 *   <li>{@code barrier} is ignored; {@code gphase(θ);} is ignored (global phase is unobservable
 *       here); comments {@code //} and {@code /* *}{@code /}.
 * </ul>
 *
 * Rejected with a {@link QasmException}: {@code reset}, {@code if}, {@code opaque}, gate modifiers
 * ({@code ctrl @}, {@code inv @}, ...), classical declarations and control flow, register slices,
 * other include files, and any other OpenQASM 3 construct not listed above.
 */
public final class OpenQasm {
  private OpenQasm() {}

  /**
   * The canonical OpenQASM 3 text of {@code circuit}, parameters unbound.
   *
   * @throws IllegalArgumentException when the circuit has a custom unitary on more than 5 qubits
   */
  public static String toQasm3(Circuit circuit) {
    return QasmWriter.write(circuit, true);
  }

  /**
   * OpenQASM 2 text of a bound circuit.
   *
   * @throws IllegalArgumentException when the circuit has symbolic parameters, or a custom unitary
   *     on more than 5 qubits
   */
  public static String toQasm2(Circuit circuit) {
    return QasmWriter.write(circuit, false);
  }

  /**
   * Reads an OpenQASM 2 or 3 program, detected from its version statement.
   *
   * @param source the program text, never null
   * @throws QasmException for anything that is not a supported, well-formed program
   */
  public static Circuit parse(String source) {
    return new QasmParser(source).parse();
  }
}
