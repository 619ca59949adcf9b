"""Features -> compression -> quantum kernel -> a scikit-learn SVM, as a Kubeflow pipeline.

load_digits (scikit-learn's 8x8 digits, two classes, a seeded train/test split)
  -> qstep task=compress (PCA fitted on the training rows: projection, components, mean)
  -> qstep task=compress (the same PCA applied to the test rows: inputs components + mean)
  -> qstep task=kernel (fidelity kernel of a ZZ feature map: gram [N, N], cross [M, N])
  -> svm (sklearn.svm.SVC(kernel="precomputed") on gram/cross, next to an RBF SVC on the same
     compressed features: test accuracy of both as Metrics).

Compile: python pipelines/kernel_svm/pipeline.py  (writes pipeline.yaml next to this file)
"""
import pathlib
import sys

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Metrics, Output

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from qstep_component import qstep  # noqa: E402

PYTHON_IMAGE = "python:3.11-slim"


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy", "scikit-learn"])
def load_digits(
    n_train: int,
    n_test: int,
    classes: list,
    seed: int,
    x_train: Output[Dataset],
    x_test: Output[Dataset],
    y_train: Output[Dataset],
    y_test: Output[Dataset],
):
    """Two digit classes, pixels scaled to [0, 1], a seeded stratified train/test split (.npy)."""
    import numpy as np
    from sklearn.datasets import load_digits as digits
    from sklearn.model_selection import train_test_split

    x, y = digits(return_X_y=True)
    keep = np.isin(y, classes)
    x, y = x[keep] / 16.0, (y[keep] == classes[1]).astype(np.int64)
    xa, xb, ya, yb = train_test_split(
        x, y, train_size=n_train, test_size=n_test, stratify=y, random_state=seed
    )
    for art, a in ((x_train, xa), (x_test, xb), (y_train, ya), (y_test, yb)):
        with open(art.path, "wb") as f:
            np.save(f, np.ascontiguousarray(a))
        art.metadata["shape"] = list(a.shape)


@dsl.component(base_image=PYTHON_IMAGE, packages_to_install=["numpy", "scikit-learn"])
def svm(
    gram: Input[Dataset],
    cross: Input[Dataset],
    z_train: Input[Dataset],
    z_test: Input[Dataset],
    y_train: Input[Dataset],
    y_test: Input[Dataset],
    c: float,
    report: Output[Metrics],
) -> float:
    """SVC on the quantum kernel (precomputed) and an RBF SVC on the same features."""
    import numpy as np
    from sklearn.svm import SVC

    k, kx = np.load(gram.path), np.load(cross.path)
    ya, yb = np.load(y_train.path), np.load(y_test.path)
    quantum = SVC(kernel="precomputed", C=c).fit(k, ya).score(kx, yb)
    rbf = SVC(kernel="rbf", C=c, gamma="scale").fit(np.load(z_train.path), ya)
    classical = rbf.score(np.load(z_test.path), yb)
    report.log_metric("quantum_kernel_accuracy", float(quantum))
    report.log_metric("rbf_accuracy", float(classical))
    report.log_metric("train_rows", int(len(ya)))
    report.log_metric("test_rows", int(len(yb)))
    return float(quantum)


@dsl.pipeline(
    name="qstep-kernel-svm",
    description="Digits -> PCA compression -> quantum fidelity kernel -> SVM, with an RBF baseline.",
)
def kernel_svm(
    n_train: int = 40,
    n_test: int = 20,
    classes: list = [3, 8],
    seed: int = 7,
    compress_params: dict = {"method": "pca", "components": 4},
    kernel_params: dict = {"feature_map": "zz", "reps": 1, "feature_scale": 0.25},
    c: float = 1.0,
    target: str = "",
) -> float:
    data = load_digits(n_train=n_train, n_test=n_test, classes=classes, seed=seed)
    fit = qstep(task="compress", x=data.outputs["x_train"], task_params=compress_params, target=target)
    fit.set_display_name("qstep compress (fit)")
    apply = qstep(
        task="compress",
        x=data.outputs["x_test"],
        components=fit.outputs["components"],
        mean=fit.outputs["mean"],
        task_params={"method": "pca"},
        target=target,
    )
    apply.set_display_name("qstep compress (apply)")
    kernel = qstep(
        task="kernel",
        x_train=fit.outputs["projection"],
        x_test=apply.outputs["projection"],
        task_params=kernel_params,
        seed=seed,
        target=target,
    )
    kernel.set_display_name("qstep kernel")
    result = svm(
        gram=kernel.outputs["gram"],
        cross=kernel.outputs["cross"],
        z_train=fit.outputs["projection"],
        z_test=apply.outputs["projection"],
        y_train=data.outputs["y_train"],
        y_test=data.outputs["y_test"],
        c=c,
    )
    return result.outputs["Output"]


PIPELINE = kernel_svm

if __name__ == "__main__":
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).with_name("pipeline.yaml")
    compiler.Compiler().compile(PIPELINE, str(out))
