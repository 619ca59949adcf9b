package io.qstep.runner.compress;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qstep.tensor.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** scikit-learn's 8x8 digits from {@code QSTEP_DIGITS_DIR}; tests that need them skip without. */
public final class Digits {
  private Digits() {}

  /** [1797][64] pixel intensities 0..16; skips the calling test when the data are absent. */
  public static double[][] images() {
    String dir = System.getenv("QSTEP_DIGITS_DIR");
    assumeTrue(dir != null && !dir.isBlank(), "QSTEP_DIGITS_DIR is not set");
    Path p = Path.of(dir, "digits_x.npy");
    assumeTrue(Files.isRegularFile(p), "no " + p);
    try {
      return Npy.read(p).toDoubleMatrix();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
