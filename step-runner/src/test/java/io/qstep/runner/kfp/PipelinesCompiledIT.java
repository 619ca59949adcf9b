package io.qstep.runner.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed compiled pipelines ({@code pipelines/*}{@code /pipeline.yaml}) match their Python
 * DSL sources: {@code pipelines/tests/check_compiled.py} recompiles each with kfp 2.17.3 and fails
 * on any difference (fix: {@code python pipelines/tests/check_compiled.py --write}). It also loads
 * the component spec with {@code kfp.components.load_component_from_file}. Needs QSTEP_PYTHON with
 * kfp.
 */
class PipelinesCompiledIT {
  @Test
  void committedPipelineYaml_isWhatTheDslCompilesTo() throws Exception {
    String python = System.getenv("QSTEP_PYTHON");
    assumeTrue(python != null && !python.isBlank(), "QSTEP_PYTHON is not set");
    Process probe = new ProcessBuilder(python, "-c", "import kfp").start();
    assumeTrue(probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0, "no kfp");
    Path root = Path.of("..").toAbsolutePath().normalize();
    Process p =
        new ProcessBuilder(python, "pipelines/tests/check_compiled.py")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("checked 3 pipelines, 0 stale");
  }
}
