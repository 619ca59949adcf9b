/**
 * The stage pipeline of a step: Decode, Compress, Encode, Execute, Mitigate, Validate, Track. A
 * task composes the stages it needs through {@link io.qstep.runner.stage.StepContext#time}, which
 * records each stage's wall time; stages a task does not use report zero.
 */
package io.qstep.runner.stage;
