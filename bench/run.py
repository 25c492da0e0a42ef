"""End-to-end HTTP latency of generateContent, and the API's own overhead.

One command (from the repository root, after ``scripts/setup.sh``)::

    .venv/bin/python bench/run.py            # writes docs/benchmarks.md
    .venv/bin/python bench/run.py --quick    # fewer iterations, prints only

What is measured, all over loopback against a real ``openbanana serve`` subprocess:

* **HTTP latency (compose)**: request sent → whole JSON response received and parsed, p50/p95, at
  512, 1K, 2K and 4K (1:1), sequential requests on a keep-alive connection, distinct seeds.
* **In-process engine time (compose)**: the same requests run through ``Engine.run`` directly, so the
  difference to the HTTP numbers is what the server adds (parsing, validation, base64, JSON, HTTP).
* **HTTP latency (noop generator)**: a generator that returns a cached PNG, i.e. the API alone.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.server import start_server  # noqa: E402

PROMPT = (
    'A flat illustrated poster of a red fox and a cup of coffee in a forest at sunrise, titled "Morning Trail" '
    'with the caption "Fresh coffee, 6 km ahead"'
)
SIZES = ("512", "1K", "2K", "4K")
MODEL = "gemini-3.1-flash-image-preview"


def _body(size: str, seed: int) -> dict[str, object]:
    return {
        "contents": [{"role": "user", "parts": [{"text": PROMPT}]}],
        "generationConfig": {
            "responseModalities": ["IMAGE"],
            "seed": seed,
            "imageConfig": {"aspectRatio": "1:1", "imageSize": size},
        },
    }


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def http_latency(base_url: str, size: str, n: int, warmup: int) -> list[float]:
    url = f"{base_url}/v1beta/models/{MODEL}:generateContent"
    out: list[float] = []
    with httpx.Client(timeout=120) as client:
        for i in range(warmup + n):
            start = time.perf_counter()
            response = client.post(url, json=_body(size, 1000 + i))
            response.json()
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise RuntimeError(f"{size}: HTTP {response.status_code}: {response.text[:200]}")
            if i >= warmup:
                out.append(elapsed * 1000)
    return out


def engine_latency(size: str, n: int, warmup: int) -> list[float]:
    from openbanana.api.gemini import inbound
    from openbanana.api.gemini.schemas import GenerateContentRequest
    from openbanana.engine.engine import Engine
    from openbanana.generators.registry import create_generator

    engine = Engine(create_generator("compose"))
    spec = inbound.resolve_model(MODEL, "v1beta")
    out: list[float] = []
    for i in range(warmup + n):
        request = inbound.to_image_request(GenerateContentRequest.model_validate(_body(size, 1000 + i)), spec)
        start = time.perf_counter()
        engine.run(request)
        if i >= warmup:
            out.append((time.perf_counter() - start) * 1000)
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, {platform.system()}"


@dataclass(frozen=True)
class Row:
    """Latencies in milliseconds for one size."""

    size: str
    n: int
    http: list[float]
    engine: list[float]
    noop: list[float]


def run(iterations: int, warmup: int) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        compose = start_server(Path(tmp), generator="compose")
        noop = start_server(Path(tmp), generator="noop")
        try:
            for size in SIZES:
                n = iterations if size != "4K" else max(5, iterations // 3)
                http = http_latency(compose.base_url, size, n, warmup)
                local = engine_latency(size, n, warmup)
                bare = http_latency(noop.base_url, size, n, warmup)
                rows.append(Row(size, n, http, local, bare))
                print(
                    f"{size:>4}: compose HTTP p50 {_pct(http, 0.5):7.1f} ms p95 {_pct(http, 0.95):7.1f} | "
                    f"in-process p50 {_pct(local, 0.5):7.1f} | noop HTTP p50 {_pct(bare, 0.5):5.1f} "
                    f"p95 {_pct(bare, 0.95):5.1f} ms",
                    flush=True,
                )
        finally:
            compose.stop()
            noop.stop()
    return rows


def render_markdown(rows: list[Row], iterations: int) -> str:
    targets = {"1K": 150.0, "4K": 1500.0}
    lines = [
        "# Benchmarks",
        "",
        "Generated by `.venv/bin/python bench/run.py` — do not edit by hand.",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {machine()}",
        f"- openbanana commit: {_commit()}",
        f"- Request: `{MODEL}`, 1:1, IMAGE modality, a poster prompt with two quoted strings and two "
        "illustrated subjects, a new seed per request, sequential requests on one keep-alive connection, "
        f"{iterations} timed requests per size (4K: fewer) after warm-up.",
        "",
        "## End-to-end HTTP latency (compose generator) and API overhead",
        "",
        "| size | pixels | compose HTTP p50 | p95 | in-process engine p50 | HTTP − engine (p50) | noop HTTP p50 | "
        "noop p95 | target p50 | met? |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    from openbanana.catalog.sizes import pixel_size

    for row in rows:
        size, http, local, noop = row.size, row.http, row.engine, row.noop
        px = pixel_size("1:1", size)
        target = targets.get(size)
        met = "-" if target is None else ("yes" if _pct(http, 0.5) <= target else "no")
        lines.append(
            f"| {size} | {px.width}×{px.height} | {_pct(http, 0.5):.1f} ms | {_pct(http, 0.95):.1f} ms | "
            f"{_pct(local, 0.5):.1f} ms | {_pct(http, 0.5) - _pct(local, 0.5):.1f} ms | {_pct(noop, 0.5):.1f} ms | "
            f"{_pct(noop, 0.95):.1f} ms | {f'{target:.0f} ms' if target else '-'} | {met} |"
        )
    overhead = statistics.median(_pct(r.noop, 0.5) for r in rows)
    lines += [
        "",
        f"API overhead (noop generator, median of the per-size p50s): **{overhead:.1f} ms** (target ≤ 5 ms).",
        "",
        "How to read it: *compose HTTP* is what a client sees. *in-process engine* is the same work without the "
        "server; the difference is parsing, validation, base64 and JSON encoding of the image, and HTTP. "
        "*noop HTTP* is the whole API path around a generator that does nothing.",
        "",
    ]
    return "\n".join(lines)


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5 iterations, print only")
    args = parser.parse_args()
    iterations = 5 if args.quick else args.iterations
    rows = run(iterations, 1 if args.quick else args.warmup)
    if not args.quick:
        out = ROOT / "docs" / "benchmarks.md"
        out.write_text(render_markdown(rows, iterations))
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
