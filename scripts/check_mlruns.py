"""Reads a qstep-written MLflow file store the two ways DESIGN.md promises and checks every run.

usage: check_mlruns.py MLRUNS_DIR EXPECTED_JSON WORK_DIR

EXPECTED_JSON: [{"run_id", "experiment", "params": {}, "tags": {}, "metrics": {}, "artifacts": []}]
1. mlflow.search_runs() on the file store (MLflow 3.x: MLFLOW_ALLOW_FILE_STORE=true);
2. `mlflow migrate-filestore --source MLRUNS_DIR --target sqlite:///WORK_DIR/mlflow.db`, then the
   same search on the SQLite store that `mlflow ui` opens.
Prints one line per check and exits non-zero on the first mismatch.
"""
import json
import math
import os
import subprocess
import sys

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
import mlflow  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402


def check(uri, expected, label):
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri)
    df = mlflow.search_runs(search_all_experiments=True)
    ids = set(df["run_id"]) if len(df) else set()
    for exp in expected:
        rid = exp["run_id"]
        if rid not in ids:
            sys.exit(f"{label}: run {rid} not found by search_runs (found {sorted(ids)})")
        run = client.get_run(rid)
        if client.get_experiment(run.info.experiment_id).name != exp["experiment"]:
            sys.exit(f"{label}: run {rid} in the wrong experiment")
        if run.info.status != "FINISHED":
            sys.exit(f"{label}: run {rid} status {run.info.status}")
        for k, v in exp["params"].items():
            if run.data.params.get(k) != v:
                sys.exit(f"{label}: param {k}: {run.data.params.get(k)!r} != {v!r}")
        for k, v in exp["tags"].items():
            if run.data.tags.get(k) != v:
                sys.exit(f"{label}: tag {k}: {run.data.tags.get(k)!r} != {v!r}")
        for k, v in exp["metrics"].items():
            got = run.data.metrics.get(k)
            if got is None or not (got == v or (math.isnan(got) and math.isnan(v))):
                sys.exit(f"{label}: metric {k}: {got!r} != {v!r}")
        names = set()
        stack = [None]
        while stack:
            for f in client.list_artifacts(rid, stack.pop()):
                (stack.append(f.path) if f.is_dir else names.add(f.path))
        missing = set(exp["artifacts"]) - names
        if missing:
            sys.exit(f"{label}: artifacts missing: {sorted(missing)} (have {sorted(names)})")
    print(f"{label}: {len(expected)} runs, every param, tag, metric and artifact found")


def main():
    mlruns, expected_path, work = sys.argv[1:4]
    expected = json.load(open(expected_path))
    check("file://" + os.path.abspath(mlruns), expected, "file store")
    db = os.path.join(os.path.abspath(work), "mlflow.db")
    subprocess.run(
        [sys.executable, "-m", "mlflow", "migrate-filestore", "--source", mlruns,
         "--target", "sqlite:///" + db, "--no-progress"],
        check=True, stdout=subprocess.DEVNULL)
    check("sqlite:///" + db, expected, "migrate-filestore -> sqlite")


if __name__ == "__main__":
    main()
