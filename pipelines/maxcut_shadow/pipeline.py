"""Max-Cut by QAOA next to its classical shadow, as a Kubeflow pipeline.

random_graph (NumPy) -> qstep task=maxcut (QAOA and, concurrently, the classical baseline: exact
enumeration, CP-SAT, simulated annealing) -> check_cut, which recomputes the cut of the returned
assignment from the graph on its own and reports it next to the runner's approximation ratio.

Compile: python pipelines/maxcut_shadow/pipeline.py  (writes pipeline.yaml next to this file)
"""
import pathlib
import sys

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Metrics, Output

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from qstep_component import qstep  # noqa: E402

PYTHON_IMAGE = "python:3.11-slim"


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy"])
def random_graph(n: int, edge_probability: float, seed: int, weights: Output[Dataset]):
    """A seeded random weighted graph as a symmetric FP64 [n, n] matrix (.npy)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    mask = rng.random((n, n)) < edge_probability
    w = np.triu(rng.uniform(0.5, 1.5, (n, n)) * mask, 1)
    w = w + w.T
    with open(weights.path, "wb") as f:  # np.save(path) would append .npy to the name
        np.save(f, w)
    weights.metadata["nodes"] = n
    weights.metadata["edges"] = int(np.count_nonzero(np.triu(w)))


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy"])
def check_cut(
    weights: Input[Dataset],
    solution: Input[Dataset],
    qstep_metrics: Input[Metrics],
    report: Output[Metrics],
) -> float:
    """Recomputes the cut of qstep's solution from the graph and reports it with qstep's metrics."""
    import numpy as np

    w = np.load(weights.path)
    x = np.load(solution.path)
    cut = float(sum(w[i, j] for i in range(len(x)) for j in range(i + 1, len(x)) if x[i] != x[j]))
    claimed = float(qstep_metrics.metadata["cut_value"])
    if abs(cut - claimed) > 1e-9 * max(1.0, abs(cut)):
        raise ValueError(f"qstep reported cut {claimed}, the assignment cuts {cut}")
    report.log_metric("cut_value", cut)
    for key in ("approximation_ratio", "baseline_value", "expected_cut"):
        if key in qstep_metrics.metadata:
            report.log_metric(key, float(qstep_metrics.metadata[key]))
    return cut


@dsl.pipeline(
    name="qstep-maxcut-shadow",
    description="QAOA Max-Cut with its classical shadow (exact / CP-SAT / annealing baseline).",
)
def maxcut_shadow(
    n: int = 8,
    edge_probability: float = 0.5,
    graph_seed: int = 7,
    task_params: dict = {"p": 2, "mode": "shadow"},
    seed: int = 11,
    target: str = "",
) -> float:
    graph = random_graph(n=n, edge_probability=edge_probability, seed=graph_seed)
    step = qstep(
        task="maxcut",
        task_params=task_params,
        weights=graph.outputs["weights"],
        seed=seed,
        target=target,
    )
    step.set_display_name("qstep maxcut")
    check = check_cut(
        weights=graph.outputs["weights"],
        solution=step.outputs["solution"],
        qstep_metrics=step.outputs["metrics"],
    )
    return check.outputs["Output"]


PIPELINE = maxcut_shadow

if __name__ == "__main__":
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).with_name("pipeline.yaml")
    compiler.Compiler().compile(PIPELINE, str(out))
