package io.qstep.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.qstep.client.ClientSettings;
import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import io.qstep.internal.ProtoConverter;
import io.qstep.proto.v1.QuantumStepGrpc;
import io.qstep.proto.v1.RunRequest;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.grpc.StepServer;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * gRPC {@code Run} on loopback: latency of a 4-qubit circuit (p50, p99 over many calls, after
 * warm-up) and throughput of a large tensor. Prints a table.
 *
 * <p>{@code java -cp "bench/target/qstep-bench.jar:bench/target/lib/*" io.qstep.bench.GrpcBench
 * [calls] [tensorMiB]}
 */
public final class GrpcBench {
  static final String CIRCUIT =
      """
      OPENQASM 3.0;
      include "stdgates.inc";
      input float[64] t;
      qubit[4] q;
      h q[0];
      cx q[0], q[1];
      cx q[1], q[2];
      cx q[2], q[3];
      ry(t) q[3];
      """;

  private GrpcBench() {}

  private static void row(String what, long[] ns, long[] floor, int p50, int p99) {
    System.out.printf(
        "| %s | %.3f ms | %.3f ms | %.2f |%n",
        what, ns[p50] / 1e6, ns[p99] / 1e6, (double) ns[p99] / floor[p99]);
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int mib = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    RunnerConfig config =
        RunnerConfig.defaults().withMaxMessageBytes((mib + 4) << 20).withMaxBatchRows(1 << 20);
    try (StepServer server =
            StepServer.onPort(0, config, BackendRegistry.loadDefault(config.maxQubits())).start();
        QStepClient client =
            QStep.connect(
                ClientSettings.builder("localhost:" + server.port())
                    .maxMessageBytes((mib + 4) << 20)
                    .build())) {
      StepRequest small =
          StepRequest.builder(new CircuitSpec(CIRCUIT, List.of("ZZZZ")))
              .input("params", Tensor.ofDoubles(new double[] {0.3}, 1, 1))
              .seed(1)
              .build();
      // The floor: on the same machine, in the same run, a gRPC unary call that does no work
      // (the health check) over its own plaintext channel, and the same Run through a bare
      // generated stub. Calls are interleaved so that every kind sees the same noise.
      ManagedChannel raw =
          ManagedChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
      try {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(raw);
        QuantumStepGrpc.QuantumStepBlockingStub stub = QuantumStepGrpc.newBlockingStub(raw);
        HealthCheckRequest ping = HealthCheckRequest.getDefaultInstance();
        RunRequest smallProto = ProtoConverter.toProto(small);
        for (int i = 0; i < Math.max(1000, calls / 5); i++) {
          client.run(small);
          health.check(ping);
          stub.run(smallProto);
        }
        long[] sdk = new long[calls];
        long[] bare = new long[calls];
        long[] floor = new long[calls];
        double smallServerMs = 0;
        for (int i = 0; i < calls; i++) {
          long t0 = System.nanoTime();
          var res = client.run(small);
          long t1 = System.nanoTime();
          health.check(ping);
          long t2 = System.nanoTime();
          stub.run(smallProto);
          long t3 = System.nanoTime();
          sdk[i] = t1 - t0;
          floor[i] = t2 - t1;
          bare[i] = t3 - t2;
          smallServerMs += res.timingsMs().values().stream().mapToDouble(Double::doubleValue).sum();
        }
        Arrays.sort(sdk);
        Arrays.sort(bare);
        Arrays.sort(floor);
        int p50 = calls / 2;
        int p99 = (int) (calls * 0.99);
        System.out.println("| benchmark | p50 | p99 | p99 / floor p99 |");
        System.out.println("|---|---|---|---|");
        row("gRPC floor: health check (no work)", floor, floor, p50, p99);
        row("Run, 4-qubit circuit, generated stub", bare, floor, p50, p99);
        row("Run, 4-qubit circuit, SDK client", sdk, floor, p50, p99);
        System.out.printf(
            "| ... mean time inside the step's stages | %.3f ms | | |%n", smallServerMs / calls);
      } finally {
        raw.shutdownNow();
      }
      System.out.println();
      System.out.println("| benchmark | value |");
      System.out.println("|---|---|");

      // Throughput: one Run carrying a `params` tensor of `mib` MiB (rows x 1024 FP64) for a
      // 1-qubit circuit. Transfer rate = bytes / (client wall time - server stage time).
      int m = 1024;
      int rows = (mib << 20) / (8 * m);
      StringBuilder q = new StringBuilder("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
      for (int i = 0; i < m; i++) {
        q.append("input float[64] a").append(i).append(";\n");
      }
      q.append("qubit[1] q;\n");
      for (int i = 0; i < m; i++) {
        q.append("rz(a").append(i).append(") q[0];\n");
      }
      StepRequest big =
          StepRequest.builder(CircuitSpec.of(q.toString()))
              .input("params", Tensor.ofDoubles(new double[rows * m], rows, m))
              .seed(1)
              .build();
      client.run(big);
      long t0 = System.nanoTime();
      var r = client.run(big);
      double wallMs = (System.nanoTime() - t0) / 1e6;
      double serverMs = r.timingsMs().values().stream().mapToDouble(Double::doubleValue).sum();
      double bytes = 8.0 * rows * m;
      System.out.printf("| Run, %d MiB params tensor, wall | %.1f ms |%n", mib, wallMs);
      System.out.printf(
          "| ... of which server stages (decode %.1f, execute %.1f) | %.1f ms |%n",
          r.timingsMs().get("decode"), r.timingsMs().get("execute"), serverMs);
      System.out.printf(
          "| ... transfer rate, bytes / (wall - server) | %.0f MiB/s |%n",
          bytes / (1 << 20) / ((wallMs - serverMs) / 1e3));
    }
  }
}
