package io.qstep.runner.qaoa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every optimizer finds the minimum of a shifted bowl whose values are all negative. */
class MinimizerTest {
  @ParameterizedTest(name = "{0}")
  @EnumSource(Minimizer.Method.class)
  void negativeBowl_isMinimised(Minimizer.Method m) {
    double[] centre = {0.3, -0.2, 0.5};
    ToDoubleFunction<double[]> f =
        x -> {
          double s = -5;
          for (int i = 0; i < x.length; i++) {
            s += (x[i] - centre[i]) * (x[i] - centre[i]);
          }
          return s;
        };
    double[] lo = {-2, -2, -2};
    double[] hi = {2, 2, 2};
    Minimizer.Result r = Minimizer.minimize(m, f, new double[3], lo, hi, 2000, 0.2, 7, () -> {});
    double tol = m == Minimizer.Method.SPSA ? 1e-2 : 1e-6;
    assertThat(r.value()).isCloseTo(-5, within(tol));
    assertThat(r.evaluations()).isEqualTo(r.trace().length);
  }
}
