"""The Batch API over raw HTTP (reference §10) against the real server: the Operation shape, camelCase
and snake_case bodies, per-request errors, validation, paging, owner scoping, JSONL file input with a
results file downloadable through the Files API, a FAILED job, cancel and delete."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from openbanana.catalog.sizes import pixel_size
from openbanana.imaging.decode import decode_base64, sniff_image
from tests.api.test_files import Api
from tests.support import postgres
from tests.support.server import LiveServer, start_server

pytestmark = pytest.mark.platform
KEY_A, KEY_B = "batch-key-a", "batch-key-b"
MODEL = "gemini-3.1-flash-image-preview"
CREATE = f"/v1beta/models/{MODEL}:batchGenerateContent"
BATCH_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch"
OUTPUT_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None
) -> Iterator[LiveServer]:
    url = postgres_server.fresh_database() if postgres_server is not None else None
    live = start_server(tmp_path_factory.mktemp("batches"), api_keys=(KEY_A, KEY_B), generator="noop",
                        database_url=url, extra=("--batch-workers", "2"))  # fmt: skip
    yield live
    live.stop()


@pytest.fixture
def a(server: LiveServer) -> Iterator[Api]:
    api = Api(server.base_url, KEY_A)
    yield api
    api.http.close()


@pytest.fixture
def b(server: LiveServer) -> Iterator[Api]:
    api = Api(server.base_url, KEY_B)
    yield api
    api.http.close()


def req(text: str, ratio: str | None = None, size: str | None = None, snake: bool = False) -> dict[str, Any]:
    image = {"aspect_ratio" if snake else "aspectRatio": ratio, "image_size" if snake else "imageSize": size}
    body: dict[str, Any] = {"contents": [{"parts": [{"text": text}], "role": "user"}]}
    body["generation_config" if snake else "generationConfig"] = {
        "image_config" if snake else "imageConfig": {k: v for k, v in image.items() if v}
    }
    return body


def inline(*requests: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    batch: dict[str, Any] = {"inputConfig": {"requests": {"requests": list(requests)}}}
    if name:
        batch["displayName"] = name
    return {"batch": batch}


def create(api: Api, body: dict[str, Any]) -> dict[str, Any]:
    r = api.request("POST", CREATE, json=body)
    assert r.status_code == 200, r.text
    op: dict[str, Any] = r.json()
    return op


def wait(api: Api, name: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = api.request("GET", f"/v1beta/{name}")
        assert r.status_code == 200, r.text
        op: dict[str, Any] = r.json()
        if op["done"] or time.monotonic() > deadline:
            return op
        time.sleep(0.1)


def error(r: httpx.Response, code: int) -> str:
    assert r.status_code == code, r.text
    body = r.json()["error"]
    assert body["code"] == code
    return str(body["message"])


def image_size(response: dict[str, Any]) -> tuple[int, int]:
    parts = response["candidates"][0]["content"]["parts"]
    data = next(p["inlineData"]["data"] for p in parts if "inlineData" in p)
    header = sniff_image(decode_base64(data, "x"), "x")
    return header.width, header.height


def test_inline_batch_operation_shape_and_results(a: Api) -> None:
    op = create(a, inline(
        {"request": req("a red fox", "16:9", "512"), "metadata": {"key": "fox"}},
        {"request": {"contents": []}, "metadata": {"key": "empty"}},
        {"request": req("a cup", "3:4", "1K")},
        name="shapes",
    ))  # fmt: skip
    assert set(op) == {"name", "metadata", "done"} and op["done"] is False
    name = op["name"]
    assert re.fullmatch(r"batches/[a-z0-9]{32}", name)
    meta = op["metadata"]
    assert meta["@type"] == BATCH_TYPE and meta["name"] == name and meta["model"] == f"models/{MODEL}"
    assert meta["displayName"] == "shapes" and meta["state"] == "BATCH_STATE_PENDING"
    assert RFC3339.match(meta["createTime"]) and RFC3339.match(meta["updateTime"]) and "endTime" not in meta
    assert meta["batchStats"] == {"requestCount": "3", "successfulRequestCount": "0", "failedRequestCount": "0",
                                  "pendingRequestCount": "3"}  # fmt: skip

    done = wait(a, name)
    meta = done["metadata"]
    assert done["done"] is True and meta["state"] == "BATCH_STATE_SUCCEEDED" and RFC3339.match(meta["endTime"])
    assert meta["batchStats"] == {"requestCount": "3", "successfulRequestCount": "2", "failedRequestCount": "1",
                                  "pendingRequestCount": "0"}  # fmt: skip
    responses = meta["output"]["inlinedResponses"]["inlinedResponses"]
    assert done["response"] == {"@type": OUTPUT_TYPE, **meta["output"]}
    assert len(responses) == 3
    fox, empty, cup = responses
    assert fox["metadata"] == {"key": "fox"}
    px = pixel_size("16:9", "512")
    assert image_size(fox["response"]) == (px.width, px.height)
    assert fox["response"]["modelVersion"] == MODEL and fox["response"]["usageMetadata"]["totalTokenCount"] > 0
    assert empty == {"error": {"code": 400, "message": "* GenerateContentRequest.contents: contents is not specified",
                               "status": "INVALID_ARGUMENT"}, "metadata": {"key": "empty"}}  # fmt: skip
    assert "metadata" not in cup
    px = pixel_size("3:4", "1K")
    assert image_size(cup["response"]) == (px.width, px.height)


def test_snake_case_everywhere_and_every_version(a: Api) -> None:
    body = {"batch": {"display_name": "snake", "input_config": {"requests": {"requests": [
        {"request": req("a kite", "21:9", "512", snake=True), "metadata": {"key": "k"}},
        {"request": {**req("a boat", snake=True), "model": "models/gemini-2.5-flash-image"}},
    ]}}}}  # fmt: skip
    r = a.request("POST", f"/v1/models/{MODEL}:batchGenerateContent", json=body)
    assert r.status_code == 200, r.text
    name = r.json()["name"]
    assert r.json()["metadata"]["displayName"] == "snake"
    done = wait(a, name)
    kite, boat = done["metadata"]["output"]["inlinedResponses"]["inlinedResponses"]
    px = pixel_size("21:9", "512")
    assert image_size(kite["response"]) == (px.width, px.height)
    assert boat["response"]["modelVersion"] == "gemini-2.5-flash-image"  # the request's own model wins
    for version in ("v1", "v1alpha"):
        assert a.request("GET", f"/{version}/{name}").json()["metadata"]["state"] == "BATCH_STATE_SUCCEEDED"


def test_bad_creates(a: Api) -> None:
    one = {"request": req("x")}
    msg = error(a.request("POST", "/v1beta/models/nope:batchGenerateContent", json=inline(one)), 404)
    assert "models/nope is not found" in msg
    assert "input_config" in error(a.request("POST", CREATE, json={"batch": {}}), 400)
    assert "no requests" in error(a.request("POST", CREATE, json=inline()), 400)
    both = {"batch": {"inputConfig": {"requests": {"requests": [one]}, "fileName": "files/abc"}}}
    assert "exactly one" in error(a.request("POST", CREATE, json=both), 400)
    error(a.request("POST", CREATE, json=inline({"metadata": {"key": "no request"}})), 400)
    error(a.request("POST", CREATE, json=inline({"request": "not an object"})), 400)
    error(a.request("POST", CREATE, content=b"{not json", headers={"content-type": "application/json"}), 400)
    error(a.request("POST", CREATE, json={"batch": {"inputConfig": {"fileName": "files/doesnotexist"}}}), 403)
    error(a.request("POST", CREATE, json=inline(one), key=False), 403)  # no key: as on Google


def test_unknown_batches_and_bad_tokens(a: Api) -> None:
    for method, path in (("GET", "/v1beta/batches/{}"), ("POST", "/v1beta/batches/{}:cancel"),
                         ("DELETE", "/v1beta/batches/{}")):  # fmt: skip
        assert "not found" in error(a.request(method, path.format("nosuchbatch")), 404)
        error(a.request(method, path.format("BAD.ID")), 404)
    assert "page token" in error(a.request("GET", "/v1beta/batches", params={"pageToken": "garbage"}), 400)
    error(a.request("GET", "/v1beta/batches", params={"pageSize": "ten"}), 400)


def test_list_pages_without_inline_results_and_owner_scoping(a: Api, b: Api) -> None:
    names = [create(b, inline({"request": req(f"b{i}")}, name=f"b{i}"))["name"] for i in range(3)]
    for name in names:
        wait(b, name)
    first = b.request("GET", "/v1beta/batches", params={"pageSize": 2}).json()
    assert [op["name"] for op in first["operations"]] == names[::-1][:2]
    assert all("output" not in op["metadata"] and "response" not in op for op in first["operations"])
    second = b.request("GET", "/v1beta/batches", params={"pageSize": 2, "pageToken": first["nextPageToken"]}).json()
    assert [op["name"] for op in second["operations"]] == names[:1] and "nextPageToken" not in second
    assert not {op["name"] for op in a.request("GET", "/v1beta/batches").json()["operations"]} & set(names)
    error(a.request("GET", f"/v1beta/{names[0]}"), 404)  # another key's job does not exist for you
    error(a.request("POST", f"/v1beta/{names[0]}:cancel"), 404)
    error(a.request("DELETE", f"/v1beta/{names[0]}"), 404)


def test_jsonl_file_input_and_results_file(a: Api, b: Api) -> None:
    lines = [
        json.dumps({"key": "frog", "request": req("a frog", "4:3", "512", snake=True)}),
        "",
        "{this is not json",
        json.dumps({"key": "no-request", "metadata": {"x": 1}}),
        json.dumps({"key": 7, "request": {"contents": [{"parts": [{"text": "a kite"}]}]}}),
    ]
    uploaded = a.upload(("\n".join(lines) + "\n").encode(), mime="jsonl", display_name="in.jsonl")
    op = create(a, {"batch": {"inputConfig": {"fileName": uploaded["name"]}}})
    assert op["metadata"]["inputConfig"] == {"fileName": uploaded["name"]}
    assert op["metadata"]["batchStats"]["requestCount"] == "4"
    assert op["metadata"]["batchStats"]["failedRequestCount"] == "2"  # the two bad lines, known at once
    done = wait(a, op["name"])
    meta = done["metadata"]
    assert meta["state"] == "BATCH_STATE_SUCCEEDED"
    batch_id = op["name"].removeprefix("batches/")
    assert meta["output"] == {"responsesFile": f"files/batch-{batch_id}"} and done["response"]["@type"] == OUTPUT_TYPE
    file = a.request("GET", f"/v1beta/files/batch-{batch_id}").json()
    assert file["source"] == "GENERATED" and file["downloadUri"].endswith(f"batch-{batch_id}:download?alt=media")
    raw = a.request("GET", f"/v1beta/files/batch-{batch_id}:download", params={"alt": "media"})
    assert raw.status_code == 200
    got = [json.loads(line) for line in raw.text.splitlines()]
    assert [g["key"] for g in got] == ["frog", "1", "no-request", "7"]  # no key: the request index
    px = pixel_size("4:3", "512")
    assert image_size(got[0]["response"]) == (px.width, px.height)
    assert "Input line 3: not valid JSON" in got[1]["error"]["message"]
    assert "'request' must be a JSON object" in got[2]["error"]["message"]
    assert "response" in got[3]
    error(b.request("GET", f"/v1beta/files/batch-{batch_id}"), 403)  # results belong to the job's owner
    error(b.request("POST", CREATE, json={"batch": {"inputConfig": {"fileName": uploaded["name"]}}}), 403)


def test_unreadable_input_file_fails_the_job(a: Api) -> None:
    uploaded = a.upload(b"\xff\xfe\x00 binary", mime="jsonl")
    op = create(a, {"batch": {"inputConfig": {"fileName": uploaded["name"]}}})
    assert op["done"] is True and op["metadata"]["state"] == "BATCH_STATE_FAILED"
    assert "not UTF-8" in op["error"]["message"] and "response" not in op
    empty = a.upload(b"\n\n", mime="jsonl")
    op = create(a, {"batch": {"inputConfig": {"fileName": empty["name"]}}})
    assert op["metadata"]["state"] == "BATCH_STATE_FAILED" and "no requests" in op["error"]["message"]


def test_cancel_and_delete(a: Api) -> None:
    op = create(a, inline(*[{"request": req(f"x{i}", "1:1", "2K")} for i in range(30)]))
    r = a.request("POST", f"/v1beta/{op['name']}:cancel")
    assert (r.status_code, r.json()) == (200, {})
    done = wait(a, op["name"])
    meta = done["metadata"]
    assert meta["state"] == "BATCH_STATE_CANCELLED" and done["done"] is True
    stats = meta["batchStats"]
    assert int(stats["successfulRequestCount"]) + int(stats["failedRequestCount"]) == 30
    assert stats["pendingRequestCount"] == "0" and int(stats["failedRequestCount"]) >= 20
    responses = meta["output"]["inlinedResponses"]["inlinedResponses"]
    assert responses[-1]["error"]["code"] == 1 and "cancelled" in responses[-1]["error"]["message"]
    again = a.request("POST", f"/v1beta/{op['name']}:cancel")  # cancelling a finished job: a no-op
    assert (again.status_code, again.json()) == (200, {})
    r = a.request("DELETE", f"/v1beta/{op['name']}")
    assert (r.status_code, r.json()) == (200, {})
    error(a.request("GET", f"/v1beta/{op['name']}"), 404)
    running = create(a, inline(*[{"request": req(f"y{i}", "1:1", "2K")} for i in range(10)]))
    r = a.request("DELETE", f"/v1beta/{running['name']}")  # a job still running: cancelled, then removed
    assert (r.status_code, r.json()) == (200, {})
    error(a.request("GET", f"/v1beta/{running['name']}"), 404)
