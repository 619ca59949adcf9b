package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.compress.TtSvd;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.stateprep.AmplitudeEncoding;
import io.qstep.runner.stateprep.Distributions;
import io.qstep.runner.stateprep.Encoding;
import io.qstep.runner.stateprep.MpsEncoding;
import io.qstep.task.SampleSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Task {@code sample}: samples from a probability vector p [2^n] through a quantum circuit.
 *
 * <p>Stages: decode (p finite, ≥ 0, not all zero, length a power of two; normalised), compress (the
 * amplitudes √p to an MPS of bond χ by TT-SVD), encode (a staircase-layer circuit of CX and
 * one-qubit gates that prepares the MPS, or the exact Möttönen circuit for {@code
 * encoding=amplitude}), execute (the backend samples it), validate (total-variation distances of
 * the samples, the compressed and the prepared distributions to p, and of as many direct classical
 * samples of p, the classical baseline).
 */
final class SampleTask {
  private SampleTask() {}

  static final String INPUT = "probabilities";

  /** Seed offset of the classical baseline's draws, so they differ from the backend's. */
  private static final long BASELINE_SEED = 0x5A3D_E11AL;

  /** Sums of p farther than this from 1 get a warning (p is normalised either way). */
  static final double EPS_SUM = 1e-6;

  private enum Method {
    MPS,
    AMPLITUDE
  }

  private record Decoded(
      double[] p, int n, Method method, int maxBond, MpsEncoding.Options mps, long shots) {}

  static TaskOutput run(
      StepRequest req, SampleSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    Decoded d = ctx.time(StageName.DECODE, () -> decode(req, spec, backend, config, ctx));
    TaskOutput out = new TaskOutput();
    double[] amps = new double[d.p().length];
    for (int i = 0; i < amps.length; i++) {
      amps[i] = Math.sqrt(d.p()[i]);
    }
    String field = Inputs.field(INPUT);
    double[] target = amps;
    if (d.method() == Method.MPS) {
      TtSvd.Result tt =
          ctx.time(
              StageName.COMPRESS,
              () ->
                  TtSvd.decompose(
                      amps, TtSvd.qubitDims(amps.length), TtSvd.Options.maxBond(d.maxBond())));
      double[] rec = tt.train().reconstruct();
      double[] q = Distributions.fromAmplitudes(rec);
      out.outputs.put("compressed", Tensor.ofDoubles(q, q.length));
      out.metrics.put("max_bond", (double) d.maxBond());
      out.metrics.put("max_rank", (double) tt.train().maxRank());
      out.metrics.put("compression_ratio", tt.compressionRatio());
      out.metrics.put("relative_error", tt.relativeError());
      out.metrics.put("tvd_compressed", Distributions.tvd(q, d.p()));
      target = rec;
    } else {
      ctx.addWallMs(StageName.COMPRESS, 0);
    }
    double[] encTarget = target;
    Prepared prep =
        ctx.time(
            StageName.ENCODE,
            () -> {
              if (d.method() == Method.AMPLITUDE) {
                Encoding e = AmplitudeEncoding.encode(encTarget, field);
                double[] xhat = io.qstep.runner.stateprep.Vectors.normalized(amps, field, false);
                return new Prepared(e, xhat, 1.0);
              }
              MpsEncoding.Result r = MpsEncoding.encode(encTarget, field, d.mps());
              return new Prepared(r.encoding(), r.state(), r.targetFidelity());
            });
    Encoding enc = prep.encoding();
    Circuit circuit = enc.circuit();
    out.circuit = circuit;
    out.circuitVersion = ctx.time(StageName.ENCODE, circuit::version);
    double[] prepared = Distributions.fromAmplitudes(prep.state());
    double fidelity = sq(io.qstep.runner.stateprep.Vectors.normalizedDot(amps, prep.state()));
    out.outputs.put("prepared", Tensor.ofDoubles(prepared, prepared.length));
    out.metrics.put("num_qubits", (double) d.n());
    out.metrics.put("fidelity", fidelity);
    if (d.method() == Method.MPS) {
      out.metrics.put("fidelity_compressed", prep.targetFidelity());
      out.metrics.put("layers", (double) enc.layers());
    }
    out.metrics.put("cx_count", (double) enc.cxCount());
    out.metrics.put("depth", (double) enc.depth());
    out.metrics.put("tvd_circuit", Distributions.tvd(prepared, d.p()));
    long shots = d.shots();
    out.metrics.put("shots", (double) shots);
    if (shots == 0) {
      ctx.warn(
          "execute: shots = 0: no samples drawn; `prepared` is the circuit's exact distribution");
      return out;
    }
    ExecutionResult res =
        ctx.time(
            StageName.EXECUTE,
            () ->
                backend.execute(
                    new ExecutionRequest(
                        circuit,
                        shots,
                        java.util.List.of(),
                        ctx.seed(),
                        req.options().threads(),
                        req.options().fuseGates()),
                    ctx));
    ctx.noteCalibration(res.calibration());
    long[] samples = res.samples();
    ctx.time(
        StageName.VALIDATE,
        () -> {
          long[] counts = Distributions.counts(samples, d.p().length);
          out.outputs.put("samples", Tensor.ofLongs(samples, samples.length));
          out.outputs.put("counts", Tensor.ofLongs(counts, counts.length));
          double tvd = Distributions.tvd(Distributions.empirical(counts, shots), d.p());
          long[] classical =
              Distributions.sample(
                  d.p(), (int) shots, new SplittableRandom(ctx.seed() ^ BASELINE_SEED));
          double tvdClassical =
              Distributions.tvd(
                  Distributions.empirical(Distributions.counts(classical, d.p().length), shots),
                  d.p());
          out.metrics.put("tvd", tvd);
          out.metrics.put("tvd_classical", tvdClassical);
          out.metrics.put("tvd_shot_noise", Distributions.expectedShotNoiseTvd(prepared, shots));
          ctx.warn(
              String.format(
                  Locale.ROOT,
                  "validate: TVD to the target: samples %.4f, classical sampling %.4f (same shots),"
                      + " circuit distribution %.4f, expected shot noise %.4f",
                  tvd,
                  tvdClassical,
                  out.metrics.get("tvd_circuit"),
                  out.metrics.get("tvd_shot_noise")));
          return null;
        });
    return out;
  }

