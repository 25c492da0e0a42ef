"""Prometheus metrics for one server (``GET /metrics``).

Every :class:`Metrics` owns its own :class:`~prometheus_client.CollectorRegistry` (built in
``Services.build``), never the process-wide default one, so several apps can live in one process (tests)
without their counters colliding. What it records:

* per generate/stream request, from the usage ledger's :class:`~openbanana.usage.base.UsageEntry`
  (:meth:`Metrics.observe`): latency histogram by model / image size / status, requests, tokens by
  direction and modality, images, 429s;
* per HTTP request, from the request middleware (:meth:`Metrics.http_request`): count and latency by route
  template (``/v1beta/models/{model}:generateContent``, never the raw path) and status code;
* at scrape time, from live objects: requests in flight / waiting / capacity in the engine runtime, and
  batch items pending and running (one cheap ``COUNT ... GROUP BY`` over an indexed column).

Label values come from small closed sets (known model ids, the four image sizes, status words, route
templates), so a client sending odd model names cannot blow up the series count.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from openbanana import __version__
from openbanana.catalog.models import find_model
from openbanana.storage import Database
from openbanana.storage.tables import BatchItemRow
from openbanana.usage.base import UsageEntry

log = logging.getLogger(__name__)

#: Image generation takes from tens of milliseconds (a cached or tiny image) to minutes (4K, thinking).
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)
#: Plain HTTP routes (models list, files, batches, health) are mostly fast.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
IMAGE_SIZES = frozenset({"512", "1K", "2K", "4K"})
_WORD = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
#: The limit names the quota service reports; anything else is counted as ``other``.
LIMITS = frozenset({"rpm", "rpd", "tpm", "concurrency", "tpd", "ipm", "ipd"})


class RuntimeGauges(Protocol):
    """What the scrape reads from the engine runtime (``EngineRuntime``)."""

    @property
    def in_flight(self) -> int: ...

    capacity: int
    workers: int


def model_label(model: str) -> str:
    """The canonical model id, or ``other`` for names the catalog does not know."""
    spec = find_model(model) if model else None
    return spec.id if spec is not None else "other"


def size_label(size: str | None) -> str:
    if not size:
        return "none"
    return size if size in IMAGE_SIZES else "other"


def word_label(value: str | None, default: str = "none") -> str:
    if not value:
        return default
    return value if _WORD.match(value) else "other"


class Metrics:
    """The server's metrics. Thread-safe (prometheus_client's metrics are)."""

    def __init__(self, runtime: RuntimeGauges | None = None, database: Database | None = None) -> None:
        self.registry = CollectorRegistry()
        reg = self.registry
        self.latency = Histogram(
            "openbanana_request_latency_seconds",
            "Latency of generate/stream requests, from arrival to the last byte of the answer.",
            ["model", "image_size", "status"], buckets=LATENCY_BUCKETS, registry=reg,
        )  # fmt: skip
        self.requests = Counter(
            "openbanana_requests",
            "Generate/stream requests by model, method, outcome status and HTTP code (batch items: batch=true).",
            ["model", "method", "status", "code", "batch"], registry=reg,
        )  # fmt: skip
        self.tokens = Counter(
            "openbanana_tokens",
            "Tokens billed, by direction (input/output) and modality (text/image/thought).",
            ["model", "direction", "modality"], registry=reg,
        )  # fmt: skip
        self.images = Counter("openbanana_images", "Images returned.", ["model", "image_size"], registry=reg)
        self.rate_limited_total = Counter(
            "openbanana_rate_limited", "Generate/stream requests answered 429 (quota).", ["model"], registry=reg
        )
        self.quota_refusals = Counter(
            "openbanana_quota_refusals",
            "Quota refusals by the limit that was hit (rpm, rpd, tpm, concurrency).",
            ["limit"], registry=reg,
        )  # fmt: skip
        self.http_requests = Counter(
            "openbanana_http_requests", "Every HTTP request, by route template and status code.",
            ["method", "route", "code"], registry=reg,
        )  # fmt: skip
        self.http_latency = Histogram(
            "openbanana_http_request_duration_seconds", "HTTP request duration by route template.",
            ["method", "route"], buckets=HTTP_BUCKETS, registry=reg,
        )  # fmt: skip
        info = Gauge("openbanana_build_info", "Always 1; the server version as a label.", ["version"], registry=reg)
        info.labels(version=__version__).set(1)
        reg.register(_LiveCollector(runtime, database))

    # -- recording ---------------------------------------------------------------------------------------

    def observe(self, entry: UsageEntry) -> None:
        """Record one finished generate/stream request (or batch item), including 429s."""
        model = model_label(entry.model)
        status = word_label(entry.status, "unknown")
        self.latency.labels(model, size_label(entry.image_size), status).observe(max(0.0, entry.latency_ms) / 1000)
        self.requests.labels(
            model, word_label(entry.method, "unknown"), status, str(entry.http_status),
            "true" if entry.batch_id else "false",
        ).inc()  # fmt: skip
        counts = (
            ("input", "text", entry.input_text_tokens),
            ("input", "image", entry.input_image_tokens),
            ("output", "text", entry.output_text_tokens),
            ("output", "image", entry.output_image_tokens),
            ("output", "thought", entry.thought_tokens),
        )
        for direction, modality, n in counts:
            if n > 0:
                self.tokens.labels(model, direction, modality).inc(n)
        if entry.images > 0:
            self.images.labels(model, size_label(entry.image_size)).inc(entry.images)
        if entry.http_status == 429:
            self.rate_limited_total.labels(model).inc()

    def rate_limited(self, limit: str) -> None:
        """Record which limit refused a request (the quota service knows; the usage entry does not)."""
        self.quota_refusals.labels(limit if limit in LIMITS else "other").inc()

    def http_request(self, method: str, route: str, code: int, seconds: float) -> None:
        """Record one HTTP request; ``route`` must be a template (or ``unmatched``), never a raw path."""
        method = method if method in _METHODS else "other"
        self.http_requests.labels(method, route, str(code)).inc()
        self.http_latency.labels(method, route).observe(max(0.0, seconds))

    # -- exposition --------------------------------------------------------------------------------------

    def render(self, accept: str = "") -> tuple[bytes, str]:
        """The exposition the scraper asked for (``Accept``: OpenMetrics, or the Prometheus text format
        0.0.4 that every Prometheus version reads) and its content type."""
        encode, content_type = choose_encoder(accept)
        return encode(self.registry), content_type


_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


class _LiveCollector(Collector):
    """Gauges read when Prometheus scrapes, so they are never stale and cost nothing between scrapes."""

    def __init__(self, runtime: RuntimeGauges | None, database: Database | None) -> None:
        self.runtime = runtime
        self.database = database

    def describe(self) -> Iterable[Metric]:
        return []  # nothing to check at registration; names are unique to this module

    def collect(self) -> Iterator[Metric]:
        if self.runtime is not None:
            in_flight, workers = self.runtime.in_flight, self.runtime.workers
            yield _gauge("openbanana_in_flight_requests", "Generate/stream requests admitted (running or waiting).",
                         in_flight)  # fmt: skip
            yield _gauge("openbanana_queue_depth", "Admitted requests waiting for a worker thread.",
                         max(0, in_flight - workers))  # fmt: skip
            yield _gauge("openbanana_capacity", "Requests admitted at most (workers + queue); then 503.",
                         self.runtime.capacity)  # fmt: skip
            yield _gauge("openbanana_workers", "Generation worker threads.", workers)
        if self.database is not None:
            family = GaugeMetricFamily("openbanana_batch_items", "Batch requests not finished yet, by state.",
                                       labels=["state"])  # fmt: skip
            counts = {"pending": 0, "running": 0}
            try:
                with self.database.read() as session:
                    rows = session.execute(
                        select(BatchItemRow.state, func.count())
                        .where(BatchItemRow.state.in_(tuple(counts)))
                        .group_by(BatchItemRow.state)
                    ).all()
                counts.update({state: int(n) for state, n in rows})
                up = 1.0
            except Exception:  # a scrape must answer even when the database does not
                log.warning("metrics: counting batch items failed", exc_info=True)
                up = 0.0
            else:
                for state, n in counts.items():
                    family.add_metric([state], n)
                yield family
            yield _gauge("openbanana_database_up", "1 when the last scrape could query the database.", up)


def _gauge(name: str, doc: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, value=value)
