"""The Batch API on the wire (reference §10): create, get, list, cancel, delete.

A job is answered as a long-running Operation: ``name`` plus ``metadata`` (a ``GenerateContentBatch``:
model, displayName, times, ``state``, ``batchStats`` as int64 strings, ``output``), ``done``, and the
output again as ``response`` once done. The SDK reads only ``name`` and ``metadata.*``. Results come
inline (``output.inlinedResponses.inlinedResponses``, in request order) for inline input, or as a
``files/batch-<id>`` JSONL file for file input. Requests are validated structurally up front (unknown
model 404, empty batch 400); each request's own content is validated when it runs and a bad one
becomes that request's error, as on Google's service.
"""

from __future__ import annotations

import json
import re
from typing import Any

import anyio.to_thread
from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import Field

from openbanana.api import paging
from openbanana.api.body import read_json
from openbanana.api.caller import caller_of
from openbanana.api.gemini import inbound
from openbanana.api.gemini.adapter import api_version
from openbanana.api.gemini.schemas import WireModel
from openbanana.api.state import services
from openbanana.batches.base import FAILED, TERMINAL_STATES, BatchRecord, ItemResult, NewItem, wire_state
from openbanana.engine.errors import InvalidArgument, NotFound
from openbanana.files.base import rfc3339

BATCH_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch"
OUTPUT_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
#: Requests per job (inline or file); Google's own limit is set by size, this one keeps rows sane.
MAX_BATCH_REQUESTS = 100_000
_BATCH_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


# -- the create body (camelCase or snake_case; each request stays opaque until it runs) -----------


class InlinedRequest(WireModel):
    request: dict[str, Any] = Field(..., description="A GenerateContentRequest, validated when it runs.")
    metadata: dict[str, Any] | None = Field(None, description="Returned with the response.")


class InlinedRequests(WireModel):
    requests: list[InlinedRequest] = Field(default_factory=list)


class InputConfig(WireModel):
    requests: InlinedRequests | None = None
    file_name: str | None = Field(None, description="files/<id> of an uploaded JSONL file.")


class BatchSpec(WireModel):
    display_name: str | None = Field(None, max_length=512)
    input_config: InputConfig | None = None


class CreateBatchRequest(WireModel):
    batch: BatchSpec


# -- the JSONL input file --------------------------------------------------------------------------


