package io.qstep.circuit;

import java.util.List;

/**
 * An angle expression of an OpenQASM program. It evaluates to an {@link Affine} value: qstep angles
 * are affine in at most one circuit parameter, so anything else is rejected with the position of
 * the offending operator.
 */
interface QasmExpr {

  /**
   * Evaluates under {@code scope}; throws {@link QasmException} at the offending sub-expression.
   */
  Affine eval(Scope scope);

  /** Adds every identifier this expression reads to {@code out}. */
  void refs(List<Ref> out);

  int line();

  int column();

  /** Resolves identifiers that are not built-in constants; null when unknown. */
  interface Scope {
    Affine lookup(String name);
  }

  /** The value of a built-in constant ({@code pi}, {@code π}, {@code tau}, ...), or null. */
  static Double builtinConstant(String name) {
    return switch (name) {
      case "pi", "π" -> Math.PI;
      case "tau", "τ" -> 2 * Math.PI;
      case "euler", "ℇ" -> Math.E;
      default -> null;
    };
  }

  /** Whether {@code name} is a function this grammar knows. */
  static boolean isFunction(String name) {
    return switch (name) {
      case "sin", "cos", "tan", "arcsin", "arccos", "arctan", "exp", "ln", "sqrt" -> true;
      default -> false;
    };
  }

  private static Affine checked(QasmExpr at, Affine a) {
    if (!Double.isFinite(a.scale()) || !Double.isFinite(a.offset())) {
      throw QasmLexer.error(at.line(), at.column(), "angle expression is not finite");
    }
    return a;
  }

  record Num(double value, int line, int column) implements QasmExpr {
    @Override
    public Affine eval(Scope scope) {
      return Affine.of(value);
    }

    @Override
    public void refs(List<Ref> out) {}
  }

  record Ref(String name, int line, int column) implements QasmExpr {
    @Override
    public Affine eval(Scope scope) {
      Affine a = scope.lookup(name);
      if (a != null) {
        return a;
      }
      Double c = builtinConstant(name);
      if (c != null) {
        return Affine.of(c);
      }
      throw QasmLexer.error(line, column, "unknown identifier '" + name + "'");
    }

    @Override
    public void refs(List<Ref> out) {
      out.add(this);
    }
  }

  record Neg(QasmExpr operand, int line, int column) implements QasmExpr {
    @Override
    public Affine eval(Scope scope) {
      return operand.eval(scope).negate();
    }

    @Override
    public void refs(List<Ref> out) {
      operand.refs(out);
    }
  }

  /** A binary operator: one of {@code + - * / ^} ({@code ^} is also OpenQASM 3's {@code **}). */
  record Binary(char op, QasmExpr left, QasmExpr right, int line, int column) implements QasmExpr {
    @Override
    public Affine eval(Scope scope) {
      Affine l = left.eval(scope);
      Affine r = right.eval(scope);
      try {
        return checked(
            this,
            switch (op) {
              case '+' -> l.plus(r);
              case '-' -> l.plus(r.negate());
              case '*' -> l.times(r);
              case '/' -> l.dividedBy(r);
              case '^' -> l.pow(r);
              default -> throw new IllegalStateException("operator " + op);
            });
      } catch (QasmFault e) {
        throw e.at(line, column);
      }
    }

    @Override
    public void refs(List<Ref> out) {
      left.refs(out);
      right.refs(out);
    }
  }

  record Call(String function, QasmExpr argument, int line, int column) implements QasmExpr {
    @Override
    public Affine eval(Scope scope) {
      Affine a = argument.eval(scope);
      if (!a.isConstant()) {
        throw QasmLexer.error(
            line,
            column,
            function
                + "() of parameter '"
                + a.symbol()
                + "' is not affine; qstep angles must be scale * parameter + offset");
      }
      double x = a.offset();
      // StrictMath: constant folding feeds the canonical text, which must not vary by platform.
      double y =
          switch (function) {
            case "sin" -> StrictMath.sin(x);
            case "cos" -> StrictMath.cos(x);
            case "tan" -> StrictMath.tan(x);
            case "arcsin" -> StrictMath.asin(x);
            case "arccos" -> StrictMath.acos(x);
            case "arctan" -> StrictMath.atan(x);
            case "exp" -> StrictMath.exp(x);
            case "ln" -> StrictMath.log(x);
            case "sqrt" -> StrictMath.sqrt(x);
            default -> throw new IllegalStateException("function " + function);
          };
      if (!Double.isFinite(y)) {
        throw QasmLexer.error(line, column, function + "(" + x + ") is not a finite real number");
      }
      return Affine.of(y);
    }

    @Override
    public void refs(List<Ref> out) {
      argument.refs(out);
    }
  }

  /**
   * {@code scale * symbol + offset}, or the constant {@code offset} when {@code symbol} is null
   * (then {@code scale} is 0).
   */
  record Affine(String symbol, double scale, double offset) {

    static Affine of(double value) {
      return new Affine(null, 0.0, value);
    }

    static Affine symbol(String name) {
      return new Affine(name, 1.0, 0.0);
    }

    boolean isConstant() {
      return symbol == null;
    }

    Affine negate() {
      return new Affine(symbol, -scale, -offset);
    }

    Affine plus(Affine o) {
      if (symbol == null) {
        return new Affine(o.symbol, o.scale, offset + o.offset);
      }
      if (o.symbol == null || o.symbol.equals(symbol)) {
        return new Affine(symbol, scale + o.scale, offset + o.offset);
      }
      throw new QasmFault(
          "angle depends on two parameters, '"
              + symbol
              + "' and '"
              + o.symbol
              + "'; qstep angles are scale * parameter + offset");
    }

    Affine times(Affine o) {
      if (o.symbol == null) {
        return new Affine(symbol, scale * o.offset, offset * o.offset);
      }
      if (symbol == null) {
        return new Affine(o.symbol, o.scale * offset, o.offset * offset);
      }
      throw new QasmFault(
          "product of parameters '"
              + symbol
              + "' and '"
              + o.symbol
              + "' is not affine; qstep angles are scale * parameter + offset");
    }

    Affine dividedBy(Affine o) {
      if (o.symbol != null) {
        throw new QasmFault(
            "division by parameter '"
                + o.symbol
                + "' is not affine; qstep angles are scale * parameter + offset");
      }
      if (o.offset == 0.0) { // an exact zero divisor, not a tolerance test
        throw new QasmFault("division by zero");
      }
      return new Affine(symbol, scale / o.offset, offset / o.offset);
    }

    Affine pow(Affine o) {
      if (symbol != null || o.symbol != null) {
        throw new QasmFault(
            "power of parameter '"
                + (symbol != null ? symbol : o.symbol)
                + "' is not affine; qstep angles are scale * parameter + offset");
      }
      return of(StrictMath.pow(offset, o.offset));
    }

    /** The angle as IR; the caller has checked finiteness. */
    Param toParam() {
      return symbol == null ? Param.of(offset) : new Param.Symbol(symbol, scale, offset);
    }
  }
}
