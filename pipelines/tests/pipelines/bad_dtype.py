"""A test pipeline whose upstream stage writes float16 weights: the qstep task must fail."""
import pathlib
import sys

from kfp import dsl
from kfp.dsl import Dataset, Output

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
from qstep_component import qstep  # noqa: E402


@dsl.component(base_image="python:3.11-slim", packages_to_install=["numpy"])
def half_precision_graph(weights: Output[Dataset]):
    import numpy as np

    with open(weights.path, "wb") as f:
        np.save(f, np.array([[0, 1], [1, 0]], dtype=np.float16))


@dsl.pipeline(name="qstep-bad-dtype")
def bad_dtype(target: str = ""):
    graph = half_precision_graph()
    qstep(task="maxcut", weights=graph.outputs["weights"], target=target)


PIPELINE = bad_dtype
