package io.qstep.tensor;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of the arrays {@code scripts/npy_interop.py} writes, built independently on the Java
 * side. Mirrors {@code expected()}, {@code VERSIONED} and {@code refused()} there: change both
 * together. The committed copies live in {@code src/test/resources/npy/}.
 */
final class NumpyFixtures {
  private NumpyFixtures() {}

  /** Written by {@code np.save} (format 1.0); name without {@code .npy}. */
  static Map<String, Tensor> expected() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("f8_2x3", Tensor.ofDoubles(new double[][] {{-0.5, -0.25, 0.0}, {0.25, 0.5, 0.75}}));
    m.put(
        "f8_special",
        Tensor.ofDoubles(
            new double[] {
              Double.NaN,
              Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY,
              -0.0,
              Double.MIN_VALUE,
              Double.MAX_VALUE
            }));
    m.put("f8_scalar", Tensor.scalar(3.25));
    m.put("f8_0x3", Tensor.ofDoubles(new double[0], 0, 3));
    double[] ramp = new double[1000];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = i / 8.0;
    }
    m.put("f8_1000", Tensor.ofDoubles(ramp));
    m.put("f4_3", Tensor.ofFloats(new float[] {1.5f, -2.25f, Float.MAX_VALUE}));
    int[] ints = new int[24];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = i - 12;
    }
    m.put("i4_2x3x4", Tensor.ofInts(ints, 2, 3, 4));
    m.put(
        "i4_extremes",
        Tensor.ofInts(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2));
    m.put("i8_4", Tensor.ofLongs(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}));
    m.put("b1_2x3", Tensor.ofBools(new boolean[] {true, false, true, false, false, true}, 2, 3));
    return m;
  }

  /** Written with an explicit format version: 2.0 and 3.0. */
  static Map<String, Tensor> versioned() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("v2_i8_2x2", Tensor.ofLongs(new long[] {1, 2, 3, 4}, 2, 2));
    m.put("v3_f4_3", expected().get("f4_3"));
    return m;
  }

  /** Real NumPy files qstep must refuse with INVALID_TENSOR. */
  static List<String> refused() {
    return List.of(
        "bad_fortran", "bad_big_endian", "bad_unicode", "bad_object", "bad_structured", "bad_u1");
  }

  /** The committed fixture {@code name.npy}. */
  static Path committed(String name) {
    try {
      return Path.of(NumpyFixtures.class.getResource("/npy/" + name + ".npy").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
