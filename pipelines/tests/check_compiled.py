"""Fails when a committed compiled pipeline (pipelines/*/pipeline.yaml) is stale.

    python pipelines/tests/check_compiled.py [--write]

Recompiles every pipelines/*/pipeline.py with this kfp (the committed YAML records the SDK
version it was compiled with, kfp-2.17.3) and compares the text with the committed pipeline.yaml;
also loads the qstep component spec with kfp.components.load_component_from_file and compiles it.
--write rewrites stale files instead. Exit 1 listing the stale files.
"""
import ast
import difflib
import os
import pathlib
import re
import subprocess
import sys
import tempfile

PIPELINES = pathlib.Path(__file__).resolve().parents[1]
DICT_DEFAULT = re.compile(r"^(#.*\[Default: )(\{.*\})(\]\s*)$")


def normalized(text):
    """The YAML text with the dict defaults of the header comment in sorted key order.

    kfp prints them in protobuf map order, which varies with the interpreter's hash seed.
    """
    out = []
    for line in text.splitlines(True):
        m = DICT_DEFAULT.match(line)
        if m:
            line = m.group(1) + repr(dict(sorted(ast.literal_eval(m.group(2)).items()))) + m.group(3)
        out.append(line)
    return "".join(out)


def main(argv):
    write = "--write" in argv
    from kfp import compiler, components

    component = components.load_component_from_file(
        str(PIPELINES / "components" / "qstep" / "component.yaml")
    )
    with tempfile.TemporaryDirectory() as tmp:
        compiler.Compiler().compile(component, os.path.join(tmp, "component_ir.yaml"))
        stale = []
        env = {k: v for k, v in os.environ.items() if not k.startswith("QSTEP_TRAINING_")}
        env["PYTHONHASHSEED"] = "0"
        for source in sorted(PIPELINES.glob("*/pipeline.py")):
            committed = source.with_name("pipeline.yaml")
            fresh = pathlib.Path(tmp) / (source.parent.name + ".yaml")
            # a fresh interpreter per pipeline: compile-time settings never leak between them
            subprocess.run([sys.executable, str(source), str(fresh)], check=True, env=env)
            new = fresh.read_text()
            old = committed.read_text() if committed.exists() else ""
            if normalized(new) != normalized(old):
                stale.append(committed)
                sys.stdout.writelines(
                    list(
                        difflib.unified_diff(
                            old.splitlines(True), new.splitlines(True), str(committed), "recompiled", n=1
                        )
                    )[:40]
                )
                if write:
                    committed.write_text(new)
    for s in stale:
        print(f"{'rewrote' if write else 'STALE'}: {s.relative_to(PIPELINES.parent)}", file=sys.stderr)
    print(f"checked {len(list(PIPELINES.glob('*/pipeline.py')))} pipelines, {len(stale)} stale")
    return 1 if stale and not write else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
