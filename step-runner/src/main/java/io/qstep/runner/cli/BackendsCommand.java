package io.qstep.runner.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qstep backends}: what this runner can run on. */
@Command(name = "backends", mixinStandardHelpOptions = true, description = "List backends.")
final class BackendsCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RunnerConfig config = RunnerConfig.fromEnv(System.getenv());
    PrintWriter out = spec.commandLine().getOut();
    JsonArray arr = new JsonArray();
    try (BackendRegistry reg = BackendRegistry.loadDefault(config.maxQubits())) {
      if (!json) {
        out.printf(
            "%-14s %-22s %6s %5s %5s %5s  %s%n",
            "NAME", "VERSION", "QUBITS", "SHOTS", "EXACT", "NOISY", "AVAILABLE");
      }
      for (BackendProvider p : reg.providers()) {
        JsonObject o = new JsonObject();
        o.addProperty("name", p.name());
        o.addProperty("available", p.isAvailable());
        if (!p.isAvailable()) {
          o.addProperty("unavailable_reason", p.unavailableReason());
          if (!json) {
            out.printf(
                "%-14s %-22s %6s %5s %5s %5s  no: %s%n",
                p.name(), "-", "-", "-", "-", "-", p.unavailableReason());
          }
          arr.add(o);
          continue;
        }
        Backend b = reg.get(p.name());
        BackendCapabilities c = b.capabilities();
        o.addProperty("version", b.version());
        o.addProperty("description", c.description());
        o.addProperty("max_qubits", c.maxQubits());
        o.addProperty("supports_shots", c.supportsShots());
        o.addProperty("supports_exact", c.supportsExact());
        o.addProperty("noisy", c.noisy());
        JsonArray gates = new JsonArray();
        c.nativeGates().stream().sorted().forEach(g -> gates.add(g.qasmName()));
        o.add("native_gates", gates);
        arr.add(o);
        if (!json) {
          out.printf(
              "%-14s %-22s %6d %5s %5s %5s  yes%n",
              p.name(),
              b.version(),
              c.maxQubits(),
              c.supportsShots(),
              c.supportsExact(),
              c.noisy());
        }
      }
    }
    if (json) {
      out.println(new GsonBuilder().setPrettyPrinting().create().toJson(arr));
    }
    out.flush();
    return 0;
  }
}
