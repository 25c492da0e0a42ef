"""The async face of the engine, used by the HTTP server.

Generation is CPU-bound, so it runs on worker threads (at most ``workers`` at a time) while the event
loop keeps serving. Requests beyond ``workers + queue`` in flight are refused up front with 503
UNAVAILABLE ("the model is overloaded"), which is what the real API answers under load and what
clients' retry logic expects, instead of piling up unbounded latency.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, contextmanager

import anyio
import anyio.to_thread

from openbanana.engine.engine import Engine
from openbanana.engine.errors import Unavailable
from openbanana.engine.events import EngineEvent
from openbanana.engine.request import ImageRequest

_END = object()


class EngineRuntime:
    """Admission control plus thread offloading around one :class:`Engine`."""

    def __init__(self, engine: Engine, workers: int = 2, queue: int = 64) -> None:
        self.engine = engine
        self.workers = max(1, workers)
        self.capacity = self.workers + max(0, queue)
        self._limiter = anyio.CapacityLimiter(self.workers)
        self._in_flight = 0
        self._lock = threading.Lock()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @contextmanager
    def admit(self) -> Iterator[None]:
        """Reserve a slot for one request or raise 503 when the server is saturated."""
        with self._lock:
            if self._in_flight >= self.capacity:
                raise Unavailable("The model is overloaded. Please try again later.")
            self._in_flight += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    async def run(self, request: ImageRequest) -> list[EngineEvent]:
        with self.admit():
            return await anyio.to_thread.run_sync(self.engine.run, request, limiter=self._limiter)

    def open_stream(self, request: ImageRequest) -> AsyncIterator[EngineEvent]:
        """Admit now (raising 503 before a response starts), then yield events as the engine makes
        them; each step runs on a worker thread and the slot is released when the stream ends."""
        slot = ExitStack()
        slot.enter_context(self.admit())

        async def events() -> AsyncIterator[EngineEvent]:
            with slot:
                steps = self.engine.stream(request)
                while True:
                    event = await anyio.to_thread.run_sync(next, steps, _END, limiter=self._limiter)
                    if event is _END:
                        return
                    yield event  # type: ignore[misc]

        return events()
