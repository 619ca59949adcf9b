/**
 * Internal: protocol converters and the status mapper shared by the SDK client and the step-runner.
 * Not a public API; may change without notice.
 */
package io.qstep.internal;
