package io.qstep.circuit;

import io.qstep.error.ErrorReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits OpenQASM 2/3 text into tokens on demand, so that the first problem in reading order is the
 * one reported. Not thread-safe.
 */
final class QasmLexer {

  enum Kind {
    IDENT,
    INT,
    FLOAT,
    STRING,
    /** A physical qubit {@code $n}; the text is the digits. */
    PHYSICAL,
    PUNCT,
    EOF
  }

  record Token(Kind kind, String text, int line, int column) {
    boolean is(String punctOrWord) {
      return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(punctOrWord);
    }

    /** How the token reads in an error message. */
    String describe() {
      return switch (kind) {
        case EOF -> "end of input";
        case STRING -> "string \"" + text + "\"";
        case PHYSICAL -> "'$" + text + "'";
        case IDENT, INT, FLOAT, PUNCT -> "'" + text + "'";
      };
    }
  }

  private static final String[] PUNCT_2 = {"**", "->", "==", "!=", "<=", ">=", "&&", "||", "++"};
  private static final String PUNCT_1 = ";,()[]{}+-*/^=@:<>!%&|~.?#";

  private final String src;
  private int pos;
  private int line = 1;
  private int column = 1;
  private final List<Token> lookahead = new ArrayList<>();

  QasmLexer(String src) {
    this.src = src;
    // editors on Windows may start the file with a byte-order mark; it is not part of the text
    this.pos = src.startsWith("\uFEFF") ? 1 : 0;
  }

  /** The k-th token from here (0 = next) without consuming it. */
  Token peek(int k) {
    while (lookahead.size() <= k) {
      Token t = lookahead.isEmpty() ? null : lookahead.get(lookahead.size() - 1);
      lookahead.add(t != null && t.kind() == Kind.EOF ? t : scan());
    }
    return lookahead.get(k);
  }

  Token peek() {
    return peek(0);
  }

  Token next() {
    Token t = peek(0);
    lookahead.remove(0);
    return t;
  }

  private Token scan() {
    skipSpaceAndComments();
    int l = line;
    int c = column;
    if (pos >= src.length()) {
      return new Token(Kind.EOF, "", l, c);
    }
    int cp = src.codePointAt(pos);
    if (cp == '_' || Character.isLetter(cp)) {
      int start = pos;
      while (pos < src.length()) {
        int d = src.codePointAt(pos);
        if (d != '_' && !Character.isLetterOrDigit(d)) {
          break;
        }
        advance();
      }
      return new Token(Kind.IDENT, src.substring(start, pos), l, c);
    }
    if (isDigit(cp) || (cp == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
      return number(l, c);
    }
    if (cp == '"' || cp == '\'') {
      advance();
      int start = pos;
      while (pos < src.length() && src.charAt(pos) != cp && src.charAt(pos) != '\n') {
        advance();
      }
      if (pos >= src.length() || src.charAt(pos) != cp) {
        throw error(l, c, "unterminated string");
      }
      String s = src.substring(start, pos);
      advance();
      return new Token(Kind.STRING, s, l, c);
    }
    if (cp == '$') {
      advance();
      int start = pos;
      while (pos < src.length() && isDigit(src.charAt(pos))) {
        advance();
      }
      if (start == pos) {
        throw error(l, c, "expected digits after '$' (a physical qubit such as $0)");
      }
      return new Token(Kind.PHYSICAL, src.substring(start, pos), l, c);
    }
    for (String p : PUNCT_2) {
      if (src.startsWith(p, pos)) {
        advance();
        advance();
        return new Token(Kind.PUNCT, p, l, c);
      }
    }
    if (cp < 128 && PUNCT_1.indexOf(cp) >= 0) {
      advance();
      return new Token(Kind.PUNCT, String.valueOf((char) cp), l, c);
    }
    throw error(l, c, "unexpected character '" + new String(Character.toChars(cp)) + "'");
  }

  private Token number(int l, int c) {
    int start = pos;
    boolean isFloat = false;
    while (pos < src.length() && isDigit(src.charAt(pos))) {
      advance();
    }
    if (pos < src.length() && src.charAt(pos) == '.') {
      isFloat = true;
      advance();
      while (pos < src.length() && isDigit(src.charAt(pos))) {
        advance();
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      int saveCol = column;
      advance();
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        advance();
      }
      if (pos < src.length() && isDigit(src.charAt(pos))) {
        isFloat = true;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
          advance();
        }
      } else {
        // "2e" is not a number followed by an identifier in either dialect: say so precisely.
        pos = save;
        column = saveCol;
        throw error(l, c, "malformed number: exponent needs digits");
      }
    }
    return new Token(isFloat ? Kind.FLOAT : Kind.INT, src.substring(start, pos), l, c);
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char ch = src.charAt(pos);
      if (ch == ' ' || ch == '\t' || ch == '\f' || ch == '\n' || ch == '\r') {
        advance();
      } else if (src.startsWith("//", pos)) {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
          advance();
        }
      } else if (src.startsWith("/*", pos)) {
        int l = line;
        int c = column;
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
          throw error(l, c, "unterminated comment: expected '*/'");
        }
        while (pos < end + 2) {
          advance();
        }
      } else {
        return;
      }
    }
  }

  /** Moves past one code point, keeping line and column; CR, LF and CRLF each end a line. */
  private void advance() {
    int cp = src.codePointAt(pos);
    pos += Character.charCount(cp);
    if (cp == '\n' || (cp == '\r' && (pos >= src.length() || src.charAt(pos) != '\n'))) {
      line++;
      column = 1;
    } else if (cp != '\r') {
      column++;
    }
  }

  private static boolean isDigit(int ch) {
    return ch >= '0' && ch <= '9';
  }

  static QasmException error(int line, int column, String detail) {
    return new QasmException(ErrorReason.INVALID_QASM, line, column, detail);
  }
}
