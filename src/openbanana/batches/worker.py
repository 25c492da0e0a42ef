"""The batch worker pool: background threads that run batch items through the shared engine.

Batch work yields to interactive requests: a worker claims a new item only while interactive requests
in flight plus the items this pool is running leave an engine slot (``--workers``) free, so a burst of
``generateContent`` calls is never queued behind a batch (an item already running finishes; items are
short). Each worker:

1. claims one item with a lease (see :mod:`openbanana.batches.batches_sql`), renewed by a heartbeat
   thread while it runs, so a crashed process's items are claimed again after ``lease_seconds``;
2. runs it through :func:`openbanana.api.gemini.execute.execute`, exactly like an interactive call;
3. completes it: result blob, item state, job counters and the usage entry (``batch_id`` set, so it is
   priced at the batch rate) in one transaction;
4. when idle, closes finished file-input jobs by writing their results file through the Files API.

Several server processes on one database cooperate through the same leases.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
import time
import uuid
from typing import TYPE_CHECKING

from openbanana.api.gemini.execute import Executed, execute
from openbanana.batches.base import BatchRecord, ClaimedItem
from openbanana.batches.batches_sql import SqlBatchStore
from openbanana.blobs import BlobNotFound
from openbanana.catalog.models import find_model
from openbanana.usage.base import UsageEntry

if TYPE_CHECKING:
    from openbanana.services import Services

log = logging.getLogger("openbanana.batches")

#: Seconds an idle worker waits before looking for work again (a local create wakes it at once).
POLL_SECONDS = 1.0
#: Seconds to wait while interactive requests hold every engine worker.
YIELD_SECONDS = 0.05


def lease_owner_id() -> str:
    """Unique per process start: host, pid and a random tag (a restarted pid never reuses leases)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{secrets.token_hex(4)}"


class BatchWorkerPool:
    """``threads`` workers plus one lease heartbeat; a :class:`~openbanana.services.Background` job."""

    def __init__(self, services: Services, store: SqlBatchStore, threads: int) -> None:
        self.services = services
        self.store = store
        self.threads = max(0, threads)
        self.lease_owner = lease_owner_id()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._workers: list[threading.Thread] = []
        self._held = 0
        self._held_lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        if self.threads == 0 or self._workers:
            return
        self._stop.clear()
        for n in range(self.threads):
            thread = threading.Thread(target=self._loop, name=f"batch-worker-{n}", daemon=True)
            thread.start()
            self._workers.append(thread)
        beat = threading.Thread(target=self._heartbeat, name="batch-lease-heartbeat", daemon=True)
        beat.start()
        self._workers.append(beat)

    def stop(self) -> None:
        """Stop claiming; a request already running is left to finish for a few seconds, else its
        lease simply expires and another process (or the next start) runs it again."""
        self._stop.set()
        self._wake.set()
        deadline = time.monotonic() + 10
        for thread in self._workers:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        self._workers.clear()

    def notify(self) -> None:
        """New work was created here: look now instead of at the next poll."""
        self._wake.set()

    # -- the loop ----------------------------------------------------------------------------------

    def _interactive_busy(self) -> bool:
        """True when no engine slot is free: batch items only use the slots (``--workers``) that
        interactive requests leave, counting the items this pool is already running."""
        runtime = self.services.runtime
        with self._held_lock:
            running = self._held
        return runtime.in_flight + running >= runtime.workers

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if self._interactive_busy():
                    self._stop.wait(YIELD_SECONDS)
                    continue
                claim = self.store.claim(self.lease_owner)
                if claim is not None:
                    self.run_item(claim)
                    continue
                if self.finalize_one():
                    continue
                self.store.sweep()
            except Exception:  # the database went away for a moment, a blob store hiccup: keep going
                log.exception("batch worker error; retrying")
                self._stop.wait(POLL_SECONDS)
                continue
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()

    def _heartbeat(self) -> None:
        interval = self.store.lease_seconds / 4
        while not self._stop.wait(interval):
            with self._held_lock:
                held = self._held
            if held:
                try:
                    self.store.renew(self.lease_owner)
                except Exception:
                    log.exception("batch lease renewal failed")

    # -- one item ----------------------------------------------------------------------------------

    def run_item(self, claim: ClaimedItem) -> None:
        with self._held_lock:
            self._held += 1
        try:
            usage_id = uuid.uuid4().hex  # the ledger entry's id; the outputs' watermarks point to it
            executed = self._execute(claim, usage_id)
            entry = self._entry(claim, executed, usage_id)
            done = self.store.complete(
                claim, self.lease_owner, executed.response, executed.error,
                record=lambda session: self.services.usage.record_in(session, entry),
            )  # fmt: skip
        finally:
            with self._held_lock:
                self._held -= 1
        if done.accepted:
            self.services.metrics.observe(entry)
        if done.finalize:
            self.finalize_one()

    def _execute(self, claim: ClaimedItem, usage_id: str) -> Executed:
        spec = find_model(claim.model)
        if spec is None:  # the catalog lost a model between create and run
            error = {"code": 404, "message": f"models/{claim.model} is not found.", "status": "NOT_FOUND"}
            return Executed(model=claim.model, error=error)
        try:
            request = self.store.read_request(claim)
        except (BlobNotFound, ValueError) as exc:
            error = {"code": 500, "message": f"The stored request could not be read: {exc}", "status": "INTERNAL"}
            return Executed(model=claim.model, error=error)
        return execute(self.services, request, spec, claim.owner, usage_id)

    def _entry(self, claim: ClaimedItem, executed: Executed, usage_id: str) -> UsageEntry:
        usage = executed.usage
        return UsageEntry(
            id=usage_id, request_id=f"batches/{claim.batch_id}#{claim.idx}", key_id=claim.owner,
            model=executed.model, method="batchGenerateContent", http_status=executed.http_status,
            status=executed.status, input_text_tokens=usage.prompt_text, input_image_tokens=usage.prompt_image,
            output_text_tokens=usage.output_text, output_image_tokens=usage.output_image,
            thought_tokens=usage.thoughts, images=executed.images, image_size=executed.image_size,
            aspect_ratio=executed.aspect_ratio, latency_ms=executed.latency_ms, batch_id=claim.batch_id,
            created_at=time.time(),
        )  # fmt: skip

    # -- closing file-input jobs -------------------------------------------------------------------

    def finalize_one(self) -> bool:
        """Write the results file of one finished file-input job; False when there was none."""
        batch = self.store.claim_finalization()
        if batch is None:
            return False
        try:
            name = self._write_results_file(batch)
        except Exception as exc:
            log.exception("writing the results file of batches/%s failed", batch.id)
            self.store.finish(batch.id, None, {"code": 13, "message": f"Writing the results file failed: {exc}"})
            return True
        self.store.finish(batch.id, name)
        return True

    def _write_results_file(self, batch: BatchRecord) -> str:
        lines = []
        for result in self.store.results(batch.id):
            line: dict[str, object] = {"key": result.key if result.key is not None else str(result.idx)}
            if result.response is not None:
                line["response"] = result.response
            else:
                line["error"] = result.error or {"code": 500, "message": "The request produced no result."}
            lines.append(json.dumps(line, separators=(",", ":"), ensure_ascii=False))
        data = ("\n".join(lines) + "\n").encode() if lines else b""
        record = self.services.files.create_generated(
            batch.owner, data, "application/jsonl", display_name=f"batch-{batch.id} responses",
            file_id=f"batch-{batch.id}",
        )  # fmt: skip
        return record.id
