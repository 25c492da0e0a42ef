"""A :class:`ComposePlan` back from its ``to_dict`` form (the plan sealed inside an output PNG).

The dictionary comes from a client's upload, so it is checked as strictly as a request: unknown
fields, wrong types, out-of-range numbers and oversized collections raise ``ValueError`` and the
caller falls back to editing the pixels. Lineage is HMAC-verified before this runs, so in practice
only this server's own plans arrive here, but a plan from an older version must not crash a worker.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from openbanana.generators.compose.plan import (
    AssetPlacement,
    Background,
    Box,
    ComposePlan,
    Decoration,
    GroundLayer,
    Shape,
    TextElement,
)

T = TypeVar("T")
MAX_ITEMS = 2000
_CLASSES = (AssetPlacement, Background, Box, ComposePlan, Decoration, GroundLayer, Shape, TextElement)
_HINTS = {cls: get_type_hints(cls) for cls in _CLASSES}


def plan_from_dict(data: dict[str, Any]) -> ComposePlan:
    """Rebuild a plan; ``ValueError`` when ``data`` is not a compose plan this version can draw."""
    if not isinstance(data, dict) or data.get("generator") != "compose":
        raise ValueError("not a compose plan")
    body = {k: v for k, v in data.items() if k != "generator"}
    return _build(ComposePlan, body)


def _build(cls: type[T], data: Any) -> T:
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: expected an object")
    hints = _HINTS[cls]  # type: ignore[index]
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
    return cls(**{key: _value(hints[key], value) for key, value in data.items()})


def _value(hint: Any, value: Any) -> Any:
    origin = get_origin(hint)
    if hint in _HINTS:
        return _build(hint, value)
    if origin in (types.UnionType, typing.Union):
        options = get_args(hint)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _value(option, value)
            except ValueError as exc:
                errors.append(str(exc))
        raise ValueError("; ".join(errors) or "no matching type")
    if origin is tuple:
        if not isinstance(value, list | tuple) or len(value) > MAX_ITEMS:
            raise ValueError("expected a list")
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v) for v in value)
        if len(args) != len(value):
            raise ValueError("wrong tuple length")
        return tuple(_value(a, v) for a, v in zip(args, value, strict=True))
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value or abs(value) > 1e6:
            raise ValueError("expected a finite number")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**53:
            raise ValueError("expected an integer")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ValueError("expected true/false")
        return value
    if hint is str:
        if not isinstance(value, str) or len(value) > 4_000_000:
            raise ValueError("expected a string")
        return value
    raise ValueError(f"unsupported field type {hint!r}")
