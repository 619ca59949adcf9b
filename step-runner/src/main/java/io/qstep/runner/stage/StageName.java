package io.qstep.runner.stage;

import java.util.Locale;

/** The stages of a step, in pipeline order (shared/DESIGN.md, "Data flow of one step"). */
public enum StageName {
  DECODE,
  COMPRESS,
  ENCODE,
  EXECUTE,
  MITIGATE,
  VALIDATE,
  TRACK;

  /** The lower-case name used in results and metrics ("execute"). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
