package io.qstep.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlflow.api.proto.Service;

class MlflowRestSinkTest {

  private static RunRecord record(int params, int tags, int metrics, int valueChars) {
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < params; i++) {
      p.put("p" + i, "v".repeat(valueChars));
    }
    Map<String, String> t = new LinkedHashMap<>();
    t.put(RunRecord.RUN_KEY_TAG, "0123456789abcdef0123456789abcdef");
    for (int i = 0; i < tags; i++) {
      t.put("t" + i, "w".repeat(valueChars));
    }
    List<RunRecord.MetricPoint> m = new ArrayList<>();
    for (int i = 0; i < metrics; i++) {
      m.add(new RunRecord.MetricPoint("objective", i, 1L, i));
    }
    return new RunRecord(
        "0123456789abcdef0123456789abcdef",
        "run",
        0,
        1,
        new RunRecord.Destination("", "", "", ""),
        p,
        t,
        m,
        Map.of());
  }

  @ParameterizedTest(name = "{0} params, {1} tags, {2} metrics, values of {3} chars")
  @CsvSource({
    "5, 8, 20, 10, 1",
    "100, 99, 801, 10, 1",
    "100, 100, 801, 10, 2",
    "250, 150, 2500, 10, 3",
    "100, 0, 0, 6000, 2",
    "0, 0, 3001, 0, 4"
  })
  void batches_stayWithinTheServersLimits_andCarryEveryEntityOnce(
      int params, int tags, int metrics, int chars, int expectedBatches) {
    RunRecord rec = record(params, tags, metrics, chars);
    List<Service.LogBatch> batches = MlflowRestSink.batches("r", rec, false);
    Set<String> p = new HashSet<>();
    Set<String> t = new HashSet<>();
    List<Long> steps = new ArrayList<>();
    for (Service.LogBatch b : batches) {
      assertThat(b.getParamsCount()).isLessThanOrEqualTo(MlflowRestSink.MAX_PARAMS);
      assertThat(b.getTagsCount()).isLessThanOrEqualTo(MlflowRestSink.MAX_TAGS);
      assertThat(b.getMetricsCount()).isLessThanOrEqualTo(MlflowRestSink.MAX_METRICS);
      assertThat(b.getParamsCount() + b.getTagsCount() + b.getMetricsCount())
          .isLessThanOrEqualTo(MlflowRestSink.MAX_ENTITIES);
      assertThat(b.toString().length()).isLessThan(1_000_000);
      b.getParamsList().forEach(x -> assertThat(p.add(x.getKey())).isTrue());
      b.getTagsList().forEach(x -> assertThat(t.add(x.getKey())).isTrue());
      b.getMetricsList().forEach(x -> steps.add(x.getStep()));
    }
    assertThat(batches).hasSize(expectedBatches);
    assertThat(p).hasSize(params);
    // The run-key tag goes with runs/create, not in a batch.
    assertThat(t).hasSize(tags).doesNotContain(RunRecord.RUN_KEY_TAG);
    assertThat(steps).hasSize(metrics).isSorted();
  }

  @ParameterizedTest(name = "into an existing run: {0}")
  @CsvSource({"true", "false"})
  void batches_runKeyTagOnlyWhenLoggingIntoAnExistingRun(boolean into) {
    List<Service.LogBatch> batches = MlflowRestSink.batches("r", record(1, 1, 1, 1), into);
    assertThat(batches).hasSize(1);
    List<String> keys = batches.get(0).getTagsList().stream().map(Service.RunTag::getKey).toList();
    assertThat(keys.contains(RunRecord.RUN_KEY_TAG)).isEqualTo(into);
  }
}
