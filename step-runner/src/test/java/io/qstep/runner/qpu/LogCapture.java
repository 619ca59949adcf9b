package io.qstep.runner.qpu;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures every java.util.logging record (formatted, with parameters and throwables). */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Level old = root.getLevel();

  /** Captures everything, FINEST included. */
  public LogCapture() {
    this(Level.ALL);
  }

  /** Captures records at {@code level} and above. */
  public LogCapture(Level level) {
    setLevel(level);
    setFormatter(new SimpleFormatter());
    root.setLevel(Level.ALL);
    root.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord r) {
    if (!isLoggable(r)) {
      return;
    }
    lines.add(getFormatter().format(r));
  }

  public synchronized String text() {
    return String.join("\n", lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(old);
  }
}