def parse_jsonl(data: bytes) -> list[NewItem]:
    """One item per non-blank line ``{"key": ..., "request": {...}}``; a line that is not such an
    object becomes that request's error (the others still run). Raises InvalidArgument when the file
    is not UTF-8 text at all."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidArgument(f"The input file is not UTF-8 JSONL text: {exc}") from exc
    items: list[NewItem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            items.append(NewItem(None, error=_line_error(number, f"not valid JSON ({exc})")))
            continue
        if not isinstance(obj, dict):
            items.append(NewItem(None, error=_line_error(number, "a line must be a JSON object")))
            continue
        key = obj.get("key")
        key = None if key is None else str(key)
        request = obj.get("request")
        if not isinstance(request, dict):
            items.append(NewItem(None, key=key, error=_line_error(number, "'request' must be a JSON object")))
            continue
        metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else None
        items.append(NewItem(request, key=key, metadata=metadata))
    return items


def _line_error(number: int, problem: str) -> dict[str, Any]:
    return {"code": 400, "message": f"Input line {number}: {problem}.", "status": "INVALID_ARGUMENT"}


# -- the Operation shape ---------------------------------------------------------------------------


def _result_entry(result: ItemResult) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if result.response is not None:
        entry["response"] = result.response
    else:
        entry["error"] = result.error or {"code": 500, "message": "The request produced no result."}
    if result.metadata is not None:
        entry["metadata"] = result.metadata
    return entry


def operation(batch: BatchRecord, results: list[ItemResult] | None = None) -> dict[str, Any]:
    """The job as an Operation; ``results`` (inline jobs) become ``output.inlinedResponses``."""
    name = f"batches/{batch.id}"
    metadata: dict[str, Any] = {"@type": BATCH_TYPE, "name": name, "model": f"models/{batch.model}"}
    if batch.display_name:
        metadata["displayName"] = batch.display_name
    if batch.input_file:
        metadata["inputConfig"] = {"fileName": f"files/{batch.input_file}"}
    metadata.update(
        createTime=rfc3339(batch.created_at),
        updateTime=rfc3339(batch.updated_at),
    )
    if batch.end_at is not None:
        metadata["endTime"] = rfc3339(batch.end_at)
    metadata["state"] = wire_state(batch.state)
    metadata["batchStats"] = {
        "requestCount": str(batch.request_count),
        "successfulRequestCount": str(batch.succeeded),
        "failedRequestCount": str(batch.failed),
        "pendingRequestCount": str(batch.pending),
    }
    output: dict[str, Any] | None = None
    if batch.output_file:
        output = {"responsesFile": f"files/{batch.output_file}"}
    elif results is not None:
        output = {"inlinedResponses": {"inlinedResponses": [_result_entry(r) for r in results]}}
    if output is not None:
        metadata["output"] = output
    body: dict[str, Any] = {"name": name, "metadata": metadata, "done": batch.state in TERMINAL_STATES}
    if batch.state == FAILED:
        body["error"] = batch.error or {"code": 13, "message": "The batch failed."}
    elif output is not None and batch.state in TERMINAL_STATES:
        body["response"] = {"@type": OUTPUT_TYPE, **output}
    return body


def _with_results(request: Request, batch: BatchRecord) -> dict[str, Any]:
    """Inline jobs list their results once finished (SUCCEEDED or CANCELLED)."""
    store = services(request).batches
    inline_done = batch.input_file is None and batch.state in TERMINAL_STATES and batch.state != FAILED
    return operation(batch, store.results(batch.id) if inline_done else None)


# -- handlers --------------------------------------------------------------------------------------


def _new_items(body: CreateBatchRequest) -> tuple[list[NewItem] | None, str | None]:
    config = body.batch.input_config
    if config is None or (config.requests is None and not config.file_name):
        raise InvalidArgument("* GenerateContentBatch.input_config: input_config is not specified")
    if config.requests is not None and config.file_name:
        raise InvalidArgument("input_config must set exactly one of 'requests' and 'file_name'.")
    if config.file_name:
        return None, config.file_name
    assert config.requests is not None
    items = [NewItem(r.request, key=_key_of(r.metadata), metadata=r.metadata) for r in config.requests.requests]
    if not items:
        raise InvalidArgument("* GenerateContentBatch.input_config.requests: the batch has no requests.")
    return items, None


def _key_of(metadata: dict[str, Any] | None) -> str | None:
    key = (metadata or {}).get("key")
    return None if key is None else str(key)


async def create_batch(request: Request, model: str) -> JSONResponse:
    svc = services(request)
    owner = caller_of(request).key_id
    spec = inbound.resolve_model(model, api_version(request), "batchGenerateContent")
    body = await read_json(request, CreateBatchRequest, svc.settings.max_request_bytes)
    items, file_name = _new_items(body)
    display_name = body.batch.display_name

    def build() -> BatchRecord:
        input_file, error, todo = None, None, items
        if file_name is not None:
            record = svc.files.get(owner, file_name)  # not ours / absent: the Files API's own error
            input_file = record.id
            try:
                todo = parse_jsonl(svc.files.read(owner, file_name))
            except InvalidArgument as exc:  # unreadable input: the job exists, and FAILED says why
                todo, error = [], {"code": 3, "message": exc.message}
            if error is None and not todo:
                todo, error = [], {"code": 3, "message": f"The input file {record.name} holds no requests."}
        assert todo is not None
        if len(todo) > MAX_BATCH_REQUESTS:
            raise InvalidArgument(f"A batch may hold at most {MAX_BATCH_REQUESTS} requests; got {len(todo)}.")
        return svc.batches.create(owner, spec.id, display_name, todo, input_file=input_file, error=error)

    batch = await anyio.to_thread.run_sync(build)
    svc.batch_workers.notify()
    return JSONResponse(operation(batch))


def _batch_id(batch_id: str) -> str:
    batch_id = batch_id.removeprefix("batches/")
    if not _BATCH_ID.match(batch_id):
        raise NotFound(f"batches/{batch_id} was not found.")
    return batch_id


def _not_found(batch_id: str) -> NotFound:
    return NotFound(f"Requested entity was not found: batches/{batch_id}.")


async def get_batch(request: Request, batch_id: str) -> JSONResponse:
    svc, owner, batch_id = services(request), caller_of(request).key_id, _batch_id(batch_id)

    def load() -> dict[str, Any]:
        batch = svc.batches.get(owner, batch_id)
        if batch is None:
            raise _not_found(batch_id)
        return _with_results(request, batch)

    return JSONResponse(await anyio.to_thread.run_sync(load))


async def list_batches(request: Request) -> JSONResponse:
    svc, owner = services(request), caller_of(request).key_id
    size = paging.page_size(request, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    offset = paging.token_offset("batches", paging.page_token(request))
    batches, more = await anyio.to_thread.run_sync(svc.batches.page, owner, offset, size)
    body: dict[str, Any] = {"operations": [operation(b) for b in batches]}  # no inline results in lists
    if more:
        body["nextPageToken"] = paging.offset_token("batches", offset + size)
    return JSONResponse(body)


async def cancel_batch(request: Request, batch_id: str) -> JSONResponse:
    svc, owner, batch_id = services(request), caller_of(request).key_id, _batch_id(batch_id)
    if await anyio.to_thread.run_sync(svc.batches.cancel, owner, batch_id) is None:
        raise _not_found(batch_id)
    return JSONResponse({})


async def delete_batch(request: Request, batch_id: str) -> JSONResponse:
    svc, owner, batch_id = services(request), caller_of(request).key_id, _batch_id(batch_id)

    def remove() -> bool:
        svc.batches.cancel(owner, batch_id)  # running items stop being claimed first
        return svc.batches.delete(owner, batch_id)

    if not await anyio.to_thread.run_sync(remove):
        raise _not_found(batch_id)
    return JSONResponse({})
