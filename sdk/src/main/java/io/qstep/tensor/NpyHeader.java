package io.qstep.tensor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary of a {@code .npy} header, e.g. {@code {'descr': '<f8', 'fortran_order': False,
 * 'shape': (2, 3), }}, parsed from the Python literal subset NumPy writes: strings,
 * True/False/None, integers, tuples, lists and dicts. Anything else is an error, never evaluated.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

  /** Deep enough for any header NumPy writes; bounds recursion on hostile input. */
  private static final int MAX_DEPTH = 8;

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  NpyHeader {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyHeader h
        && descr.equals(h.descr)
        && fortranOrder == h.fortranOrder
        && Arrays.equals(shape, h.shape);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * descr.hashCode() + Boolean.hashCode(fortranOrder)) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "NpyHeader[descr="
        + descr
        + ", fortranOrder="
        + fortranOrder
        + ", shape="
        + Arrays.toString(shape)
        + "]";
  }

  /** A Python tuple; lists parse to {@link java.util.List}. */
  private record Tuple(List<Object> items) {}

  /**
   * Parses the header text.
   *
   * @param field the file name to blame
   * @throws io.qstep.error.QStepException INVALID_TENSOR for malformed text, missing or extra keys,
   *     or values of the wrong type; TOO_LARGE for a dimension beyond 2^63-1
   */
  static NpyHeader parse(String field, String text) {
    Parser p = new Parser(field, text);
    p.skipSpace();
    Object value = p.value(0);
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the header dictionary");
    }
    if (!(value instanceof Map<?, ?> dict)) {
      throw Tensor.invalid(field, "the .npy header is not a dictionary");
    }
    if (dict.size() != 3
        || !dict.containsKey("descr")
        || !dict.containsKey("fortran_order")
        || !dict.containsKey("shape")) {
      throw Tensor.invalid(
          field,
          "the .npy header must have exactly the keys descr, fortran_order and shape, got "
              + dict.keySet());
    }
    Object descr = dict.get("descr");
    if (!(descr instanceof String d)) {
      throw Tensor.invalid(
          field, "structured dtypes are not supported (descr " + shortRepr(descr) + ")");
    }
    if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
      throw Tensor.invalid(field, "the .npy header's fortran_order is not True or False");
    }
    if (!(dict.get("shape") instanceof Tuple t)) {
      throw Tensor.invalid(field, "the .npy header's shape is not a tuple");
    }
    long[] shape = new long[t.items().size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(t.items().get(i) instanceof BigInteger dim)) {
        throw Tensor.invalid(field, "the .npy header's shape holds a non-integer");
      }
      if (dim.compareTo(LONG_MAX) > 0 || dim.compareTo(LONG_MIN) < 0) {
        throw Tensor.tooLarge(field, "dimension " + i + " (" + dim + ") exceeds 2^63-1");
      }
      shape[i] = dim.longValue();
    }
    return new NpyHeader(d, fortran, shape);
  }

  private static String shortRepr(Object o) {
    String s = String.valueOf(o);
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private static final class Parser {
    private final String field;
    private final String s;
    private int pos;

    Parser(String field, String s) {
      this.field = field;
      this.s = s;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nesting too deep");
      }
      skipSpace();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return dict(depth);
        case '(':
          pos++;
          return new Tuple(sequence(')', depth));
        case '[':
          pos++;
          return sequence(']', depth);
        case '\'':
        case '"':
          return string();
        default:
          break;
      }
      if (c == '-' || c == '+' || Character.isDigit(c)) {
        return integer();
      }
      if (s.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (s.startsWith("None", pos)) {
        pos += 4;
        return "None"; // only ever a value we then reject as the wrong type
      }
      throw error("unexpected character '" + c + "'");
    }

    private Map<Object, Object> dict(int depth) {
      pos++; // {
      Map<Object, Object> map = new LinkedHashMap<>();
      while (true) {
        skipSpace();
        if (peek('}')) {
          pos++;
          return map;
        }
        Object key = value(depth + 1);
        skipSpace();
        expect(':');
        Object v = value(depth + 1);
        if (map.put(key, v) != null) {
          throw error("duplicate key " + key);
        }
        skipSpace();
        if (peek(',')) {
          pos++;
        } else if (!peek('}')) {
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> sequence(char close, int depth) {
      List<Object> items = new ArrayList<>();
      while (true) {
        skipSpace();
        if (peek(close)) {
          pos++;
          return items;
        }
        items.add(value(depth + 1));
        skipSpace();
        if (peek(',')) {
          pos++;
        } else if (!peek(close)) {
          throw error("expected ',' or '" + close + "'");
        }
      }
    }

    private String string() {
      char quote = s.charAt(pos++);
      StringBuilder sb = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == quote) {
          return sb.toString();
        }
        if (c == '\\' && pos < s.length()) {
          c = s.charAt(pos++);
        }
        sb.append(c);
      }
      throw error("unterminated string");
    }

    private BigInteger integer() {
      int start = pos;
      if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
        pos++;
      }
      int digits = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
        pos++;
      }
      if (pos == digits) {
        throw error("expected a digit");
      }
      BigInteger value = new BigInteger(s.substring(start, pos));
      if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
        pos++; // Python 2 long suffix, written by old NumPy versions
      }
      return value;
    }

    private boolean peek(char c) {
      return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    RuntimeException error(String what) {
      return Tensor.invalid(
          field, "malformed .npy header at character " + pos + ": " + what + " in " + excerpt());
    }

    private String excerpt() {
      String t = s.strip();
      return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
  }
}
