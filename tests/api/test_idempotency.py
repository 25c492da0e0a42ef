"""``Idempotency-Key`` over raw HTTP against the real server: a retry replays the stored answer byte for
byte (and is not billed again), a different body under the same key is 409 ALREADY_EXISTS, a retry while
the first request still runs is 409 ABORTED, failures are not stored, and streams replay too."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.tables import IdempotencyRow, UsageRow
from tests.api.helpers import assert_google_error, blocker_body, gen_url, parse_sse, text_body
from tests.support.server import LiveServer, start_server

pytestmark = pytest.mark.platform

REPLAY = "x-openbanana-idempotent-replay"


@pytest.fixture(scope="module")
def server_and_db(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[tuple[LiveServer, Database]]:
    # ``database_url`` is function-scoped; a module-wide server asks the PostgreSQL server directly.
    pg = request.getfixturevalue("postgres_server")
    url = pg.fresh_database() if pg is not None else None
    tmp = tmp_path_factory.mktemp("idem")
    server = start_server(tmp, generator="noop", database_url=url)
    data_dir = next(Path(tmp).glob("data-*"))
    db = Database(url or sqlite_url(data_dir / "openbanana.db"))
    yield server, db
    db.dispose()
    server.stop()


@pytest.fixture
def client(server_and_db: tuple[LiveServer, Database]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_and_db[0].base_url, timeout=60) as c:
        yield c


@pytest.fixture
def db(server_and_db: tuple[LiveServer, Database]) -> Database:
    return server_and_db[1]


def usage_rows(db: Database) -> int:
    with db.read() as session:
        return session.query(UsageRow).count()


def post(client: httpx.Client, key: str | None, body: object, *, header: str = "Idempotency-Key") -> httpx.Response:
    headers = {"content-type": "application/json"} | ({header: key} if key is not None else {})
    return client.post(gen_url(), content=json.dumps(body).encode(), headers=headers)


def test_retry_replays_identical_bytes_without_a_second_entry(client: httpx.Client, db: Database) -> None:
    body = text_body("a red circle")
    first = post(client, "retry-1", body)
    assert first.status_code == 200 and REPLAY not in first.headers
    entries = usage_rows(db)
    second = post(client, "retry-1", body)
    assert second.status_code == 200
    assert second.headers[REPLAY] == "true"
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers.get("x-openbanana-conversation") == first.headers.get("x-openbanana-conversation")
    assert usage_rows(db) == entries  # nothing generated, nothing billed
    # Without the key (or under another one) the same body is a new generation.
    fresh = post(client, None, body)
    assert fresh.status_code == 200 and REPLAY not in fresh.headers
    assert fresh.json()["responseId"] != first.json()["responseId"]


def test_x_idempotency_key_header_is_accepted(client: httpx.Client) -> None:
    first = post(client, "x-1", text_body("a cat"), header="X-Idempotency-Key")
    second = post(client, "x-1", text_body("a cat"), header="Idempotency-Key")
    assert second.headers[REPLAY] == "true" and second.content == first.content


def test_different_body_is_409_already_exists(client: httpx.Client) -> None:
    assert post(client, "body-1", text_body("a dog")).status_code == 200
    error = assert_google_error(post(client, "body-1", text_body("a different dog")), 409, "ALREADY_EXISTS")
    assert "different request body" in error["message"]
    # The body hash is over the raw bytes: the same JSON spelled differently is a different body.
    spaced = client.post(
        gen_url(), content=json.dumps(text_body("a dog"), indent=2).encode(), headers={"Idempotency-Key": "body-1"}
    )
    assert_google_error(spaced, 409, "ALREADY_EXISTS")


def test_failures_are_not_stored(client: httpx.Client, db: Database) -> None:
    bad = post(client, "fail-1", {"contents": []})
    assert_google_error(bad, 400)
    good = post(client, "fail-1", text_body("now valid"))
    assert good.status_code == 200 and REPLAY not in good.headers
    with db.read() as session:
        assert session.get(IdempotencyRow, ("local", "fail-1")) is not None  # keyed by the caller's key id


@pytest.mark.parametrize(
    "key",
    ["", "x" * 256, "caf\u00e9", "tab\there"],
)
def test_malformed_key_is_400(client: httpx.Client, key: str) -> None:
    response = client.post(
        gen_url(), content=json.dumps(text_body()).encode(),
        headers=[(b"idempotency-key", key.encode("latin-1")), (b"content-type", b"application/json")],
    )  # fmt: skip
    error = assert_google_error(response, 400)
    assert "idempotency-key" in error["message"].lower()


def test_longest_key_is_fine(client: httpx.Client) -> None:
    assert post(client, "k" * 255, text_body()).status_code == 200
    assert post(client, "k" * 255, text_body()).headers[REPLAY] == "true"


def test_concurrent_duplicates_generate_once(client: httpx.Client, db: Database) -> None:
    body = json.dumps(text_body("raced", imageConfig={"imageSize": "4K"})).encode()
    before = usage_rows(db)
    results: list[httpx.Response] = []
    barrier = threading.Barrier(6)

    def send() -> None:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as c:
            barrier.wait()
            results.append(c.post(gen_url(), content=body, headers={"Idempotency-Key": "race-1"}))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [r for r in results if r.status_code == 200]
    generated = [r for r in ok if REPLAY not in r.headers]
    assert len(generated) == 1, [r.status_code for r in results]
    assert all(r.content == generated[0].content for r in ok)
    for r in results:
        if r.status_code != 200:
            assert_google_error(r, 409, "ABORTED")
    assert usage_rows(db) - before <= 1
    assert post(client, "race-1", text_body()).status_code == 409  # and it is done now: different body


def test_retry_while_running_is_409_aborted_then_replays(server_and_db: tuple[LiveServer, Database]) -> None:
    server = server_and_db[0]
    url = gen_url(method="streamGenerateContent") + "?alt=sse"
    raw = json.dumps(blocker_body("16:9")).encode()
    headers = {"Idempotency-Key": "stream-1", "content-type": "application/json"}
    with (
        httpx.Client(base_url=server.base_url, timeout=60) as c1,
        httpx.Client(base_url=server.base_url, timeout=60) as c2,
    ):
        with c1.stream("POST", url, content=raw, headers=headers) as running:
            assert running.status_code == 200
            assert_google_error(c2.post(url, content=raw, headers=headers), 409, "ABORTED")
            first = running.read()
        events = parse_sse(first)
        assert events and "error" not in events[-1]
        replay = c2.post(url, content=raw, headers=headers)
        assert replay.status_code == 200 and replay.headers[REPLAY] == "true"
        assert replay.headers["content-type"].startswith("text/event-stream")
        assert replay.content == first


def test_stream_json_array_replays(client: httpx.Client) -> None:
    url = gen_url(method="streamGenerateContent")
    raw = json.dumps(text_body("streamed")).encode()
    first = client.post(url, content=raw, headers={"Idempotency-Key": "arr-1"})
    second = client.post(url, content=raw, headers={"Idempotency-Key": "arr-1"})
    assert first.status_code == second.status_code == 200
    assert second.headers[REPLAY] == "true" and second.content == first.content
    assert isinstance(json.loads(first.content), list)
