package io.qstep.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Dockerfile honest where no Docker engine runs: every path it copies exists (in the
 * build context, or in the Maven build output for the runtime stage), nothing it copies is excluded
 * by .dockerignore, and its ENTRYPOINT + CMD, mapped back to the build output, start the same
 * launcher the CLI tests run, with the image's JVM options.
 */
class DockerfileIT {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static Dockerfile df;

  /** The instructions of a Dockerfile, continuation lines joined, per stage. */
  record Instruction(int stage, String op, String args) {}

  record Dockerfile(List<Instruction> lines, Map<String, Integer> stageNames) {
    List<Instruction> of(String op) {
      return lines.stream().filter(l -> l.op.equals(op)).toList();
    }

    int lastStage() {
      return lines.get(lines.size() - 1).stage;
    }

    static Dockerfile parse(String text) {
      List<Instruction> out = new ArrayList<>();
      Map<String, Integer> names = new LinkedHashMap<>();
      int stage = -1;
      StringBuilder cur = new StringBuilder();
      for (String raw : text.split("\n")) {
        String line = raw.strip();
        if (cur.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
          continue;
        }
        if (line.endsWith("\\")) {
          cur.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        cur.append(line);
        String full = cur.toString().strip();
        cur.setLength(0);
        int sp = full.indexOf(' ');
        String op = full.substring(0, sp).toUpperCase(java.util.Locale.ROOT);
        String args = full.substring(sp + 1).strip();
        if (op.equals("FROM")) {
          stage++;
          String[] w = args.split("\\s+");
          if (w.length == 3 && w[1].equalsIgnoreCase("AS")) {
            names.put(w[2], stage);
          }
        }
        out.add(new Instruction(stage, op, args));
      }
      return new Dockerfile(out, names);
    }
  }

  @BeforeAll
  static void parse() throws IOException {
    df = Dockerfile.parse(Files.readString(ROOT.resolve("Dockerfile")));
  }

  /** COPY [--from=STAGE] SRC... DEST, as source paths and destination. */
  record Copy(String from, List<String> sources, String dest) {
    static Copy of(String args) {
      List<String> w = new ArrayList<>(List.of(args.split("\\s+")));
      String from = null;
      while (w.get(0).startsWith("--")) {
        String flag = w.remove(0);
        if (flag.startsWith("--from=")) {
          from = flag.substring("--from=".length());
        }
      }
      String dest = w.remove(w.size() - 1);
      return new Copy(from, w, dest);
    }
  }

  static List<Pattern> dockerignore() throws IOException {
    List<Pattern> out = new ArrayList<>();
    for (String l : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
      l = l.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      assertThat(l).as("exceptions (!) are not used").doesNotStartWith("!");
      out.add(Pattern.compile(globToRegex(l.replaceAll("^/|/$", ""))));
    }
    return out;
  }

  /** Docker's (Go filepath.Match) glob, plus {@code **} for any number of directories. */
  static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char ch = glob.charAt(i);
      if (glob.startsWith("**/", i)) {
        re.append("(?:.*/)?");
        i += 2;
      } else if (glob.startsWith("**", i)) {
        re.append(".*");
        i++;
      } else if (ch == '*') {
        re.append("[^/]*");
      } else if (ch == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return re.toString();
  }

  /** Docker excludes a path when a pattern matches it or any directory above it. */
  static boolean ignored(String path, List<Pattern> patterns) {
    String p = path.replaceAll("^\\./", "").replaceAll("/$", "");
    for (int i = p.indexOf('/'); ; i = p.indexOf('/', i + 1)) {
      String prefix = i < 0 ? p : p.substring(0, i);
      for (Pattern pat : patterns) {
        if (pat.matcher(prefix).matches()) {
          return true;
        }
      }
      if (i < 0) {
        return false;
      }
    }
  }

  @Test
  void buildStage_copiesOnlyPathsThatExistAndAreNotIgnored() throws IOException {
    List<Pattern> ignore = dockerignore();
    List<Copy> copies =
        df.of("COPY").stream()
            .filter(i -> i.stage == df.stageNames().get("build"))
            .map(i -> Copy.of(i.args))
            .toList();
    assertThat(copies).isNotEmpty();
    for (Copy c : copies) {
      assertThat(c.from).isNull();
      for (String s : c.sources) {
        assertThat(ROOT.resolve(s)).as("COPY " + s).exists();
        assertThat(ignored(s, ignore)).as(s + " excluded by .dockerignore").isFalse();
      }
    }
    // what the build needs is in the context; build output and local state are not
    for (String needed :
        List.of("step-runner/src/main/java", "sdk/src/main/java", "proto/src/main/proto")) {
      assertThat(ignored(needed, ignore)).as(needed).isFalse();
    }
    for (String junk : List.of("step-runner/target", "sdk/target/classes", ".git", ".venv")) {
      assertThat(ignored(junk, ignore)).as(junk).isTrue();
    }
    // every module the reactor lists has its pom copied before the dependency layer
    String parentPom = Files.readString(ROOT.resolve("pom.xml"));
    java.util.regex.Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(parentPom);
    List<String> copied = copies.stream().flatMap(c -> c.sources.stream()).toList();
    while (m.find()) {
      assertThat(copied).as("module " + m.group(1)).contains(m.group(1) + "/pom.xml");
    }
    String build =
        df.of("RUN").stream()
            .filter(i -> i.args.contains(" package"))
            .findFirst()
            .orElseThrow()
            .args;
    assertThat(build).contains("-pl step-runner").contains("-am").doesNotContain(" install");
  }

