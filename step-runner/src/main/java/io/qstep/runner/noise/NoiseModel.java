package io.qstep.runner.noise;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.GateCalibration;
import io.qstep.runner.calibration.QubitCalibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The noise of a device, built from a {@link CalibrationSnapshot}. Immutable and thread-safe.
 *
 * <p>After every gate on qubits Q (in this order):
 *
 * <ol>
 *   <li>thermal relaxation of each qubit of Q over the gate's duration t: amplitude damping γ = 1 −
 *       exp(−t/T1) and pure dephasing so that coherences decay as exp(−t/T2);
 *   <li>depolarising noise on Q (one- and two-qubit gates; wider gates get it on each qubit) whose
 *       probability p is chosen so that relaxation and depolarising together have the calibrated
 *       average gate error (as Qiskit Aer's device noise model does); p = 0 when relaxation alone
 *       reaches it.
 * </ol>
 *
 * Readout: each measured bit flips with p(1|0) or p(0|1) of its qubit (applied to sampled shots).
 *
 * <p>Gate lookup: the calibrated gate of the same name on the same qubits; else, for one-qubit
 * gates, {@code rz} for diagonal (virtual) gates and {@code sx}, {@code x} or Braket's {@code 1q}
 * for the others, counted as IBM's compiler would (H, X, Y, SX: one native pulse; RX, RY, U and
 * one-qubit unitaries: two); for two-qubit gates, any calibrated two-qubit gate on the pair (CX,
 * CY, CZ: one; controlled rotations, CP and RXX/RYY/RZZ: two; SWAP and two-qubit unitaries: three).
 * Gates the snapshot does not calibrate (an uncoupled pair, which hardware would route with swaps)
 * take the device mean. n native pulses have error 1 − (1 − e)^n and duration n·t; unknown
 * durations (Braket gives none) default to {@link #DEFAULT_1Q_NS} and {@link #DEFAULT_2Q_NS}.
 *
 * <p>{@link #scaled(double) Noise scale} λ applies every gate's noise λ times: relaxation over λ·t,
 * depolarising 1 − (1 − p)^λ; readout is not scaled. λ = 0 is the ideal circuit with readout error.
 * Circuit qubit q is snapshot qubit q.
 */
public final class NoiseModel {
  /** Single-qubit gate duration when the calibration does not give one, ns. */
  public static final double DEFAULT_1Q_NS = 50;

  /** Two-qubit gate duration when the calibration does not give one, ns. */
  public static final double DEFAULT_2Q_NS = 300;

  /** Probabilities below this are treated as no noise at all. */
  static final double EPS_NOISE = 1e-15;

  private final CalibrationSnapshot calibration;
  private final double scale;
  private final boolean readout;
  private final double mean1qError;
  private final double mean1qNs;
  private final double mean2qError;
  private final double mean2qNs;

  private NoiseModel(CalibrationSnapshot calibration, double scale, boolean readout) {
    this.calibration = calibration;
    this.scale = scale;
    this.readout = readout;
    double e1 = 0;
    double t1 = 0;
    int c1 = 0;
    int ct1 = 0;
    double e2 = 0;
    double t2 = 0;
    int c2 = 0;
    int ct2 = 0;
    for (GateCalibration g : calibration.gates()) {
      if (g.qubits().size() == 1 && !g.name().equals("rz") && !g.name().equals("id")) {
        e1 += g.error();
        c1++;
        if (g.hasDuration()) {
          t1 += g.durationNs();
          ct1++;
        }
      } else if (g.qubits().size() == 2) {
        e2 += g.error();
        c2++;
        if (g.hasDuration()) {
          t2 += g.durationNs();
          ct2++;
        }
      }
    }
    this.mean1qError = c1 == 0 ? 0 : e1 / c1;
    this.mean1qNs = ct1 == 0 ? DEFAULT_1Q_NS : t1 / ct1;
    this.mean2qError = c2 == 0 ? 0 : e2 / c2;
    this.mean2qNs = ct2 == 0 ? DEFAULT_2Q_NS : t2 / ct2;
  }

  /** The noise of {@code calibration} at scale 1 with readout error. */
  public static NoiseModel of(CalibrationSnapshot calibration) {
    return new NoiseModel(calibration, 1, true);
  }

  /**
   * This model with every gate's noise applied {@code lambda} times (readout unchanged).
   *
   * @throws IllegalArgumentException when lambda is negative or not finite
   */
  public NoiseModel scaled(double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("noise scale must be finite and >= 0, got " + lambda);
    }
    return new NoiseModel(calibration, lambda, readout);
  }

  /** This model with readout error on or off. */
  public NoiseModel withReadout(boolean on) {
    return new NoiseModel(calibration, scale, on);
  }

  public CalibrationSnapshot calibration() {
    return calibration;
  }

  /** The noise scale λ (1 = as calibrated). */
  public double scale() {
    return scale;
  }

  public boolean readoutEnabled() {
    return readout;
  }

  public int numQubits() {
    return calibration.numQubits();
  }

  /** p(0|1) of qubit q (0 when readout error is off). */
  public double p0Given1(int q) {
    return readout ? calibration.qubit(q).p0Given1() : 0;
  }

  /** p(1|0) of qubit q (0 when readout error is off). */
  public double p1Given0(int q) {
    return readout ? calibration.qubit(q).p1Given0() : 0;
  }

  /**
   * Checks that the calibration covers the circuit.
   *
   * @throws QStepException CAPABILITY_MISMATCH naming {@code qasm} when the circuit is wider
   */
  public void check(Circuit c) {
    if (c.numQubits() > numQubits()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "qasm",
          "the circuit has "
              + c.numQubits()
              + " qubits but calibration "
              + calibration.backendName()
              + " ("
              + calibration.id().substring(0, 12)
              + ") covers "
              + numQubits());
    }
  }

  /** The calibrated error and duration of one gate, with its native-pulse count applied. */
  record GateNoise(double error, double durationNs) {}

  /** The noise channels that follow {@code g}, in order; empty for a noiseless gate. */
  public List<Channel> after(Gate g) {
    int[] q = g.qubits();
    for (int x : q) {
      if (x >= numQubits()) {
        throw new QStepException(
            ErrorReason.CAPABILITY_MISMATCH,
            "qasm",
            "gate " + g + " acts on qubit " + x + " which calibration does not have");
      }
    }
    List<Channel> out = new ArrayList<>();
    if (scale == 0) {
      return out;
    }
    GateNoise gn = lookup(g);
    double t1q = gn.durationNs();
    double fe = 1;
    for (int x : q) {
      QubitCalibration qc = calibration.qubit(x);
      Channel.ThermalRelaxation r =
          Channel.ThermalRelaxation.of(x, qc.t1Us() * 1e3, qc.t2Us() * 1e3, t1q * scale);
      if (r.gamma() > EPS_NOISE || 1 - r.lambda() > EPS_NOISE) {
        out.add(r);
      }
      fe *= relaxFidelity(qc, t1q);
    }
    if (q.length <= 2) {
      double p = depolarizing(gn.error(), fe, 1 << q.length);
      if (p > EPS_NOISE) {
        out.add(new Channel.Depolarizing(q, p));
      }
    } else {
      for (int x : q) {
        double p = depolarizing(gn.error(), relaxFidelity(calibration.qubit(x), t1q), 2);
        if (p > EPS_NOISE) {
          out.add(new Channel.Depolarizing(new int[] {x}, p));
        }
      }
    }
    return out;
  }

  /** Process fidelity of one qubit's relaxation over {@code ns} at scale 1. */
  private static double relaxFidelity(QubitCalibration qc, double ns) {
    return Channel.ThermalRelaxation.of(0, qc.t1Us() * 1e3, qc.t2Us() * 1e3, ns).processFidelity();
  }

  /**
   * The depolarising probability at scale λ: at scale 1, p solves F(dep ∘ relax) = F(error)
   * (process fidelities; the depolariser scales every non-identity Pauli component by 1 − p, so
   * F(dep ∘ relax) = (1 + (1 − p)(d² F_relax − 1)) / d²); λ copies give 1 − (1 − p)^λ.
   */
  private double depolarizing(double error, double feRelax, int d) {
    if (error <= 0) {
      return 0;
    }
    double d2 = (double) d * d;
    double feTarget = ((1 - error) * (d + 1) - 1) / d;
    double denom = d2 * feRelax - 1;
    if (denom <= 0) {
      return 0;
    }
    double p1 = Math.max(0, Math.min(1, 1 - (d2 * feTarget - 1) / denom));
    return scale == 1 ? p1 : 1 - Math.pow(1 - p1, scale);
  }

  private GateNoise lookup(Gate g) {
    GateKind k = g.kind();
    int[] q = g.qubits();
    String name = k.qasmName().toLowerCase(java.util.Locale.ROOT);
    Optional<GateCalibration> exact = calibration.gate(name, q);
    if (exact.isPresent()) {
      return of(exact.get(), 1, q.length);
    }
    if (q.length == 1) {
      if (k.isDiagonal()) {
        return calibration.gate("rz", q).map(c -> of(c, 1, 1)).orElse(new GateNoise(0, 0));
      }
      int pulses =
          switch (k) {
            case X, Y, H, SX -> 1;
            default -> 2;
          };
      for (String native1 : new String[] {"sx", "x", "1q"}) {
        Optional<GateCalibration> c = calibration.gate(native1, q);
        if (c.isPresent()) {
          return of(c.get(), pulses, 1);
        }
      }
      return pulses(mean1qError, mean1qNs, pulses);
    }
    int pulses =
        switch (k) {
          case CX, CY, CZ -> 1;
          case SWAP, CCX, UNITARY -> 3 * (q.length - 1);
          default -> 2;
        };
    if (q.length == 2) {
      List<GateCalibration> onPair = calibration.gatesOn(q);
      if (!onPair.isEmpty()) {
        GateCalibration best = onPair.get(0);
        for (GateCalibration c : onPair) {
          if (c.error() < best.error()) {
            best = c;
          }
        }
        return of(best, pulses, 2);
      }
    }
    return pulses(mean2qError, mean2qNs, pulses);
  }

  private static GateNoise of(GateCalibration c, int pulses, int arity) {
    double ns = c.hasDuration() ? c.durationNs() : arity == 1 ? DEFAULT_1Q_NS : DEFAULT_2Q_NS;
    return pulses(c.error(), ns, pulses);
  }

  private static GateNoise pulses(double error, double ns, int n) {
    return new GateNoise(1 - Math.pow(1 - error, n), ns * n);
  }

  @Override
  public String toString() {
    return "NoiseModel[" + calibration + ", scale " + scale + ", readout " + readout + "]";
  }
}
