package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expectation values of observables from one circuit at one noise scale through an {@link
 * Executor}, optionally readout-mitigated. Exact mode asks for every sub-string of each observable
 * in one execution and inverts the parities analytically; shot mode samples once for the diagonal
 * observables and once per non-diagonal one (rotated into Z), then mitigates the counts.
 */
final class Estimator {
  /** Estimated values, their standard errors (0 in exact mode) and executions used. */
  record Estimate(double[] values, double[] sigmas, int executions) {}

  private final Executor executor;
  private final ReadoutCalibration readout;
  private final MitigationSpec.ReadoutMethod method;

  /**
   * @param readout null = no readout mitigation
   */
  Estimator(Executor executor, ReadoutCalibration readout, MitigationSpec.ReadoutMethod method) {
    this.executor = executor;
    this.readout = readout;
    this.method = method;
  }

  /** The observables as explicit Pauli strings (⟨Z_i⟩ per qubit when empty). */
  static List<String> explicit(List<String> observables, int n) {
    if (!observables.isEmpty()) {
      return observables;
    }
    List<String> out = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      StringBuilder sb = new StringBuilder("I".repeat(n));
      sb.setCharAt(q, 'Z');
      out.add(sb.toString());
    }
    return out;
  }

  static long mask(String pauli) {
    long m = 0;
    for (int q = 0; q < pauli.length(); q++) {
      if (pauli.charAt(q) != 'I') {
        m |= 1L << q;
      }
    }
    return m;
  }

  /** {@code pauli} with every position outside {@code keep} set to I. */
  static String restrict(String pauli, long keep) {
    StringBuilder sb = new StringBuilder(pauli);
    for (int q = 0; q < sb.length(); q++) {
      if ((keep >>> q & 1) == 0) {
        sb.setCharAt(q, 'I');
      }
    }
    return sb.toString();
  }

  Estimate estimate(Circuit bound, double scale, long shots, List<String> observables, long seed) {
    int n = bound.numQubits();
    List<String> obs = explicit(observables, n);
    int k = obs.size();
    double[] values = new double[k];
    double[] sigmas = new double[k];
    if (shots == 0) {
      if (readout == null) {
        Executor.Result r = executor.run(bound, scale, 0, observables, seed);
        return new Estimate(r.expectations().clone(), sigmas, 1);
      }
      // every sub-string of every observable, once
      Map<String, Integer> index = new LinkedHashMap<>();
      for (String p : obs) {
        long s = mask(p);
        checkSupport(s);
        for (long t : ReadoutMitigator.subsetsBySize(s)) {
          if (t != 0) {
            index.putIfAbsent(restrict(p, t), index.size());
          }
        }
      }
      List<String> all = new ArrayList<>(index.keySet());
      double[] e = executor.run(bound, scale, 0, all, seed).expectations();
      for (int j = 0; j < k; j++) {
        String p = obs.get(j);
        long s = mask(p);
        Map<Long, Double> measured = new HashMap<>();
        for (long t : ReadoutMitigator.subsetsBySize(s)) {
          if (t != 0) {
            measured.put(t, e[index.get(restrict(p, t))]);
          }
        }
        values[j] = ReadoutMitigator.invertParity(measured, s, readout);
      }
      return new Estimate(values, sigmas, 1);
    }
    // the diagonal observables share one execution, each other one gets its rotated circuit; all
    // of them go to the executor together (one QPU job), each with the seed it had alone
    List<Circuit> circuits = new ArrayList<>();
    List<Long> circuitSeeds = new ArrayList<>();
    int[] which = new int[k];
    int diag = -1;
    for (int j = 0; j < k; j++) {
      String p = obs.get(j);
      if (p.chars().allMatch(c -> c == 'I' || c == 'Z')) {
        if (diag < 0) {
          diag = circuits.size();
          circuits.add(bound);
          circuitSeeds.add(seed);
        }
        which[j] = diag;
      } else {
        which[j] = circuits.size();
        circuits.add(rotateToZ(bound, p));
        circuitSeeds.add(seed + 1 + j);
      }
    }
    long[] seedArray = circuitSeeds.stream().mapToLong(Long::longValue).toArray();
    List<Executor.Result> results = executor.runBatch(circuits, scale, shots, List.of(), seedArray);
    int executions = circuits.size();
    for (int j = 0; j < k; j++) {
      String p = obs.get(j);
      long[] samples = results.get(which[j]).samples();
      long s = mask(p);
      double raw = parity(samples, s);
      if (readout == null) {
        values[j] = raw;
        sigmas[j] = Math.sqrt(Math.max(0, 1 - raw * raw) / samples.length);
      } else {
        values[j] = mitigatedParity(samples, s);
        sigmas[j] = Math.sqrt(Math.max(0, 1 - raw * raw) / samples.length) * readout.gain(s);
      }
    }
    return new Estimate(values, sigmas, executions);
  }

  private void checkSupport(long s) {
    if (Long.bitCount(s) > ReadoutMitigator.MAX_PARITY_SUPPORT) {
      throw new IllegalArgumentException(
          "readout mitigation of exact expectations supports observables on at most "
              + ReadoutMitigator.MAX_PARITY_SUPPORT
              + " qubits");
    }
  }

  private double mitigatedParity(long[] samples, long support) {
    MitigationSpec.ReadoutMethod m = method;
    if (m == MitigationSpec.ReadoutMethod.AUTO) {
      m =
          Long.bitCount(support) <= 12
              ? MitigationSpec.ReadoutMethod.LSQ
              : MitigationSpec.ReadoutMethod.M3;
    }
    switch (m) {
      case INVERSE -> {
        checkSupport(support);
        Map<Long, Double> measured = new HashMap<>();
        for (long t : ReadoutMitigator.subsetsBySize(support)) {
          if (t != 0) {
            measured.put(t, parity(samples, t));
          }
        }
        return ReadoutMitigator.invertParity(measured, support, readout);
      }
      case LSQ -> {
        int[] qubits = qubitsOf(support);
        if (qubits.length > ReadoutMitigator.MAX_DENSE_BITS) {
          throw new IllegalArgumentException(
              "readout_method=lsq: observable on " + qubits.length + " qubits; use m3");
        }
        double[] q = new double[1 << qubits.length];
        for (long x : samples) {
          q[(int) compress(x, qubits)]++;
        }
        double[] p = ReadoutMitigator.leastSquares(q, readout.select(qubits));
        return ReadoutMitigator.parity(p, (1L << qubits.length) - 1);
      }
      case M3 -> {
        Map<Long, Double> p = ReadoutMitigator.subspace(ReadoutMitigator.counts(samples), readout);
        return ReadoutMitigator.parity(p, support);
      }
      case AUTO -> throw new AssertionError("resolved above");
    }
    throw new AssertionError(m);
  }

  static int[] qubitsOf(long mask) {
    int[] q = new int[Long.bitCount(mask)];
    int i = 0;
    for (long rest = mask; rest != 0; rest &= rest - 1) {
      q[i++] = Long.numberOfTrailingZeros(rest);
    }
    return q;
  }

  private static long compress(long x, int[] qubits) {
    long out = 0;
    for (int i = 0; i < qubits.length; i++) {
      out |= (x >>> qubits[i] & 1) << i;
    }
    return out;
  }

  static double parity(long[] samples, long mask) {
    long sum = 0;
    for (long s : samples) {
      sum += (Long.bitCount(s & mask) & 1) == 0 ? 1 : -1;
    }
    return samples.length == 0 ? 0 : (double) sum / samples.length;
  }

  static Circuit rotateToZ(Circuit bound, String pauli) {
    Circuit.Builder b = Circuit.builder(bound.numQubits()).append(bound);
    for (int q = 0; q < pauli.length(); q++) {
      switch (pauli.charAt(q)) {
        case 'X' -> b.h(q);
        case 'Y' -> b.sdg(q).h(q);
        default -> {}
      }
    }
    return b.build();
  }
}
