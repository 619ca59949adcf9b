package io.qstep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How busy other processes keep this (shared) machine, from Linux's /proc: the CPU time of the
 * whole machine minus that of this JVM and its Python workers. Off Linux every answer is NaN and
 * nothing waits.
 */
final class PeerLoad {
  /** Others may use at most this many cores (on average) for a machine to count as quiet. */
  static final double QUIET_CORES = 0.25;

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private PeerLoad() {}

  /**
   * Waits until other processes leave the machine nearly idle (sampled while this benchmark is
   * idle), at most {@code maxWaitSeconds}. Returns whether it got there.
   */
  static boolean waitForQuiet(double maxWaitSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (maxWaitSeconds * 1e9);
    while (true) {
      Interval sample = start(List.of());
      Thread.sleep(300);
      double busy = sample.othersCores();
      if (busy < QUIET_CORES) {
        return true;
      }
      if (Double.isNaN(busy) || System.nanoTime() > deadline) {
        System.err.printf(Locale.ROOT, "  (machine busy: %.2f cores in use by others)%n", busy);
        return false;
      }
      Thread.sleep(700);
    }
  }

  /** Starts measuring; {@code ownPids} are our child processes (this JVM always counts as ours). */
  static Interval start(List<Long> ownPids) {
    return new Interval(ownPids);
  }

  /** CPU use between its creation and {@link #othersCores()}. */
  static final class Interval {
    private final List<Long> ownPids;
    private final long[] machine;
    private final long own;

    private Interval(List<Long> ownPids) {
      this.ownPids = List.copyOf(ownPids);
      this.machine = machineTicks();
      this.own = ownTicks(this.ownPids);
    }

    /** Average cores kept busy by other processes since the start; NaN when unknown. */
    double othersCores() {
      long[] now = machineTicks();
      long ownNow = ownTicks(ownPids);
      if (machine == null || now == null || own < 0 || ownNow < 0 || now[0] <= machine[0]) {
        return Double.NaN;
      }
      double elapsedPerCore = (double) (now[0] - machine[0]) / CORES;
      long busy = (now[0] - machine[0]) - (now[1] - machine[1]);
      return Math.max(0, busy - (ownNow - own)) / elapsedPerCore;
    }
  }

  /** {all, idle + iowait} clock ticks of all CPUs, from /proc/stat; null if unreadable. */
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** User + system ticks of this process and {@code pids}; -1 if unreadable. */
  private static long ownTicks(List<Long> pids) {
    long sum = processTicks("self");
    for (long pid : pids) {
      long t = processTicks(Long.toString(pid));
      sum = sum < 0 || t < 0 ? -1 : sum + t;
    }
    return sum;
  }

  private static long processTicks(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // fields after the command name, which may itself hold spaces and parentheses
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
