package io.qstep.task;

import java.util.Locale;

/**
 * What a step computes: one quantum subroutine with its settings. Tensors travel separately as
 * named inputs (see each spec for the names it reads).
 */
public sealed interface TaskSpec
    permits LayerSpec,
        CircuitSpec,
        MaxCutSpec,
        QuboSpec,
        KernelSpec,
        VqeSpec,
        SampleSpec,
        CompressSpec {

  /** The tasks of the API, one per spec type. */
  enum Kind {
    LAYER,
    CIRCUIT,
    MAXCUT,
    QUBO,
    KERNEL,
    VQE,
    SAMPLE,
    COMPRESS;

    /** Lower-case name as used by the CLI and in results ("maxcut"). */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower- or upper-case task name. */
    public static Kind fromId(String id) {
      for (Kind k : values()) {
        if (k.id().equalsIgnoreCase(id)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "unknown task '"
              + id
              + "'; tasks: layer, circuit, maxcut, qubo, kernel, vqe, sample, compress");
    }
  }

  /** Which task this is. */
  Kind kind();
}
