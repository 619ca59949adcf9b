/**
 * Backends: the {@link io.qstep.runner.backend.BackendProvider} SPI, the {@link
 * io.qstep.runner.backend.BackendRegistry} instance that finds providers through ServiceLoader, and
 * the domain records a backend takes and returns. Every backend passes {@code BackendContractTest}.
 */
package io.qstep.runner.backend;
