"""Reading JSON request bodies into wire schemas, with Google-style errors.

FastAPI's automatic body parsing would answer 422 with its own shape; the Gemini API answers 400
INVALID_ARGUMENT (and 413 for oversized bodies), so bodies are read and validated here instead.
"""

from __future__ import annotations

import json
from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from openbanana.engine.errors import InvalidArgument, PayloadTooLarge

M = TypeVar("M", bound=BaseModel)


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
        data = json.loads(raw) if raw.strip() else {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidArgument(f"Invalid JSON payload received. {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidArgument("Invalid JSON payload received. Expected a JSON object at the top level.")
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise InvalidArgument(validation_message(exc)) from exc
