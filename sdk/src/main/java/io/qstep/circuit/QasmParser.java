package io.qstep.circuit;

import io.qstep.circuit.QasmExpr.Affine;
import io.qstep.circuit.QasmLexer.Kind;
import io.qstep.circuit.QasmLexer.Token;
import io.qstep.error.ErrorReason;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent reader of the OpenQASM 2 and 3 subset described in {@link OpenQasm}. One
 * instance reads one program; not thread-safe.
 */
final class QasmParser {
  /** Most qubits (and bits) a program may declare; protects memory against hostile input. */
  static final int MAX_QUBITS = 1 << 16;

  /** Most IR gates a program may expand to (gate definitions can nest exponentially). */
  static final int MAX_GATES = 1 << 20;

  private static final int MAX_EXPR_DEPTH = 64;
  private static final int MAX_EXPR_NODES = 1000;
  private static final int MAX_GATE_NESTING = 100;

  /** Angle samples at which a program's definition of a library gate is compared with ours. */
  private static final double[][] SAMPLES = {
    {0.4123, -1.2871, 2.0339, 0.7713}, {-2.3391, 0.9177, -0.3562, 1.6061}
  };

  private static final Set<String> MODIFIERS = Set.of("ctrl", "negctrl", "inv", "pow");
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "for",
          "while",
          "def",
          "defcal",
          "cal",
          "defcalgrammar",
          "box",
          "let",
          "output",
          "extern",
          "delay",
          "switch",
          "case",
          "default",
          "return",
          "break",
          "continue",
          "end",
          "int",
          "uint",
          "float",
          "angle",
          "bool",
          "complex",
          "duration",
          "stretch",
          "array",
          "pragma",
          "else",
          "readonly",
          "mutable",
          "void",
          "nop");

  private final QasmLexer lex;
  private int version = 3;
  private String library;
  private final Map<String, Register> qregs = new LinkedHashMap<>();
  private final Map<String, Register> cregs = new LinkedHashMap<>();
  private final Set<String> declared = new HashSet<>();
  private int numQubits;
  private int numClbits;
  private boolean physical;
  private final Map<String, Affine> inputs = new LinkedHashMap<>();
  private final Map<String, Double> consts = new HashMap<>();
  private final Map<String, QasmLibrary.Def> userGates = new HashMap<>();
  private final List<Gate> gates = new ArrayList<>();
  private final List<Measurement> measurements = new ArrayList<>();
  private final BitSet measured = new BitSet();
  private int exprDepth;
  private int exprNodes;
  private int nesting;

  private record Register(String name, int offset, int size, boolean scalar) {}

  /** A resolved qubit or bit argument: one index, or a whole register (broadcast). */
  private record Operand(int[] indices, boolean register, Token token, String text) {}

  QasmParser(String source) {
    this.lex = new QasmLexer(source);
  }

  Circuit parse() {
    header();
    while (lex.peek().kind() != Kind.EOF) {
      statement();
    }
    if (numQubits == 0) {
      throw error(lex.peek(), "the program declares no qubits");
    }
    Circuit.Builder b = Circuit.builder(numQubits);
    for (String p : inputs.keySet()) {
      b.parameter(p);
    }
    b.clbits(numClbits);
    for (Gate g : gates) {
      b.gate(g);
    }
    for (Measurement m : measurements) {
      b.measure(m.qubit(), m.clbit());
    }
    return b.build();
  }

  // ---------------------------------------------------------------- statements

  private void header() {
    Token t = lex.peek();
    if (t.kind() != Kind.IDENT || !t.text().equals("OPENQASM")) {
      return; // the version statement is optional in OpenQASM 3
    }
    lex.next();
    Token v = lex.next();
    if (v.kind() != Kind.INT && v.kind() != Kind.FLOAT) {
      throw error(v, "expected a version number after OPENQASM, found " + v.describe());
    }
    switch (v.text()) {
      case "2", "2.0" -> version = 2;
      case "3", "3.0", "3.1", "3.2" -> version = 3;
      default -> throw error(v, "unsupported OpenQASM version " + v.text() + "; expected 2.0 or 3");
    }
    expect(";", "after the version");
  }

  private void statement() {
    Token t = lex.peek();
    if (t.is(";") && t.kind() == Kind.PUNCT) {
      lex.next();
      return;
    }
    if (t.kind() == Kind.PUNCT && t.text().equals("@")) {
      throw error(t, "annotations ('@...') are not supported");
    }
    if (t.kind() != Kind.IDENT) {
      throw error(t, "expected a statement, found " + t.describe());
    }
    String word = t.text();
    switch (word) {
      case "OPENQASM" -> throw error(t, "OPENQASM must be the first statement");
      case "include" -> include();
      case "qreg" -> legacyRegister(true);
      case "creg" -> legacyRegister(false);
      case "qubit" -> register(true);
      case "bit" -> register(false);
      case "input" -> input();
      case "const" -> constant();
      case "gate" -> gateDefinition();
      case "measure" -> measure();
      case "barrier" -> barrier();
      case "opaque" -> throw error(t, "opaque gates are not supported: qstep needs a definition");
      case "reset" ->
          throw error(
              t, "reset is not supported: a qstep circuit is gates followed by measurements");
      case "if" -> throw error(t, "classically controlled gates ('if') are not supported");
      default -> {
        if (version == 3 && word.equals("gphase")) {
          globalPhase();
        } else if (MODIFIERS.contains(word)) {
          throw error(t, "gate modifiers ('" + word + " @') are not supported");
        } else if (version == 3 && UNSUPPORTED.contains(word)) {
          throw error(t, "'" + word + "' statements are not supported");
        } else if (lex.peek(1).is("=") || lex.peek(1).is("[")) {
          assignment();
        } else {
          gateCall();
        }
      }
    }
  }

  private void include() {
    lex.next();
    Token s = lex.next();
    if (s.kind() != Kind.STRING) {
      throw error(s, "expected a file name in quotes after include, found " + s.describe());
    }
    if (!s.text().equals("qelib1.inc") && !s.text().equals("stdgates.inc")) {
      throw error(
          s, "cannot include \"" + s.text() + "\": only qelib1.inc and stdgates.inc are built in");
    }
    expect(";", "after include");
    library = s.text();
  }

  /** {@code qreg name[n];} / {@code creg name[n];} (both versions). */
  private void legacyRegister(boolean quantum) {
    lex.next();
    Token name = expectIdent("register name");
    expect("[", "after the register name");
    int size = size(lex.next());
    expect("]", "after the register size");
    expect(";", "after the register declaration");
    declare(name, size, false, quantum);
  }

  /** {@code qubit[n] name;}, {@code qubit name;}, {@code bit[n] name;}, {@code bit name;}. */
  private void register(boolean quantum) {
    Token kw = lex.next();
    if (version == 2) {
      throw error(kw, "'" + kw.text() + "' declarations need OPENQASM 3; use qreg/creg");
    }
    int size = 1;
    boolean scalar = true;
    if (lex.peek().is("[")) {
      lex.next();
      size = size(lex.next());
      expect("]", "after the register size");
      scalar = false;
    }
    Token name = expectIdent("register name");
    expect(";", "after the register declaration");
    declare(name, size, scalar, quantum);
  }

  private void declare(Token name, int size, boolean scalar, boolean quantum) {
    checkNewName(name);
    if (quantum) {
      if (physical) {
        throw error(name, "cannot declare qubits in a program that uses physical qubits ($n)");
      }
      if ((long) numQubits + size > MAX_QUBITS) {
        throw error(name, "more than " + MAX_QUBITS + " qubits");
      }
      qregs.put(name.text(), new Register(name.text(), numQubits, size, scalar));
      numQubits += size;
    } else {
      if ((long) numClbits + size > MAX_QUBITS) {
        throw error(name, "more than " + MAX_QUBITS + " classical bits");
      }
      cregs.put(name.text(), new Register(name.text(), numClbits, size, scalar));
      numClbits += size;
    }
    declared.add(name.text());
  }

  private int size(Token t) {
    if (t.kind() != Kind.INT) {
      throw error(t, "expected a register size (an integer), found " + t.describe());
    }
    int n = smallInt(t);
    if (n < 1) {
      throw error(t, "a register needs at least one element");
    }
    return n;
  }

  private int smallInt(Token t) {
    if (t.text().length() > 9) {
      throw error(t, "number " + t.text() + " is too large");
    }
    return Integer.parseInt(t.text());
  }

  /** {@code input float[64] name;} declares a circuit parameter. */
  private void input() {
    Token kw = lex.next();
    if (version == 2) {
      throw error(kw, "input declarations need OPENQASM 3");
    }
    Token type = lex.next();
    if (!(type.kind() == Kind.IDENT
        && (type.text().equals("float") || type.text().equals("angle")))) {
      throw error(
          type,
          "expected float or angle after input (circuit parameters are angles), found "
              + type.describe());
    }
    designator();
    Token name = expectIdent("parameter name");
    expect(";", "after the input declaration");
    checkNewName(name);
    if (!name.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw error(name, "parameter names must be ASCII identifiers, found '" + name.text() + "'");
    }
    inputs.put(name.text(), Affine.symbol(name.text()));
    declared.add(name.text());
  }

  /** An optional {@code [n]} after a classical type. */
  private void designator() {
    if (lex.peek().is("[")) {
      lex.next();
      Token n = lex.next();
      if (n.kind() != Kind.INT) {
        throw error(n, "expected a type width (an integer), found " + n.describe());
      }
      expect("]", "after the type width");
    }
  }

  /** {@code const float[64] name = expr;}: a named constant usable in angle expressions. */
  private void constant() {
    Token kw = lex.next();
    if (version == 2) {
      throw error(kw, "const declarations need OPENQASM 3");
    }
    Token type = lex.next();
    if (!(type.kind() == Kind.IDENT
        && Set.of("float", "angle", "int", "uint").contains(type.text()))) {
      throw error(type, "expected float, angle, int or uint after const, found " + type.describe());
    }
    designator();
    Token name = expectIdent("constant name");
    expect("=", "after the constant name");
    QasmExpr e = expression();
    expect(";", "after the constant");
    Affine v = e.eval(this::topScope);
    if (!v.isConstant()) {
      throw error(name, "const '" + name.text() + "' depends on input '" + v.symbol() + "'");
    }
    checkNewName(name);
    consts.put(name.text(), v.offset());
    declared.add(name.text());
  }

  private void checkNewName(Token name) {
    String n = name.text();
    if (declared.contains(n)) {
      throw error(name, "'" + n + "' is already declared");
    }
    if (QasmNames.isReserved(n) || QasmExpr.builtinConstant(n) != null) {
      throw error(name, "'" + n + "' is reserved");
    }
  }

  private void globalPhase() {
    lex.next();
    expect("(", "after gphase");
    QasmExpr e = expression();
    expect(")", "after the gphase angle");
    expect(";", "after gphase");
    e.eval(this::topScope); // validated, then dropped: a global phase is unobservable here
  }

  private void barrier() {
    lex.next();
    if (!lex.peek().is(";")) {
      qargs();
    }
    expect(";", "after barrier");
  }

  // ---------------------------------------------------------------- measurement

  /** {@code measure q -> c;} (both versions) or {@code measure q;} (3, result discarded). */
  private void measure() {
    lex.next();
    Operand q = qarg();
    if (lex.peek().is("->")) {
      lex.next();
      Operand c = carg();
      expect(";", "after the measurement");
      measurePairs(q, c);
    } else {
      if (version == 2) {
        throw error(lex.peek(), "expected '->' after the measured qubit, found " + desc());
      }
      expect(";", "after the measurement");
      for (int i : q.indices()) {
        measured.set(i);
      }
    }
  }

  /** {@code c = measure q;} (3). */
  private void assignment() {
    Token first = lex.peek();
    if (version == 2) {
      throw error(first, "assignment ('c = measure q;') needs OPENQASM 3; use measure q -> c;");
    }
    Operand c = carg();
    expect("=", "after the classical bit");
    Token m = lex.next();
    if (!m.is("measure") || m.kind() != Kind.IDENT) {
      throw error(
          m,
          "expected 'measure' after '=' (classical computation is not supported), found "
              + m.describe());
    }
    Operand q = qarg();
    expect(";", "after the measurement");
    measurePairs(q, c);
  }

  private void measurePairs(Operand q, Operand c) {
    if (q.indices().length != c.indices().length || q.register() != c.register()) {
      throw error(
          c.token(),
          "measure: '"
              + q.text()
              + "' has "
              + q.indices().length
              + " qubit(s) but '"
              + c.text()
              + "' has "
              + c.indices().length
              + " bit(s)");
    }
    if (measurements.size() + q.indices().length > MAX_GATES) {
      throw error(q.token(), "more than " + MAX_GATES + " measurements");
    }
    for (int i = 0; i < q.indices().length; i++) {
      measurements.add(new Measurement(q.indices()[i], c.indices()[i]));
      measured.set(q.indices()[i]);
    }
  }

  // ---------------------------------------------------------------- operands

  private List<Operand> qargs() {
    List<Operand> out = new ArrayList<>();
    out.add(qarg());
    while (lex.peek().is(",")) {
      lex.next();
      out.add(qarg());
    }
    return out;
  }

  private Operand qarg() {
    Token t = lex.next();
    if (t.kind() == Kind.PHYSICAL) {
      if (version == 2) {
        throw error(t, "physical qubits ($n) need OPENQASM 3");
      }
      if (!qregs.isEmpty()) {
        throw error(t, "cannot mix physical qubits ($n) with declared qubit registers");
      }
      if (t.text().length() > 9 || Integer.parseInt(t.text()) >= MAX_QUBITS) {
        throw error(t, "physical qubit $" + t.text() + " is beyond the limit of " + MAX_QUBITS);
      }
      int idx = Integer.parseInt(t.text());
      physical = true;
      numQubits = Math.max(numQubits, idx + 1);
      return new Operand(new int[] {idx}, false, t, "$" + idx);
    }
    if (t.kind() != Kind.IDENT) {
      throw error(t, "expected a qubit, found " + t.describe());
    }
    Register r = qregs.get(t.text());
    if (r == null) {
      if (cregs.containsKey(t.text())) {
        throw error(t, "'" + t.text() + "' is a classical register; expected qubits");
      }
      throw error(t, "unknown qubit register '" + t.text() + "'");
    }
    return operand(t, r);
  }

  private Operand carg() {
    Token t = lex.next();
    if (t.kind() != Kind.IDENT) {
      throw error(t, "expected a classical bit, found " + t.describe());
    }
    Register r = cregs.get(t.text());
    if (r == null) {
      if (qregs.containsKey(t.text())) {
        throw error(t, "'" + t.text() + "' is a qubit register; expected classical bits");
      }
      throw error(t, "unknown classical register '" + t.text() + "'");
    }
    return operand(t, r);
  }

  private Operand operand(Token t, Register r) {
    if (lex.peek().is("[")) {
      lex.next();
      Token i = lex.next();
      if (i.kind() != Kind.INT) {
        throw error(
            i, "expected an integer index, found " + i.describe() + " (slices are not supported)");
      }
      expect("]", "after the index");
      if (r.scalar()) {
        throw error(i, "'" + r.name() + "' is a single element and cannot be indexed");
      }
      int idx = i.text().length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(i.text());
      if (idx >= r.size()) {
        throw error(
            i, "index " + i.text() + " is out of range for " + r.name() + "[" + r.size() + "]");
      }
      return new Operand(new int[] {r.offset() + idx}, false, t, r.name() + "[" + idx + "]");
    }
    if (r.scalar()) {
      return new Operand(new int[] {r.offset()}, false, t, r.name());
    }
    int[] all = new int[r.size()];
    for (int k = 0; k < all.length; k++) {
      all[k] = r.offset() + k;
    }
    return new Operand(all, true, t, r.name());
  }

  private String qubitName(int index) {
    if (physical) {
      return "$" + index;
    }
    for (Register r : qregs.values()) {
      if (index >= r.offset() && index < r.offset() + r.size()) {
        return r.scalar() ? r.name() : r.name() + "[" + (index - r.offset()) + "]";
      }
    }
    return "qubit " + index;
  }

  // ---------------------------------------------------------------- gates

  private QasmLibrary.Def resolveGate(Token name) {
    QasmLibrary.Def d = userGates.get(name.text());
    if (d != null) {
      return d;
    }
    QasmLibrary.Def lib = QasmLibrary.lookup(name.text());
    if (lib != null && (library != null || QasmLibrary.BUILTIN.contains(name.text()))) {
      return lib;
    }
    String hint =
        lib != null
            ? " (it is in the standard library: add include \""
                + (version == 2 ? "qelib1.inc" : "stdgates.inc")
                + "\";)"
            : "";
    throw new QasmException(
        ErrorReason.UNKNOWN_GATE,
        name.line(),
        name.column(),
        "unknown gate '" + name.text() + "'" + hint);
  }

  private void gateCall() {
    Token name = lex.next();
    QasmLibrary.Def def = resolveGate(name);
    List<QasmExpr> exprs = optionalArguments();
    List<Operand> args = qargs();
    expect(";", "after the gate's qubits");
    checkArity(name, def, exprs.size(), args.size());
    Affine[] params = new Affine[exprs.size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = exprs.get(i).eval(this::topScope);
    }
    int width = 1;
    Operand sized = null;
    for (Operand a : args) {
      if (a.register()) {
        if (sized == null) {
          sized = a;
          width = a.indices().length;
        } else if (a.indices().length != width) {
          throw error(
              a.token(),
              "register '"
                  + a.text()
                  + "' has "
                  + a.indices().length
                  + " qubits but '"
                  + sized.text()
                  + "' has "
                  + width
                  + ": broadcasting needs equal sizes");
        }
      }
    }
    for (int i = 0; i < width; i++) {
      int[] qs = new int[args.size()];
      for (int j = 0; j < qs.length; j++) {
        Operand a = args.get(j);
        qs[j] = a.register() ? a.indices()[i] : a.indices()[0];
        for (int k = 0; k < j; k++) {
          if (qs[k] == qs[j]) {
            throw error(
                a.token(),
                qubitName(qs[j]) + " is used twice in one '" + name.text() + "' application");
          }
        }
      }
      invoke(def, name.text(), params, qs, this::emitTop, name.line(), name.column());
    }
  }

  private void checkArity(Token name, QasmLibrary.Def def, int nParams, int nQubits) {
    if (nParams != def.numParams()) {
      throw error(
          name,
          "gate '" + name.text() + "' takes " + def.numParams() + " parameter(s), got " + nParams);
    }
    if (nQubits != def.numQubits()) {
      throw error(
          name,
          "gate '" + name.text() + "' acts on " + def.numQubits() + " qubit(s), got " + nQubits);
    }
  }

  /** {@code (e1, e2, ...)} if present; empty otherwise. */
  private List<QasmExpr> optionalArguments() {
    List<QasmExpr> out = new ArrayList<>();
    if (!lex.peek().is("(")) {
      return out;
    }
    lex.next();
    if (lex.peek().is(")")) {
      lex.next();
      return out;
    }
    out.add(expression());
    while (lex.peek().is(",")) {
      lex.next();
      out.add(expression());
    }
    expect(")", "after the gate's parameters");
    return out;
  }

  private void invoke(
      QasmLibrary.Def def,
      String name,
      Affine[] params,
      int[] qubits,
      QasmLibrary.Sink sink,
      int line,
      int column) {
    try {
      def.expand(params, qubits, sink);
    } catch (QasmFault f) {
      throw f.at(line, column);
    } catch (QasmException e) {
      throw new QasmException(
          e.reason(), line, column, "in gate '" + name + "': " + e.getMessage());
    }
  }

  private void emitTop(GateKind kind, int[] qubits, Affine... params) {
    for (int q : qubits) {
      if (measured.get(q)) {
        throw new QasmFault(
            "gate on "
                + qubitName(q)
                + " after it was measured: mid-circuit measurement is not supported");
      }
    }
    if (gates.size() >= MAX_GATES) {
      throw new QasmFault("the program expands to more than " + MAX_GATES + " gates");
    }
    gates.add(toGate(kind, qubits, params));
  }

  private static Gate toGate(GateKind kind, int[] qubits, Affine[] params) {
    List<Param> ps = new ArrayList<>(params.length);
    for (Affine a : params) {
      if (!Double.isFinite(a.scale()) || !Double.isFinite(a.offset())) {
        throw new QasmFault("angle is not finite");
      }
      ps.add(a.toParam());
    }
    try {
      return Gate.of(kind, qubits, ps);
    } catch (IllegalArgumentException e) {
      throw new QasmFault(e.getMessage());
    }
  }

  private Affine topScope(String name) {
    Affine a = inputs.get(name);
    if (a != null) {
      return a;
    }
    Double c = consts.get(name);
    return c == null ? null : Affine.of(c);
  }

  // ---------------------------------------------------------------- gate definitions

  private record BodyCall(
      String name, QasmLibrary.Def callee, List<QasmExpr> args, int[] qubits, int line, int col) {}

  /** A gate defined in the program: expanded inline at every call. */
  private final class UserGate implements QasmLibrary.Def {
    private final String name;
    private final Map<String, Integer> params;
    private final int numQubits;
    private final List<BodyCall> body;

    UserGate(String name, Map<String, Integer> params, int numQubits, List<BodyCall> body) {
      this.name = name;
      this.params = params;
      this.numQubits = numQubits;
      this.body = body;
    }

    @Override
    public int numParams() {
      return params.size();
    }

    @Override
    public int numQubits() {
      return numQubits;
    }

    @Override
    public void expand(Affine[] values, int[] qubits, QasmLibrary.Sink out) {
      if (nesting >= MAX_GATE_NESTING) {
        throw new QasmFault("gate definitions nest more than " + MAX_GATE_NESTING + " deep");
      }
      nesting++;
      try {
        QasmExpr.Scope scope =
            n -> {
              Integer i = params.get(n);
              if (i != null) {
                return values[i];
              }
              Double c = consts.get(n);
              return c == null ? null : Affine.of(c);
            };
        for (BodyCall call : body) {
          Affine[] args = new Affine[call.args().size()];
          for (int i = 0; i < args.length; i++) {
            args[i] = call.args().get(i).eval(scope);
          }
          int[] qs = new int[call.qubits().length];
          for (int i = 0; i < qs.length; i++) {
            qs[i] = qubits[call.qubits()[i]];
          }
          invoke(call.callee(), call.name(), args, qs, out, call.line(), call.col());
        }
      } finally {
        nesting--;
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private void gateDefinition() {
    lex.next();
    Token name = expectIdent("gate name");
    if (userGates.containsKey(name.text())) {
      throw error(name, "gate '" + name.text() + "' is already defined");
    }
    checkNewName(name);
    Map<String, Integer> params = new LinkedHashMap<>();
    Set<String> formals = new HashSet<>();
    if (lex.peek().is("(")) {
      lex.next();
      if (!lex.peek().is(")")) {
        formal(params, formals, "parameter name");
        while (lex.peek().is(",")) {
          lex.next();
          formal(params, formals, "parameter name");
        }
      }
      expect(")", "after the gate's parameter names");
    }
    Map<String, Integer> qubits = new LinkedHashMap<>();
    formal(qubits, formals, "qubit argument name");
    while (lex.peek().is(",")) {
      lex.next();
      formal(qubits, formals, "qubit argument name");
    }
    expect("{", "to open the body of gate '" + name.text() + "'");
    List<BodyCall> body = new ArrayList<>();
    while (true) {
      Token t = lex.peek();
      if (t.is("}") && t.kind() == Kind.PUNCT) {
        lex.next();
        break;
      }
      if (t.kind() == Kind.EOF) {
        throw error(t, "expected '}' to close the body of gate '" + name.text() + "'");
      }
      if (t.is(";") && t.kind() == Kind.PUNCT) {
        lex.next();
        continue;
      }
      if (t.kind() != Kind.IDENT) {
        throw error(
            t, "expected a gate call in the body of '" + name.text() + "', found " + desc());
      }
      if (t.text().equals("barrier")) {
        lex.next();
        if (!lex.peek().is(";")) {
          formalArgs(qubits);
        }
        expect(";", "after barrier");
      } else if (version == 3 && t.text().equals("gphase")) {
        lex.next();
        expect("(", "after gphase");
        checkBodyRefs(expression(), params);
        expect(")", "after the gphase angle");
        expect(";", "after gphase");
      } else if (MODIFIERS.contains(t.text())) {
        throw error(t, "gate modifiers ('" + t.text() + " @') are not supported");
      } else {
        body.add(bodyCall(params, qubits));
      }
    }
    UserGate def = new UserGate(name.text(), params, qubits.size(), body);
    QasmLibrary.Def lib = QasmLibrary.lookup(name.text());
    boolean same =
        lib != null
            && lib.numParams() == def.numParams()
            && lib.numQubits() == def.numQubits()
            && sameUnitary(lib, def);
    userGates.put(name.text(), same ? lib : def);
    declared.add(name.text());
  }

  private void formal(Map<String, Integer> into, Set<String> all, String what) {
    Token t = expectIdent(what);
    if (!all.add(t.text())) {
      throw error(t, "'" + t.text() + "' is declared twice in this gate");
    }
    if (QasmNames.isReserved(t.text()) || QasmExpr.builtinConstant(t.text()) != null) {
      throw error(t, "'" + t.text() + "' is reserved");
    }
    into.put(t.text(), into.size());
  }

  private int[] formalArgs(Map<String, Integer> qubits) {
    List<Integer> out = new ArrayList<>();
    do {
      if (!out.isEmpty()) {
        lex.next(); // the comma
      }
      Token t = lex.next();
      if (t.kind() != Kind.IDENT) {
        throw error(t, "expected a qubit argument name, found " + t.describe());
      }
      Integer i = qubits.get(t.text());
      if (i == null) {
        throw error(t, "'" + t.text() + "' is not a qubit argument of this gate");
      }
      if (lex.peek().is("[")) {
        throw error(lex.peek(), "gate bodies name qubits by argument, without an index");
      }
      if (out.contains(i)) {
        throw error(t, "'" + t.text() + "' is used twice in one gate application");
      }
      out.add(i);
    } while (lex.peek().is(","));
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private BodyCall bodyCall(Map<String, Integer> params, Map<String, Integer> qubits) {
    Token name = lex.next();
    QasmLibrary.Def callee = resolveGate(name);
    List<QasmExpr> exprs = optionalArguments();
    int[] qs = formalArgs(qubits);
    expect(";", "after the gate's qubits");
    checkArity(name, callee, exprs.size(), qs.length);
    for (QasmExpr e : exprs) {
      checkBodyRefs(e, params);
    }
    return new BodyCall(name.text(), callee, exprs, qs, name.line(), name.column());
  }

  /** A body may read its own parameters, constants and built-ins; not inputs. */
  private void checkBodyRefs(QasmExpr e, Map<String, Integer> params) {
    List<QasmExpr.Ref> refs = new ArrayList<>();
    e.refs(refs);
    for (QasmExpr.Ref r : refs) {
      String n = r.name();
      if (params.containsKey(n) || consts.containsKey(n) || QasmExpr.builtinConstant(n) != null) {
        continue;
      }
      throw QasmLexer.error(
          r.line(),
          r.column(),
          inputs.containsKey(n)
              ? "gate bodies cannot read the input '" + n + "'; pass it as a gate parameter"
              : "unknown identifier '" + n + "'");
    }
  }

  /** Whether a program's definition matches the library gate of the same name, up to phase. */
  private boolean sameUnitary(QasmLibrary.Def lib, QasmLibrary.Def def) {
    int k = def.numQubits();
    if (k > 3) {
      return false;
    }
    int[] qs = new int[k];
    for (int i = 0; i < k; i++) {
      qs[i] = i;
    }
    for (double[] sample : SAMPLES) {
      Affine[] p = new Affine[def.numParams()];
      for (int i = 0; i < p.length; i++) {
        p[i] = Affine.of(sample[i % sample.length] * (1 + i / sample.length));
      }
      List<Gate> a = new ArrayList<>();
      List<Gate> b = new ArrayList<>();
      try {
        lib.expand(p, qs, collector(a));
        def.expand(p, qs, collector(b));
      } catch (QasmFault | QasmException e) {
        return false; // not comparable: treat as the program's own gate
      }
      if (!Unitaries.equalUpToPhase(Unitaries.gateMatrix(k, a), Unitaries.gateMatrix(k, b), 1e-9)) {
        return false;
      }
    }
    return true;
  }

  private static QasmLibrary.Sink collector(List<Gate> into) {
    return (kind, qubits, params) -> {
      if (into.size() >= 10_000) {
        throw new QasmFault("definition too long to compare");
      }
      into.add(toGate(kind, qubits, params));
    };
  }

  // ---------------------------------------------------------------- expressions

  private QasmExpr expression() {
    exprNodes = 0;
    exprDepth = 0;
    return additive();
  }

  private QasmExpr additive() {
    QasmExpr l = multiplicative();
    while (lex.peek().kind() == Kind.PUNCT && (lex.peek().is("+") || lex.peek().is("-"))) {
      Token op = lex.next();
      l =
          node(
              new QasmExpr.Binary(
                  op.text().charAt(0), l, multiplicative(), op.line(), op.column()));
    }
    return l;
  }

  private QasmExpr multiplicative() {
    QasmExpr l = unary();
    while (lex.peek().kind() == Kind.PUNCT && (lex.peek().is("*") || lex.peek().is("/"))) {
      Token op = lex.next();
      l = node(new QasmExpr.Binary(op.text().charAt(0), l, unary(), op.line(), op.column()));
    }
    return l;
  }

  private QasmExpr unary() {
    Token t = lex.peek();
    if (t.kind() == Kind.PUNCT && (t.is("-") || t.is("+"))) {
      lex.next();
      enter(t);
      QasmExpr e = unary();
      exprDepth--;
      return t.is("-") ? node(new QasmExpr.Neg(e, t.line(), t.column())) : e;
    }
    return power();
  }

  private QasmExpr power() {
    QasmExpr base = primary();
    Token t = lex.peek();
    if (t.kind() == Kind.PUNCT && (t.is("**") || t.is("^"))) {
      if (t.is("^") && version == 3) {
        throw error(t, "'^' is bitwise xor in OpenQASM 3; use '**' for powers");
      }
      lex.next();
      enter(t);
      QasmExpr exponent = unary();
      exprDepth--;
      return node(new QasmExpr.Binary('^', base, exponent, t.line(), t.column()));
    }
    return base;
  }

  private QasmExpr primary() {
    Token t = lex.next();
    switch (t.kind()) {
      case INT, FLOAT -> {
        double v = Double.parseDouble(t.text());
        if (!Double.isFinite(v)) {
          throw error(t, "number " + t.text() + " is too large");
        }
        return node(new QasmExpr.Num(v, t.line(), t.column()));
      }
      case IDENT -> {
        if (QasmExpr.isFunction(t.text()) && lex.peek().is("(")) {
          lex.next();
          enter(t);
          QasmExpr arg = additive();
          exprDepth--;
          expect(")", "after the argument of " + t.text());
          return node(new QasmExpr.Call(t.text(), arg, t.line(), t.column()));
        }
        return node(new QasmExpr.Ref(t.text(), t.line(), t.column()));
      }
      case PUNCT -> {
        if (t.is("(")) {
          enter(t);
          QasmExpr e = additive();
          exprDepth--;
          expect(")", "to close '('");
          return e;
        }
      }
      case STRING, PHYSICAL, EOF -> {
        // fall through to the error below
      }
    }
    throw error(t, "expected an angle expression, found " + t.describe());
  }

  private void enter(Token at) {
    if (++exprDepth > MAX_EXPR_DEPTH) {
      throw error(at, "expression nested more than " + MAX_EXPR_DEPTH + " deep");
    }
  }

  private QasmExpr node(QasmExpr e) {
    if (++exprNodes > MAX_EXPR_NODES) {
      throw QasmLexer.error(
          e.line(), e.column(), "expression longer than " + MAX_EXPR_NODES + " terms");
    }
    return e;
  }

  // ---------------------------------------------------------------- tokens

  private Token expect(String punct, String context) {
    Token t = lex.next();
    if (t.kind() != Kind.PUNCT || !t.text().equals(punct)) {
      throw error(t, "expected '" + punct + "' " + context + ", found " + t.describe());
    }
    return t;
  }

  private Token expectIdent(String what) {
    Token t = lex.next();
    if (t.kind() != Kind.IDENT) {
      throw error(t, "expected a " + what + ", found " + t.describe());
    }
    return t;
  }

  private String desc() {
    return lex.peek().describe();
  }

  private static QasmException error(Token t, String detail) {
    return QasmLexer.error(t.line(), t.column(), detail);
  }
}
