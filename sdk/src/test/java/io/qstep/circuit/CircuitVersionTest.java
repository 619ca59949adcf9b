package io.qstep.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitVersionTest {

  private static Circuit.Builder base() {
    return Circuit.builder(3)
        .h(0)
        .cx(0, 1)
        .rzz(1, 2, new Param.Symbol("theta", 2.0, 0.5))
        .rx(2, 0.25)
        .ry(0, Param.symbol("phi"));
  }

  @Test
  void version_isSha256OfCanonicalQasm3() throws Exception {
    Circuit c = base().measureAll().build();
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest(OpenQasm.toQasm3(c).getBytes(StandardCharsets.UTF_8));
    assertThat(c.version()).isEqualTo(HexFormat.of().formatHex(digest)).matches("[0-9a-f]{64}");
  }

  @Test
  void version_ofFixedCircuit_isPinned() {
    // The canonical text is a contract: versions are logged and used as cache keys. If this
    // fails, the export format changed and every recorded version changes with it. The value is
    // sha256 of "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\n
    // cx q[0], q[1];\nc[0] = measure q[0];\nc[1] = measure q[1];\n", checked with Python's hashlib.
    Circuit c = Circuit.builder(2).h(0).cx(0, 1).measureAll().build();
    assertThat(c.version())
        .isEqualTo("52b456fd583d44c1ed379a0a72de5ce555d9d294bf66cc29ac7a43816ed34285");
  }

  @Test
  void version_ofEqualCircuitsBuiltTwiceAndReparsed_isEqual() {
    Circuit a = base().build();
    Circuit b = base().build();
    assertThat(a.version()).isEqualTo(b.version());
    assertThat(OpenQasm.parse(OpenQasm.toQasm3(a)).version()).isEqualTo(a.version());
  }

  @Test
  void version_changesWhenAnyGateAngleQubitMeasurementOrNameChanges() {
    List<Circuit> variants = new ArrayList<>();
    variants.add(base().build());
    variants.add(base().rx(2, Math.nextUp(0.0)).build()); // one more gate, smallest angle
    variants.add(
        Circuit.builder(3)
            .h(0)
            .cx(0, 1)
            .rzz(1, 2, new Param.Symbol("theta", 2.0, 0.5))
            .rx(2, Math.nextUp(0.25)) // one ulp
            .ry(0, Param.symbol("phi"))
            .build());
    variants.add(
        Circuit.builder(3)
            .h(0)
            .cx(1, 0) // qubits swapped
            .rzz(1, 2, new Param.Symbol("theta", 2.0, 0.5))
            .rx(2, 0.25)
            .ry(0, Param.symbol("phi"))
            .build());
    variants.add(
        Circuit.builder(3)
            .h(0)
            .cy(0, 1) // kind changed
            .rzz(1, 2, new Param.Symbol("theta", 2.0, 0.5))
            .rx(2, 0.25)
            .ry(0, Param.symbol("phi"))
            .build());
    variants.add(
        Circuit.builder(3)
            .h(0)
            .cx(0, 1)
            .rzz(1, 2, new Param.Symbol("theta", 2.0, 0.25)) // offset
            .rx(2, 0.25)
            .ry(0, Param.symbol("phi"))
            .build());
    variants.add(
        Circuit.builder(3)
            .h(0)
            .cx(0, 1)
            .rzz(1, 2, new Param.Symbol("theta", -2.0, 0.5)) // scale
            .rx(2, 0.25)
            .ry(0, Param.symbol("phi"))
            .build());
    variants.add(
        Circuit.builder(3)
            .h(0)
            .cx(0, 1)
            .rzz(1, 2, new Param.Symbol("theta2", 2.0, 0.5)) // parameter name
            .rx(2, 0.25)
            .ry(0, Param.symbol("phi"))
            .build());
    variants.add(
        Circuit.builder(3)
            .parameter("phi") // parameter order
            .h(0)
            .cx(0, 1)
            .rzz(1, 2, new Param.Symbol("theta", 2.0, 0.5))
            .rx(2, 0.25)
            .ry(0, Param.symbol("phi"))
            .build());
    variants.add(base().measure(0, 0).build());
    variants.add(base().measure(0, 1).build());
    variants.add(base().clbits(1).build());
    Circuit.Builder wider = Circuit.builder(4);
    variants.add(wider.append(base().build()).build());

    HashSet<String> versions = new HashSet<>();
    for (Circuit v : variants) {
      versions.add(v.version());
    }
    assertThat(versions).hasSize(variants.size());
  }

  @Test
  void version_doesNotDependOnBoundValues() {
    Circuit c = base().build();
    String before = c.version();
    Circuit one = c.bind(0.1, 0.2);
    Circuit two = c.bind(-3.0, 7.0);
    assertThat(c.version()).isEqualTo(before).isEqualTo(base().build().version());
    assertThat(one.version()).isNotEqualTo(two.version()).isNotEqualTo(before);
  }

  @Test
  void version_fromManyThreadsAtOnce_isOneValue() throws Exception {
    Circuit c = base().measureAll().build();
    String expected = base().measureAll().build().version();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return c.version();
                }));
      }
      start.countDown();
      for (Future<String> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void build_withFewerClbitsThanMeasured_isIllegalArgument() {
    Circuit.Builder b = Circuit.builder(2).measure(1, 3).clbits(2);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clbit 3");
  }

  @Test
  void param_negativeZero_equalsZero() {
    assertThat(Param.of(-0.0)).isEqualTo(Param.of(0.0));
    assertThat(new Param.Symbol("t", -0.0, -0.0)).isEqualTo(new Param.Symbol("t", 0.0, 0.0));
  }

  @Test
  void param_reservedName_isIllegalArgument() {
    for (String name : List.of("pi", "input", "measure", "qubit", "euler")) {
      assertThatThrownBy(() -> Param.symbol(name))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reserved");
    }
  }
}