  private record Prepared(Encoding encoding, double[] state, double targetFidelity) {}

  private static double sq(double v) {
    return v * v;
  }

  private static Decoded decode(
      StepRequest req, SampleSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    String field = Inputs.field(INPUT);
    Tensor t = Inputs.required(req, INPUT);
    if (t.shape().length == 1) {
      long len = t.shape()[0];
      if (len < 2 || Long.bitCount(len) != 1) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field,
            field
                + ": length "
                + len
                + " is not a power of two >= 2; refused (pad the distribution with zeros to "
                + Math.max(2, Long.highestOneBit(Math.max(1, len)) * 2)
                + " outcomes)");
      }
      int n = Long.numberOfTrailingZeros(len);
      Limits.checkQubits(n, field, config, backend);
    }
    double[] p = Inputs.finiteReals(INPUT, t, 1);
    int n = Integer.numberOfTrailingZeros(p.length);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] < 0) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field,
            field + ": element " + i + " is " + p[i] + "; probabilities must be >= 0");
      }
      sum += p[i];
    }
    if (!(sum > 0)) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          field,
          field + ": all probabilities are zero; a zero vector cannot be normalised");
    }
    if (Math.abs(sum - 1) > EPS_SUM) {
      ctx.warn(String.format(Locale.ROOT, "decode: probabilities sum to %.6g; normalised", sum));
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    Method method =
        switch (spec.encoding().toLowerCase(Locale.ROOT)) {
          case "", "mps" -> Method.MPS;
          case "amplitude" -> Method.AMPLITUDE;
          default ->
              throw QStepException.invalid(
                  "param.encoding",
                  "param.encoding: mps or amplitude, got '" + spec.encoding() + "'");
        };
    if (spec.maxBond() < 0) {
      throw QStepException.invalid(
          "param.max_bond", "param.max_bond must be >= 1 (0 = default 2), got " + spec.maxBond());
    }
    if (spec.layers() < 0) {
      throw QStepException.invalid(
          "param.layers", "param.layers must be >= 1 (0 = default), got " + spec.layers());
    }
    if (spec.sweeps() < 0) {
      throw QStepException.invalid(
          "param.sweeps", "param.sweeps must be >= 0, got " + spec.sweeps());
    }
    int chi = spec.maxBond() == 0 ? 2 : spec.maxBond();
    int layers = spec.layers() > 0 ? spec.layers() : (chi <= 2 ? 1 : 3);
    int sweeps = spec.sweeps() > 0 ? spec.sweeps() : (chi <= 2 ? 0 : 10);
    boolean auto =
        switch (spec.order().toLowerCase(Locale.ROOT)) {
          case "", "natural" -> false;
          case "auto" -> true;
          default ->
              throw QStepException.invalid(
                  "param.order", "param.order: natural or auto, got '" + spec.order() + "'");
        };
    if (spec.prune() && !(spec.fidelity() > 0)) {
      throw QStepException.invalid(
          "param.prune", "param.prune needs a fidelity target (param.fidelity > 0)");
    }
    MpsEncoding.Options mps =
        new MpsEncoding.Options(0, layers, sweeps, spec.fidelity(), auto, spec.prune());
    if (method == Method.MPS && n < 2) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          field,
          field + ": MPS sampling needs at least 4 outcomes (2 qubits); use encoding=amplitude");
    }
    long shots = req.backend().shots();
    Limits.checkShots(shots, config, backend);
    if (shots > Integer.MAX_VALUE - 8) {
      throw new QStepException(
          ErrorReason.TOO_MANY_SHOTS, "backend.shots", "backend.shots: at most 2^31 - 9 per step");
    }
    return new Decoded(p, n, method, chi, mps, shots);
  }
}
