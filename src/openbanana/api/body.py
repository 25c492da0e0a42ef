"""Reading JSON request bodies into wire schemas, with Google-style errors.

FastAPI's automatic body parsing would answer 422 with its own shape; the Gemini API answers 400
INVALID_ARGUMENT (and 413 for oversized bodies), so bodies are read and validated here instead.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from openbanana.engine.errors import InvalidArgument, PayloadTooLarge

M = TypeVar("M", bound=BaseModel)


def _has_lone_surrogate(data: Any) -> bool:
    """True when any string holds an unpaired UTF-16 surrogate (JSON allows ``"\\ud800"``, but such
    text cannot be encoded onward, so it is refused at the edge instead of failing later)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a valid JSON number.")


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for item in loc:
        out += f"[{item}]" if isinstance(item, int) else (f".{item}" if out else str(item))
    return out


def validation_message(exc: ValidationError) -> str:
    problems = [f"Invalid value at '{_loc(e['loc'])}': {e['msg']}" for e in exc.errors()[:5]]
    return "; ".join(problems) or "Invalid request."


async def read_json(request: Request, schema: type[M], max_bytes: int) -> M:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"Request payload size exceeds the limit: {max_bytes} bytes.")
    raw = bytearray()
    async for chunk in request.stream():
        raw.extend(chunk)
        if len(raw) > max_bytes:
            raise PayloadTooLarge(f"Request payload size exceeds the limit: {max_bytes} bytes.")
    try:
        data = json.loads(raw, parse_constant=_reject_constant) if raw.strip() else {}
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidArgument(f"Invalid JSON payload received. {exc}") from exc
    except RecursionError as exc:
        raise InvalidArgument("Invalid JSON payload received. The document is nested too deeply.") from exc
    if _has_lone_surrogate(data):
        raise InvalidArgument("Invalid JSON payload received. A string holds an unpaired UTF-16 surrogate escape.")
    if not isinstance(data, dict):
        raise InvalidArgument("Invalid JSON payload received. Expected a JSON object at the top level.")
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise InvalidArgument(validation_message(exc)) from exc
