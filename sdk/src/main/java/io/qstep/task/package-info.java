/**
 * Task specifications: the sealed {@link io.qstep.task.TaskSpec} with one record per task of the
 * API. Immutable and thread-safe.
 */
package io.qstep.task;
