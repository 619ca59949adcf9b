"""A quantum layer inside a training loop, as a Kubeflow pipeline (SPSA, unrolled).

make_dataset (angles x [n, 2], labels y = sign(cos(x0 + shift)) in {-1, +1})
init_weights (seeded [depth, 2, 2] angles)
for each of `iterations` steps (unrolled at compile time; KFP DAGs have no loops that carry state):
    perturb: w+ = w + c_k d, w- = w - c_k d, d a seeded random +-1 vector
    qstep task=layer on (x, w+) and on (x, w-): <Z_0> per row, the model's prediction
    update: loss = mean((<Z_0> - y)^2) for both, SPSA gradient, w <- w - a_k g; Metrics per step
qstep task=layer on (x, w_final) -> evaluate: loss and accuracy of sign(<Z_0>).

The layer: RY(x_i) on qubit i, then per layer RY(w[l,q,0]) RZ(w[l,q,1]) on every qubit and a CX
chain. <Z_0> = cos(x0 + w[0,0,0]) for depth 1 before qubit 0 is touched again, so the model can
fit the labels exactly.

For long training loops, call the runner from the training code instead (the Java SDK, or the
Python stubs of proto/), against a deployed step-runner (`target`).

Compile: python pipelines/layer_training/pipeline.py  (writes pipeline.yaml next to this file)
"""
import os
import pathlib
import sys

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Metrics, Output

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from qstep_component import qstep  # noqa: E402

PYTHON_IMAGE = "python:3.11-slim"
# Compile-time: the loop is unrolled into the DAG. QSTEP_TRAINING_ITERATIONS overrides it for quick
# local runs (tests); the committed pipeline.yaml has the default.
ITERATIONS = int(os.environ.get("QSTEP_TRAINING_ITERATIONS", "4"))


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy"])
def make_dataset(n: int, shift: float, seed: int, features: Output[Dataset], labels: Output[Dataset]):
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.uniform(-np.pi, np.pi, (n, 2))
    y = np.where(np.cos(x[:, 0] + shift) >= 0, 1.0, -1.0)
    for art, a in ((features, x), (labels, y)):
        with open(art.path, "wb") as f:
            np.save(f, a)


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy"])
def init_weights(depth: int, seed: int, weights: Output[Dataset]):
    import numpy as np

    with open(weights.path, "wb") as f:
        np.save(f, np.random.default_rng(seed).uniform(-0.5, 0.5, (depth, 2, 2)))


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy"])
def perturb(
    weights: Input[Dataset],
    iteration: int,
    seed: int,
    c: float,
    w_plus: Output[Dataset],
    w_minus: Output[Dataset],
):
    """SPSA: w +- c_k d with d a seeded Rademacher vector, c_k = c / (k + 1)^0.101."""
    import numpy as np

    w = np.load(weights.path)
    d = np.random.default_rng([seed, iteration]).choice([-1.0, 1.0], size=w.shape)
    ck = c / (iteration + 1) ** 0.101
    for art, a in ((w_plus, w + ck * d), (w_minus, w - ck * d)):
        with open(art.path, "wb") as f:
            np.save(f, a)


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy"])
def update(
    weights: Input[Dataset],
    w_plus: Input[Dataset],
    w_minus: Input[Dataset],
    exp_plus: Input[Dataset],
    exp_minus: Input[Dataset],
    labels: Input[Dataset],
    iteration: int,
    a: float,
    new_weights: Output[Dataset],
    step: Output[Metrics],
):
    """SPSA step: g = (L+ - L-) / (w+ - w-) elementwise (= (L+ - L-) / (2 c_k d)), a_k = a / (k + 1)^0.602."""
    import numpy as np

    w, wp, wm = np.load(weights.path), np.load(w_plus.path), np.load(w_minus.path)
    y = np.load(labels.path)
    lp = float(np.mean((np.load(exp_plus.path)[:, 0] - y) ** 2))
    lm = float(np.mean((np.load(exp_minus.path)[:, 0] - y) ** 2))
    g = (lp - lm) / (wp - wm)
    with open(new_weights.path, "wb") as f:
        np.save(f, w - a / (iteration + 1) ** 0.602 * g)
    step.log_metric("iteration", iteration)
    step.log_metric("loss_plus", lp)
    step.log_metric("loss_minus", lm)


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy"])
def evaluate(expectations: Input[Dataset], labels: Input[Dataset], report: Output[Metrics]) -> float:
    import numpy as np

    z, y = np.load(expectations.path)[:, 0], np.load(labels.path)
    loss = float(np.mean((z - y) ** 2))
    report.log_metric("loss", loss)
    report.log_metric("accuracy", float(np.mean(np.sign(z) == y)))
    return loss


@dsl.pipeline(
    name="qstep-layer-training",
    description="SPSA training of a quantum layer: each step runs qstep task=layer twice.",
)
def layer_training(
    n: int = 24,
    shift: float = 0.5,
    depth: int = 1,
    seed: int = 3,
    a: float = 0.6,
    c: float = 0.2,
    layer_params: dict = {"num_outputs": 1},
    target: str = "",
) -> float:
    data = make_dataset(n=n, shift=shift, seed=seed)
    weights = init_weights(depth=depth, seed=seed).outputs["weights"]
    initial = qstep(task="layer", features=data.outputs["features"], weights=weights, task_params=layer_params, seed=seed, target=target)
    initial.set_display_name("qstep layer (initial)")
    evaluate(expectations=initial.outputs["expectations"], labels=data.outputs["labels"]).set_display_name("evaluate (initial)")
    for k in range(ITERATIONS):
        p = perturb(weights=weights, iteration=k, seed=seed, c=c)
        plus = qstep(task="layer", features=data.outputs["features"], weights=p.outputs["w_plus"], task_params=layer_params, seed=seed, target=target)
        minus = qstep(task="layer", features=data.outputs["features"], weights=p.outputs["w_minus"], task_params=layer_params, seed=seed, target=target)
        plus.set_display_name(f"qstep layer w+ ({k})")
        minus.set_display_name(f"qstep layer w- ({k})")
        u = update(
            weights=weights,
            w_plus=p.outputs["w_plus"],
            w_minus=p.outputs["w_minus"],
            exp_plus=plus.outputs["expectations"],
            exp_minus=minus.outputs["expectations"],
            labels=data.outputs["labels"],
            iteration=k,
            a=a,
        )
        weights = u.outputs["new_weights"]
    final = qstep(task="layer", features=data.outputs["features"], weights=weights, task_params=layer_params, seed=seed, target=target)
    final.set_display_name("qstep layer (trained)")
    return evaluate(expectations=final.outputs["expectations"], labels=data.outputs["labels"]).outputs["Output"]


PIPELINE = layer_training

if __name__ == "__main__":
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).with_name("pipeline.yaml")
    compiler.Compiler().compile(PIPELINE, str(out))
