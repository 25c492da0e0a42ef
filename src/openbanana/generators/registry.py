"""Generator families by name, imported lazily so an unused family costs nothing at start-up."""

from __future__ import annotations

import importlib

from openbanana.generators.base import Generator

#: name → "module:ClassName"
GENERATORS: dict[str, str] = {
    "compose": "openbanana.generators.compose:ComposeGenerator",
    "noop": "openbanana.generators.noop:NoopGenerator",
}


def create_generator(name: str) -> Generator:
    try:
        target = GENERATORS[name]
    except KeyError:
        raise ValueError(f"unknown generator {name!r}; available: {', '.join(sorted(GENERATORS))}") from None
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    generator: Generator = cls()
    return generator
