package io.qstep.runner.qpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void delay_growsExponentiallyWithinJitterAndCap(long seed) {
    RetryPolicy p = new RetryPolicy(10, 100, 5000, 2, 0.25);
    SplittableRandom r = new SplittableRandom(seed);
    for (int k = 0; k < 10; k++) {
      double base = Math.min(5000, 100 * Math.pow(2, k));
      long d = p.delayMs(k, -1, r);
      assertThat((double) d).isBetween(base * 0.75 - 1, base * 1.25 + 1);
    }
  }

  @Test
  void delay_isReproducibleForASeed() {
    RetryPolicy p = RetryPolicy.defaults();
    SplittableRandom a = new SplittableRandom(9);
    SplittableRandom b = new SplittableRandom(9);
    for (int k = 0; k < 5; k++) {
      assertThat(p.delayMs(k, -1, a)).isEqualTo(p.delayMs(k, -1, b));
    }
  }

  @Test
  void delay_neverUndercutsRetryAfter() {
    RetryPolicy p = new RetryPolicy(3, 100, 1000, 2, 0.2);
    assertThat(p.delayMs(0, 7000, new SplittableRandom(1))).isEqualTo(7000);
  }

  @Test
  void retryAfter_parsesSecondsAndDates() {
    assertThat(Http.retryAfterMs("3")).isEqualTo(3000);
    assertThat(Http.retryAfterMs(null)).isEqualTo(-1);
    assertThat(Http.retryAfterMs("soon")).isEqualTo(-1);
    assertThat(Http.retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
  }

  @Test
  void retrier_givesUpAfterMaxAttempts_andNeverRetriesNonTransient() {
    FakeTime t = new FakeTime(0);
    Retrier r = new Retrier(new RetryPolicy(3, 10, 100, 2, 0), t, 1);
    int[] calls = {0};
    assertThatThrownBy(
            () ->
                r.call(
                    "x",
                    () -> {
                      calls[0]++;
                      throw ProviderException.transientFailure("down");
                    }))
        .isInstanceOf(ProviderException.class);
    assertThat(calls[0]).isEqualTo(3);
    assertThat(t.sleeps()).containsExactly(10L, 20L);
    calls[0] = 0;
    assertThatThrownBy(
            () ->
                r.call(
                    "x",
                    () -> {
                      calls[0]++;
                      throw new ProviderException(ProviderException.Kind.REJECTED, 400, -1, "bad");
                    }))
        .isInstanceOf(ProviderException.class);
    assertThat(calls[0]).isEqualTo(1);
  }

  @Test
  void policy_rejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(0, 1, 2, 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, 1, 2, 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
