package io.qstep.circuit;

import java.util.Map;
import java.util.Objects;

/**
 * An angle of a gate (radians): a constant, or an affine function {@code scale * name + offset} of
 * a named circuit parameter that is bound per row at run time.
 */
public sealed interface Param {

  /** The kind of parameter, for exhaustive switches. */
  enum Kind {
    CONST,
    SYMBOL
  }

  /** Which variant this is. */
  Kind kind();

  /** The value under the given binding. */
  double value(Map<String, Double> binding);

  /** A constant angle. */
  static Param of(double value) {
    return new Const(value);
  }

  /** The named parameter itself. */
  static Param symbol(String name) {
    return new Symbol(name, 1.0, 0.0);
  }

  /** A constant angle in radians; {@code -0.0} is stored as {@code 0.0}. */
  record Const(double value) implements Param {
    public Const {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("angle must be finite, got " + value);
      }
      // -0.0 + 0.0 == +0.0: equal angles must be equal records and print the same.
      value = value + 0.0;
    }

    @Override
    public Kind kind() {
      return Kind.CONST;
    }

    @Override
    public double value(Map<String, Double> binding) {
      return value;
    }
  }

  /**
   * {@code scale * name + offset}, radians. The name is an identifier ({@code
   * [A-Za-z_][A-Za-z0-9_]*}) that OpenQASM does not reserve (not {@code pi}, {@code input}, ...),
   * so that every circuit can be exported; {@code -0.0} is stored as {@code 0.0}.
   */
  record Symbol(String name, double scale, double offset) implements Param {
    public Symbol {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("not a parameter name: '" + name + "'");
      }
      if (QasmNames.isReserved(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is reserved in OpenQASM and cannot name a parameter");
      }
      if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
        throw new IllegalArgumentException("scale and offset must be finite");
      }
      scale = scale + 0.0;
      offset = offset + 0.0;
    }

    @Override
    public Kind kind() {
      return Kind.SYMBOL;
    }

    @Override
    public double value(Map<String, Double> binding) {
      Double v = binding.get(name);
      if (v == null) {
        throw new IllegalArgumentException("parameter '" + name + "' is not bound");
      }
      return scale * v + offset;
    }
  }
}
