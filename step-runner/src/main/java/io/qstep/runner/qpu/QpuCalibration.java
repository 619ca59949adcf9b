package io.qstep.runner.qpu;

/**
 * The calibration snapshot a provider reported for a device at execution time, kept for provenance.
 *
 * @param id an id of the snapshot ({@code <device>@<timestamp>})
 * @param timestampMs when the provider last calibrated, epoch ms (0 when unknown)
 * @param json the provider's document, verbatim (IBM backend properties, Braket standardized
 *     properties, D-Wave solver properties)
 */
public record QpuCalibration(String id, long timestampMs, String json) {
  public static final QpuCalibration NONE = new QpuCalibration("", 0, "{}");

  public QpuCalibration {
    id = id == null ? "" : id;
    json = json == null ? "{}" : json;
    if (timestampMs < 0) {
      throw new IllegalArgumentException("timestampMs must be >= 0");
    }
  }
}
