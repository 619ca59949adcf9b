package io.qstep.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.qstep.error.QStepException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSpecsTest {
  @Test
  void layer_fromParameters_readsEveryField() {
    TaskSpec s =
        TaskSpecs.fromParameters(
            TaskSpec.Kind.LAYER,
            Map.of(
                "num_qubits", "4",
                "depth", "2",
                "encoding", "rx",
                "entangler", "cz",
                "num_outputs", "3",
                "feature_scale", "0.5"));
    assertThat(s)
        .isEqualTo(
            new LayerSpec(4, 2, LayerSpec.Encoding.ANGLE_RX, LayerSpec.Entangler.CZ, 3, 0.5));
  }

  @Test
  void circuit_observables_areSplitAndUppercased() {
    CircuitSpec s =
        (CircuitSpec)
            TaskSpecs.fromParameters(TaskSpec.Kind.CIRCUIT, Map.of("observables", "zz, xI"));
    assertThat(s.observables()).isEqualTo(List.of("ZZ", "XI"));
  }

  @Test
  void unknownKey_isNamed() {
    QStepException e =
        catchThrowableOfType(
            QStepException.class,
            () -> TaskSpecs.fromParameters(TaskSpec.Kind.LAYER, Map.of("dpeth", "2")));
    assertThat(e.field()).isEqualTo("param.dpeth");
    assertThat(e.getMessage()).contains("depth");
  }

  @Test
  void nonNumeric_isNamed() {
    QStepException e =
        catchThrowableOfType(
            QStepException.class,
            () -> TaskSpecs.fromParameters(TaskSpec.Kind.LAYER, Map.of("depth", "two")));
    assertThat(e.field()).isEqualTo("param.depth");
  }

  @Test
  void kind_fromId_isCaseInsensitive() {
    assertThat(TaskSpec.Kind.fromId("MaxCut")).isEqualTo(TaskSpec.Kind.MAXCUT);
  }

  @Test
  void sampleAndCompress_fromParameters() {
    SampleSpec s =
        (SampleSpec)
            TaskSpecs.fromParameters(
                TaskSpec.Kind.SAMPLE,
                Map.of("max_bond", "4", "encoding", "mps", "layers", "3", "fidelity", "0.99"));
    assertThat(s).isEqualTo(new SampleSpec(4, "mps", 3, 0, 0.99));
    CompressSpec c =
        (CompressSpec)
            TaskSpecs.fromParameters(
                TaskSpec.Kind.COMPRESS,
                Map.of("method", "pca", "components", "16", "randomized", "true"));
    assertThat(c).isEqualTo(new CompressSpec("pca", 0, 0, 16, true, "", false, false));
    assertThat(TaskSpec.Kind.fromId("compress")).isEqualTo(TaskSpec.Kind.COMPRESS);
    QStepException e =
        catchThrowableOfType(
            QStepException.class,
            () -> TaskSpecs.fromParameters(TaskSpec.Kind.SAMPLE, Map.of("max_bond", "-1")));
    assertThat(e.field()).isEqualTo("param.max_bond");
  }

  @Test
  void kernel_fromParameters_readsEveryField() {
    TaskSpec s =
        TaskSpecs.fromParameters(
            TaskSpec.Kind.KERNEL,
            Map.of(
                "reps", "3",
                "feature_map", "iqp",
                "feature_scale", "0.25",
                "entanglement", "linear"));
    assertThat(s).isEqualTo(new KernelSpec(3, "iqp", 0.25, "linear"));
    assertThat(TaskSpecs.fromParameters(TaskSpec.Kind.KERNEL, Map.of()))
        .isEqualTo(new KernelSpec(0, "zz", 1.0, ""));
  }

  @Test
  void kernel_repsBelowOne_isInvalidNamingTheParameter() {
    for (String v : List.of("0", "-2")) {
      QStepException e =
          catchThrowableOfType(
              QStepException.class,
              () -> TaskSpecs.fromParameters(TaskSpec.Kind.KERNEL, Map.of("reps", v)));
      assertThat(e.field()).isEqualTo("param.reps");
      assertThat(e.getMessage()).contains(">= ");
    }
  }
}
