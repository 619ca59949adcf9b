package io.qstep.runner.drift;

/** What drift asks of the pipeline. Ordered by severity. */
public enum DriftVerdict {
  /** Within the warning thresholds. */
  OK("ok"),
  /** Past a warning threshold: worth a look, results still usable. */
  WARN("warn"),
  /** Past a retrain threshold: a learned mitigation surrogate trained on the reference is stale. */
  RETRAIN_SURROGATE("retrain-surrogate");

  private final String id;

  DriftVerdict(String id) {
    this.id = id;
  }

  /** The wire name: {@code ok}, {@code warn}, {@code retrain-surrogate}. */
  public String id() {
    return id;
  }

  /** The metric value of {@code drift_verdict}: 0, 1, 2. */
  public double code() {
    return ordinal();
  }

  /** The more severe of two verdicts. */
  public DriftVerdict max(DriftVerdict other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** The verdict for {@code value} against a warn and a retrain threshold. */
  public static DriftVerdict of(double value, double warn, double retrain) {
    return value > retrain ? RETRAIN_SURROGATE : value > warn ? WARN : OK;
  }
}
