/**
 * IBM Quantum through the Qiskit Runtime REST API: an IBM Cloud IAM API key exchanged for a bearer
 * token (cached, refreshed before expiry), {@code Service-CRN} and {@code IBM-API-Version} on every
 * call; backends, configuration and properties; Sampler V2 jobs ({@code POST /v1/jobs}, program
 * {@code sampler}, OpenQASM 3 PUBs), status, hex-encoded per-shot samples, cancel; jobs tagged with
 * the qstep client token so that a lost submission is found again by tag. Written from IBM's
 * published API reference and tested against a local fake of it; no IBM service is reachable from
 * the build.
 */
package io.qstep.runner.qpu.ibm;
