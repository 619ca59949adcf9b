package io.qstep.tensor;

import static io.qstep.tensor.QStepAssert.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qstep.error.ErrorReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips through real NumPy via {@code scripts/npy_interop.py}. Runs when {@code QSTEP_PYTHON}
 * names a Python with numpy (CI sets it); skipped otherwise.
 */
class NpyNumpyInteropTest {
  private static final long PROCESS_TIMEOUT_S = 60;

  @TempDir Path tmp;
  private String python;
  private Path script;

  @BeforeEach
  void requirePython() {
    python = System.getenv("QSTEP_PYTHON");
    assumeTrue(
        python != null && !python.isBlank(), "QSTEP_PYTHON is not set: skipping NumPy interop");
    // surefire runs with the module directory (sdk/) as working directory
    script = Path.of("").toAbsolutePath().getParent().resolve("scripts/npy_interop.py");
    assertThat(script).as("interop script").isRegularFile();
  }

  private String runScript(String command, Path dir) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(python, script.toString(), command, dir.toString())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("npy_interop.py " + command + " timed out:\n" + output);
    }
    assertThat(p.exitValue())
        .as("npy_interop.py %s exit code; output:%n%s", command, output)
        .isZero();
    return output;
  }

  @Test
  void numpyWrites_javaReadsKnownContentsAndRefusesUnsupported() throws Exception {
    runScript("write", tmp);

    for (Map.Entry<String, Tensor> e : NumpyFixtures.expected().entrySet()) {
      assertThat(Npy.read(tmp.resolve(e.getKey() + ".npy"))).as(e.getKey()).isEqualTo(e.getValue());
    }
    for (Map.Entry<String, Tensor> e : NumpyFixtures.versioned().entrySet()) {
      assertThat(Npy.read(tmp.resolve(e.getKey() + ".npy"))).as(e.getKey()).isEqualTo(e.getValue());
    }
    for (String name : NumpyFixtures.refused()) {
      Path p = tmp.resolve(name + ".npy");
      assertFails(() -> Npy.read(p), ErrorReason.INVALID_TENSOR, name + ".npy");
    }
  }

  @Test
  void javaWrites_numpyChecksContentsVersionAndAlignment() throws Exception {
    for (Map.Entry<String, Tensor> e : NumpyFixtures.expected().entrySet()) {
      Npy.write(e.getValue(), tmp.resolve(e.getKey() + ".npy"));
    }

    String output = runScript("check", tmp);

    assertThat(output).contains("0 mismatch(es)");
  }

  @Test
  void check_detectsAWrongFile() throws Exception {
    for (Map.Entry<String, Tensor> e : NumpyFixtures.expected().entrySet()) {
      Npy.write(e.getValue(), tmp.resolve(e.getKey() + ".npy"));
    }
    Npy.write(Tensor.ofLongs(new long[] {0, 0, 0, 1}), tmp.resolve("i8_4.npy"));
    Files.delete(tmp.resolve("f8_scalar.npy"));

    Process p =
        new ProcessBuilder(python, script.toString(), "check", tmp.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output).isNotZero();
    assertThat(output).contains("FAIL i8_4").contains("FAIL f8_scalar").contains("2 mismatch(es)");
  }
}
