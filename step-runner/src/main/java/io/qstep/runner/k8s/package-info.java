/**
 * Kubernetes integration through the Fabric8 client: rendered manifests ({@link
 * io.qstep.runner.k8s.Manifests}), create-or-update deployment and scaling, fan-out of a large
 * batch into an Indexed Job whose pods each run one shard embedded and write their part, the
 * caller's merge with bounded retries of failed shards, and the ConfigMap watch that reloads limits
 * and calibration snapshots without a restart.
 *
 * <p>Contract: bad input to qstep (zero shards, unreadable YAML, a Secret with values) is a {@link
 * io.qstep.error.QStepException} naming the field, found before anything reaches the cluster; what
 * the cluster refuses or cannot do is a {@link io.qstep.runner.k8s.K8sException} of a stated kind.
 * A merged fan-out output is written only when every shard's part is present.
 */
package io.qstep.runner.k8s;
