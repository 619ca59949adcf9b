/**
 * The Track stage: every finished step becomes one MLflow run (params, tags, metrics, artifacts),
 * logged off the step's thread.
 *
 * <p>{@link io.qstep.runner.tracking.Tracker} is what the engine sees: it enqueues and returns.
 * {@link io.qstep.runner.tracking.AsyncTracker} builds a {@link io.qstep.runner.tracking.RunRecord}
 * on its own thread and hands it to a {@link io.qstep.runner.tracking.RunSink}: an MLflow tracking
 * server over REST ({@link io.qstep.runner.tracking.MlflowRestSink}) or MLflow's file-store layout
 * under {@code ./mlruns} ({@link io.qstep.runner.tracking.FileStoreSink}). Records a server cannot
 * take now are written to a durable {@link io.qstep.runner.tracking.Spool} (one fsynced file per
 * run) and replayed; every record carries a client-side run key (tag {@code qstep.run_key}) so a
 * replay never creates a second run. Tracking never fails a step.
 */
package io.qstep.runner.tracking;
