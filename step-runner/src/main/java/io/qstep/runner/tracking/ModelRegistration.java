package io.qstep.runner.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A trained artifact of a step (a fitted compression projection, a surrogate denoiser) to register
 * as a version of an MLflow registered model once the run's artifacts are uploaded. Registration
 * needs a tracking server with a model registry; the local file store keeps the artifacts and notes
 * that nothing was registered. Immutable.
 *
 * @param name registered model name (created when missing)
 * @param artifactDir the run artifact directory that holds the model's files, '/'-separated and
 *     relative to the run's artifact root (e.g. {@code models/pca})
 * @param description the model version's description; may be empty
 * @param tags model version tags (e.g. the artifact's format version, circuit structure hash)
 */
public record ModelRegistration(
    String name, String artifactDir, String description, Map<String, String> tags) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}");
  private static final Pattern DIR = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");

  public ModelRegistration {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "registered model name must be 1-100 of [A-Za-z0-9_.-], starting alphanumeric: " + name);
    }
    if (artifactDir == null || !DIR.matcher(artifactDir).matches() || artifactDir.contains("..")) {
      throw new IllegalArgumentException("bad model artifact directory: " + artifactDir);
    }
    description = description == null ? "" : description;
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags == null ? Map.of() : tags));
  }
}
