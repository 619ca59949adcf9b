package io.qstep.runner.kfp;

import com.google.gson.JsonObject;
import io.qstep.error.QStepException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code ml_pipelines.RuntimeArtifact} of an executor input: its URI, its type's schema title
 * ({@code system.Dataset}, {@code system.Metrics}, ...) and its metadata.
 *
 * @param name the artifact's name (may be empty)
 * @param uri where the artifact lives ({@code gs://...}, {@code s3://...}, {@code minio://...}, or
 *     a local path)
 * @param schemaTitle the artifact type's schema title; empty when not given
 * @param metadata the artifact's metadata (a defensive copy)
 */
public record RuntimeArtifact(String name, String uri, String schemaTitle, JsonObject metadata) {
  /** KFP's local mount prefixes, as {@code kfp.dsl.types.artifact_types} maps them. */
  private static final String[][] MOUNTS = {
    {"gs://", "/gcs/"}, {"s3://", "/s3/"}, {"minio://", "/minio/"}
  };

  public RuntimeArtifact {
    name = name == null ? "" : name;
    Objects.requireNonNull(uri, "uri");
    schemaTitle = schemaTitle == null ? "" : schemaTitle;
    metadata = metadata == null ? new JsonObject() : metadata.deepCopy();
  }

  @Override
  public JsonObject metadata() {
    return metadata.deepCopy();
  }

  /**
   * The local path the KFP launcher makes this artifact available at: {@code gs://b/k} is {@code
   * /gcs/b/k}, {@code s3://} and {@code minio://} likewise; {@code file://} URIs and plain paths
   * are used as they are.
   *
   * @param field the executor-input field this artifact came from, for errors
   * @throws QStepException INVALID_VALUE for an empty URI or an unsupported scheme
   */
  public Path localPath(String field) {
    if (uri.isBlank()) {
      throw QStepException.invalid(field, field + ": the artifact has no uri");
    }
    for (String[] m : MOUNTS) {
      if (uri.startsWith(m[0])) {
        return Path.of(m[1] + uri.substring(m[0].length()));
      }
    }
    if (uri.startsWith("file://")) {
      return Path.of(java.net.URI.create(uri));
    }
    if (uri.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw QStepException.invalid(
          field,
          field
              + ": unsupported artifact uri '"
              + uri
              + "' (gs://, s3://, minio://, file:// or a local path)");
    }
    return Path.of(uri);
  }
}
