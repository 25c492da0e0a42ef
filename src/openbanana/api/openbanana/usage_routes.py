"""``GET /{v}/openbanana/usage``: the usage report (``openbanana usage --json``'s shape) over HTTP.

Query: ``keyId`` (or ``key_id``), ``since`` (``2026-11-01``, ``24h``, ``7d``...), ``by`` (``model`` or
``day``). The filter is ``keyId``, not ``key``: ``?key=`` is the API key itself on Google's API.

Who sees what: a managed key (``openbanana keys create``) sees its own usage only — asking for another
key is 403. The operator's identities see everything (all keys by default, one with ``keyId``): a static
key (``--api-key`` / ``OPENBANANA_API_KEYS``) and the keyless ``local`` caller of an open loopback server.
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from openbanana.api.caller import OPEN_ACCESS_ID, Caller, caller_of
from openbanana.api.gemini.routes import require_key
from openbanana.api.state import services
from openbanana.engine.errors import InvalidArgument, PermissionDenied
from openbanana.usage.report import build_report, parse_by, parse_since

router = APIRouter(prefix="/openbanana", dependencies=[Depends(require_key)])


def is_operator(caller: Caller) -> bool:
    """Static keys and open (keyless, loopback) mode may read every key's usage."""
    return caller.key_id == OPEN_ACCESS_ID or caller.key_id.startswith("static-")


@router.get("/usage")
async def usage(request: Request) -> JSONResponse:
    params = request.query_params
    caller = caller_of(request)
    wanted = params.get("keyId") or params.get("key_id") or None
    if is_operator(caller):
        key_id = wanted
    elif wanted is None or wanted == caller.key_id:
        key_id = caller.key_id
    else:
        raise PermissionDenied(f"This API key may only read its own usage (keyId={caller.key_id!r}).")
    try:
        since = parse_since(params["since"]) if params.get("since") else None
        by = parse_by(params.get("by"))
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None
    ledger = services(request).usage
    report = await anyio.to_thread.run_sync(lambda: build_report(ledger, key_id=key_id, since=since, by=by))
    return JSONResponse(report)
