"""Runs one example pipeline end to end on this machine (kfp.local; see kfp_local.py).

    python pipelines/tests/run_local.py PIPELINE_DIR PIPELINE_ROOT [KEY=JSON ...]

PIPELINE_DIR is e.g. pipelines/maxcut_shadow (or a .py file defining PIPELINE); KEY=JSON pipeline arguments override defaults.
Writes PIPELINE_ROOT/report.json: the pipeline's outputs and every container command kfp.local
resolved. Exit 1 when a task fails.
"""
import importlib.util
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import kfp_local  # noqa: E402


def load_pipeline(pipeline_dir):
    path = pathlib.Path(pipeline_dir)
    if path.is_dir():
        path = path / "pipeline.py"
    spec = importlib.util.spec_from_file_location("pipeline", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.PIPELINE


def main(argv):
    pipeline_dir, root = argv[0], pathlib.Path(argv[1])
    args = {k: json.loads(v) for k, v in (a.split("=", 1) for a in argv[2:])}
    root.mkdir(parents=True, exist_ok=True)
    kfp_local.init(root / "pipeline_root")
    pipeline = load_pipeline(pipeline_dir)
    task = pipeline(**args)
    outputs = {}
    for name, value in (task.outputs.items() if isinstance(task.outputs, dict) else [("Output", task.output)]):
        outputs[name] = value if isinstance(value, (int, float, str, bool, list, dict)) else str(value)
    report = {"outputs": outputs, "commands": kfp_local.LocalContainerHandler.commands}
    (root / "report.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
