/**
 * Real-QPU execution, provider-independent: a {@link io.qstep.runner.qpu.QpuClient} per provider
 * (IBM Quantum, Amazon Braket, D-Wave), and the durable machinery every client shares.
 *
 * <p>Contract: a paid submission happens at most once per idempotency key ({@link
 * io.qstep.runner.qpu.IdempotencyKey}: backend, device, circuit version, shots, seed). The intent
 * is written to the {@link io.qstep.runner.qpu.JobStore} (atomic, fsynced JSON files) before the
 * provider is called, and the provider job id right after; a runner that restarts, or a submit
 * whose response was lost, is reconciled by looking the job up at the provider (tag / client token
 * / label) and only then submits. Reads (status, results, lookups) are retried with exponential
 * backoff and seeded jitter ({@link io.qstep.runner.qpu.RetryPolicy}) on timeouts, 429 (honouring
 * Retry-After), 5xx and dropped connections. Budgets ({@link io.qstep.runner.qpu.Budget}) refuse
 * work before submission. Time is injected ({@link io.qstep.runner.qpu.QpuTime}) so tests never
 * sleep. No message or log line carries a credential.
 */
package io.qstep.runner.qpu;
