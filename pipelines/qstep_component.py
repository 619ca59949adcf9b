"""The qstep container component, loaded from its spec for the example pipelines."""
import pathlib

from kfp import components

COMPONENT_YAML = pathlib.Path(__file__).resolve().parent / "components" / "qstep" / "component.yaml"

qstep = components.load_component_from_file(str(COMPONENT_YAML))