  /** Image path -> build-output path, from the runtime stage's COPY --from=build lines. */
  static Map<String, Path> runtimeFiles() {
    Map<String, Path> out = new LinkedHashMap<>();
    for (Instruction i : df.of("COPY")) {
      if (i.stage != df.lastStage()) {
        continue;
      }
      Copy c = Copy.of(i.args);
      assertThat(c.from).as("runtime COPY " + i.args).isEqualTo("build");
      for (String s : c.sources) {
        assertThat(s).startsWith("/src/");
        Path p = ROOT.resolve(s.substring("/src/".length()));
        assertThat(p).as("build output for " + s).exists();
        out.put(c.dest, p);
      }
    }
    return out;
  }

  @Test
  void runtimeStage_copiesTheBuiltJarAndItsClassPath() throws IOException {
    Map<String, Path> files = runtimeFiles();
    Path jar = files.get("/app/qstep-step-runner.jar");
    assertThat(jar).isNotNull().isRegularFile();
    // the jar's manifest Class-Path (lib/...) resolves against the copied lib directory
    Path lib = files.get("/app/lib");
    assertThat(lib).isDirectory();
    try (JarFile jf = new JarFile(jar.toFile())) {
      String cp = jf.getManifest().getMainAttributes().getValue("Class-Path");
      assertThat(cp).isNotBlank();
      for (String entry : cp.split(" ")) {
        assertThat(entry).startsWith("lib/");
        assertThat(lib.resolve(entry.substring(4))).as(entry).isRegularFile();
      }
    }
  }

  @Test
  void runtimeStage_runsAsTheNonRootUidTheManifestsUse() throws IOException {
    List<Instruction> users =
        df.of("USER").stream().filter(i -> i.stage == df.lastStage()).toList();
    assertThat(users).hasSize(1);
    assertThat(users.get(0).args).isEqualTo("65532:65532");
    assertThat(df.of("EXPOSE")).extracting(Instruction::args).containsExactly("50051");
    Deployment d =
        (Deployment)
            Manifests.parse(
                    Files.readString(ROOT.resolve("k8s/base/deployment.yaml")), "deployment")
                .get(0);
    assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .isEqualTo(65532L);
    assertThat(
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getPorts()
                .get(0)
                .getContainerPort())
        .isEqualTo(50051);
    assertThat(env()).containsEntry("QSTEP_PORT", "50051");
    assertThat(env().get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=");
    assertThat(env().get("QSTEP_MLRUNS_DIR")).startsWith("/tmp/");
  }

  /** The runtime stage's ENV, KEY=VALUE pairs with optional double quotes. */
  static Map<String, String> env() {
    Map<String, String> out = new LinkedHashMap<>();
    Pattern kv = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)");
    for (Instruction i : df.of("ENV")) {
      if (i.stage == df.lastStage()) {
        java.util.regex.Matcher m = kv.matcher(i.args);
        while (m.find()) {
          out.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
      }
    }
    return out;
  }

  static List<String> execForm(String op) {
    List<Instruction> is = df.of(op);
    assertThat(is).as(op).hasSize(1);
    JsonArray a = JsonParser.parseString(is.get(0).args).getAsJsonArray();
    List<String> out = new ArrayList<>();
    a.forEach(e -> out.add(e.getAsString()));
    return out;
  }

  /** ENTRYPOINT + extra args, image paths mapped to the build output, java from this JDK. */
  static ProcessBuilder entry(List<String> args) {
    Map<String, Path> files = runtimeFiles();
    List<String> cmd = new ArrayList<>();
    for (String w : execForm("ENTRYPOINT")) {
      if (w.equals("java")) {
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      } else {
        cmd.add(files.containsKey(w) ? files.get(w).toString() : w);
      }
    }
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env());
    // the image's 75% of the container becomes 75% of this machine: cap it for the test
    pb.environment()
        .put(
            "JAVA_TOOL_OPTIONS",
            env().get("JAVA_TOOL_OPTIONS").replace("/tmp", tmp()) + " -Xmx512m");
    pb.environment().put("QSTEP_MLRUNS_DIR", tmp() + "/mlruns");
    pb.environment().put("QSTEP_TRACKING_SPOOL_DIR", tmp() + "/spool");
    return pb;
  }

  static String tmp() {
    return Path.of("target", "dockerfile-it").toAbsolutePath().toString();
  }

  static String run(List<String> args) throws Exception {
    Files.createDirectories(Path.of(tmp()));
    Process p = entry(args).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(args + ":\n" + out).isZero();
    return out;
  }

  @Test
  void entrypoint_withCmdAndHelp_startsTheLauncher() throws Exception {
    List<String> cmd = execForm("CMD");
    assertThat(cmd).containsExactly("serve");
    List<String> args = new ArrayList<>(cmd);
    args.add("--help");
    assertThat(run(args)).contains("--port").contains("--watch-configmap");
  }

  @Test
  void entrypoint_backends_listsTheSimulator() throws Exception {
    assertThat(run(List.of("backends"))).contains("statevector");
  }

  @Test
  void entrypoint_acceptsTheArgumentsTheDeploymentPasses() throws Exception {
    Deployment d =
        (Deployment)
            Manifests.parse(
                    Files.readString(ROOT.resolve("k8s/base/deployment.yaml")), "deployment")
                .get(0);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getCommand()).as("the image's ENTRYPOINT is used").isNullOrEmpty();
    // picocli skips validation when --help is given: parse strictly in-process first
    new picocli.CommandLine(new io.qstep.runner.cli.Main())
        .parseArgs(c.getArgs().toArray(String[]::new));
    assertThatThrownBy(
            () ->
                new picocli.CommandLine(new io.qstep.runner.cli.Main())
                    .parseArgs("serve", "--bogus"))
        .isInstanceOf(picocli.CommandLine.ParameterException.class);
    List<String> args = new ArrayList<>(c.getArgs());
    args.add("--help");
    assertThat(run(args)).contains("--watch-configmap");
  }
}
