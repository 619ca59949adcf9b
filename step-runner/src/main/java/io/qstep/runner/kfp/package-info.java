/**
 * The Kubeflow Pipelines (v2) side of qstep: {@code qstep kfp} runs one step as a KFP container
 * component.
 *
 * <p>The KFP launcher hands the component its {@code ExecutorInput} (the JSON of {@code
 * ml_pipelines.ExecutorInput}: {@code inputs.parameterValues}, {@code inputs.artifacts}, {@code
 * outputs.artifacts}, {@code outputs.parameters[name].outputFile}, {@code outputs.outputFile}).
 * {@link io.qstep.runner.kfp.ExecutorInput} parses it; {@link io.qstep.runner.kfp.KfpStep} turns it
 * into a {@link io.qstep.task.StepRequest} (input artifacts are tensors named like the artifact,
 * read as {@code .npy}, or a JSON array of strings for BYTES) and writes the result back: each
 * output tensor to the output artifact of the same name, every output to the {@code result}
 * directory artifact (the {@code qstep run --out} layout), the metrics to the {@code metrics}
 * artifact's metadata, output parameters to their files, and last the {@code ExecutorOutput} JSON
 * to {@code outputs.outputFile}.
 *
 * <p>All-or-nothing: the executor input is validated before the step runs; outputs are written to
 * temporary files next to their targets and moved into place only when every one was written; the
 * executor output file is written last and never on failure (an old one is deleted first), so
 * Kubeflow never sees a partial result as complete. Artifact URIs map to local paths as KFP's own
 * SDK does ({@code gs://} to {@code /gcs/}, {@code s3://} to {@code /s3/}, {@code minio://} to
 * {@code /minio/}; plain paths as they are).
 */
package io.qstep.runner.kfp;
