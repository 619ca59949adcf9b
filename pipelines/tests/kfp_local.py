"""Runs qstep's KFP pipelines and component on this machine through kfp.local.

kfp.local is the KFP SDK's own local executor: it builds each task's ExecutorInput from the
compiled component spec, resolves the container's command/args placeholders ({{$}},
{{$.inputs.parameters['x']}}, ...) and reads the task's executor output, the way the KFP v2
launcher does in a cluster. Only the container runtime is replaced (no Docker engine here):

* the qstep container: its command must be the Dockerfile's ENTRYPOINT; that prefix is replaced
  by bin/qstep (the same jar, run by the local JVM);
* lightweight Python components: run by this interpreter, as kfp.local's SubprocessRunner does,
  without their `pip install` preamble (the packages come from this environment, which
  scripts/setup-python.sh provides; set QSTEP_KFP_LOCAL_PIP=1 to keep the preamble).

Any other container fails the task.
"""
import json
import os
import pathlib
import re
import sys

from kfp import local
from kfp.local import status
from kfp.local import subprocess_task_handler

ROOT = pathlib.Path(__file__).resolve().parents[2]
QSTEP = os.environ.get("QSTEP_LAUNCHER", str(ROOT / "bin" / "qstep"))


def dockerfile_entrypoint(dockerfile=ROOT / "Dockerfile"):
    """The exec-form ENTRYPOINT of the Dockerfile's last stage, as a list."""
    entry = None
    for line in pathlib.Path(dockerfile).read_text().splitlines():
        m = re.match(r"\s*ENTRYPOINT\s+(\[.*\])\s*$", line)
        if m:
            entry = json.loads(m.group(1))
    if entry is None:
        raise RuntimeError(f"{dockerfile}: no exec-form ENTRYPOINT")
    return entry


def local_command(full_command, entrypoint=None):
    """The command to run here for a resolved container command."""
    entrypoint = entrypoint or dockerfile_entrypoint()
    if full_command[: len(entrypoint)] == entrypoint:
        return [QSTEP] + list(full_command[len(entrypoint):])
    if any("kfp.dsl.executor_main" in part for part in full_command):
        cmd = list(full_command)
        keep_pip = os.environ.get("QSTEP_KFP_LOCAL_PIP") == "1"
        if not keep_pip and cmd[:2] == ["sh", "-c"] and "pip install" in cmd[2]:
            cmd[2] = '"$0" "$@"'  # the preamble ends by exec-ing the rest the same way
        return subprocess_task_handler.replace_python_executable(cmd, sys.executable)
    raise RuntimeError(f"no local stand-in for container command {full_command[:3]}")


class LocalContainerHandler(subprocess_task_handler.SubprocessTaskHandler):
    """A task handler that runs container components as local processes (see module doc)."""

    commands = []  # every resolved container command, for tests

    def __init__(self, image, full_command, pipeline_root, runner, env_vars=None):
        self.image = image
        self.full_command = full_command
        self.pipeline_root = pipeline_root
        self.runner = runner
        self.env_vars = env_vars or {}

    def run(self):
        LocalContainerHandler.commands.append({"image": self.image, "command": self.full_command})
        cmd = local_command(self.full_command)
        rc = subprocess_task_handler.run_local_subprocess(full_command=cmd, env_vars=self.env_vars)
        return status.Status.SUCCESS if rc == 0 else status.Status.FAILURE


def init(pipeline_root, raise_on_error=True):
    """kfp.local with container tasks run by LocalContainerHandler."""
    subprocess_task_handler.SubprocessTaskHandler = LocalContainerHandler
    local.init(
        runner=local.SubprocessRunner(use_venv=False),
        pipeline_root=str(pipeline_root),
        raise_on_error=raise_on_error,
    )
