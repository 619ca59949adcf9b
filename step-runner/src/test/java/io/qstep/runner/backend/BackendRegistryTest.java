package io.qstep.runner.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.stage.StepContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

  @Test
  void loadDefault_findsStrangeThroughServiceLoader() {
    try (BackendRegistry registry = BackendRegistry.loadDefault(30)) {
      assertThat(registry.names()).contains("strange");
      Backend strange = registry.get("strange");
      assertThat(strange.name()).isEqualTo("strange");
      assertThat(strange.capabilities().maxQubits()).isEqualTo(16);
      assertThat(registry.get("strange")).isSameAs(strange);
    }
  }

  @Test
  void loadDefault_passesServerQubitLimitToBackends() {
    try (BackendRegistry registry = BackendRegistry.loadDefault(5)) {
      assertThat(registry.get("strange").capabilities().maxQubits()).isEqualTo(5);
    }
  }

  @Test
  void get_unknownName_isBackendNotFoundListingNames() {
    try (BackendRegistry registry =
        new BackendRegistry(
            List.of(new FakeProvider("alpha", 5), new FakeProvider("beta", 5)), 8)) {
      assertThatThrownBy(() -> registry.get("gamma"))
          .isInstanceOfSatisfying(
              QStepException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_NOT_FOUND);
                assertThat(e.field()).isEqualTo("backend.name");
                assertThat(e.getMessage()).contains("gamma", "alpha", "beta");
              });
    }
  }

  @Test
  void get_emptyName_isTheDefaultBackend() {
    try (BackendRegistry registry =
        new BackendRegistry(List.of(new FakeProvider(BackendRegistry.DEFAULT_BACKEND, 5)), 8)) {
      assertThat(registry.get("").name()).isEqualTo(BackendRegistry.DEFAULT_BACKEND);
      assertThat(registry.get(null).name()).isEqualTo(BackendRegistry.DEFAULT_BACKEND);
    }
  }

  @Test
  void sameName_higherPriorityWins_inEitherOrder() {
    FakeProvider low = new FakeProvider("fake", 1);
    FakeProvider high = new FakeProvider("fake", 9);
    try (BackendRegistry a = new BackendRegistry(List.of(low, high), 8);
        BackendRegistry b = new BackendRegistry(List.of(high, low), 8)) {
      assertThat(a.providers()).containsExactly(high);
      assertThat(b.providers()).containsExactly(high);
      assertThat(((FakeBackend) a.get("fake")).priority).isEqualTo(9);
      assertThat(((FakeBackend) b.get("fake")).priority).isEqualTo(9);
    }
  }

  @Test
  void get_unavailableProvider_isBackendUnavailableWithReason() {
    FakeProvider down = new FakeProvider("down", 5, false);
    try (BackendRegistry registry = new BackendRegistry(List.of(down), 8)) {
      assertThatThrownBy(() -> registry.get("down"))
          .isInstanceOfSatisfying(
              QStepException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
                assertThat(e.field()).isEqualTo("backend.name");
                assertThat(e.getMessage()).contains("down", "fake outage");
              });
      assertThat(down.created).isZero();
    }
  }

  @Test
  void close_closesCreatedBackends() {
    FakeProvider p = new FakeProvider("fake", 5);
    BackendRegistry registry = new BackendRegistry(List.of(p), 8);
    FakeBackend b = (FakeBackend) registry.get("fake");
    registry.close();
    assertThat(b.closed).isTrue();
    assertThat(p.created).isEqualTo(1);
  }

  private static final class FakeProvider implements BackendProvider {
    private final String name;
    private final int priority;
    private final boolean available;
    int created;

    FakeProvider(String name, int priority) {
      this(name, priority, true);
    }

    FakeProvider(String name, int priority, boolean available) {
      this.name = name;
      this.priority = priority;
      this.available = available;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public boolean isAvailable() {
      return available;
    }

    @Override
    public String unavailableReason() {
      return available ? "" : "fake outage";
    }

    @Override
    public Backend create(int maxQubits) {
      created++;
      return new FakeBackend(name, priority, maxQubits);
    }
  }

  private static final class FakeBackend implements Backend {
    private final String name;
    final int priority;
    private final int maxQubits;
    boolean closed;

    FakeBackend(String name, int priority, int maxQubits) {
      this.name = name;
      this.priority = priority;
      this.maxQubits = maxQubits;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String version() {
      return "fake-1";
    }

    @Override
    public BackendCapabilities capabilities() {
      return new BackendCapabilities(maxQubits, Set.of(), false, true, false, 0, "fake");
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
      Circuit c = request.circuit();
      return new ExecutionResult(new double[c.numQubits()], null, c.numQubits(), "", 0, 0);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
