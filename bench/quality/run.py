"""Running the suite: every case through the real engine at each thinking level, judged on the pixels.

Each case runs in-process exactly as the server would run it (``Engine.run`` on an ``ImageRequest`` for
``gemini-3.1-flash-image-preview`` with the case's ratio, size and a seed derived from its id), so
results are deterministic per case and level. Cases run in a process pool; each worker keeps its own
engine, fonts, icon library and OCR models.
"""

from __future__ import annotations

import io
import os
import time
import traceback
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from bench.quality.judge import Check, judge
from bench.quality.prompts import Case
from openbanana.catalog.models import NANO_BANANA_2
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.engine import Engine
from openbanana.engine.events import OutputImage
from openbanana.engine.request import ImageRequest, ThinkingConfig, ThinkingLevel, Turn
from openbanana.generators.compose import ComposeGenerator

LEVELS: dict[str, ThinkingLevel] = {"minimal": ThinkingLevel.MINIMAL, "high": ThinkingLevel.HIGH}
#: Thumbnails for the contact sheet fit in a square of this many pixels.
THUMB = 180


@dataclass
class Outcome:
    case: Case
    level: str
    #: Engine time (plan, render, the engine's own checks and corrections), seconds.
    seconds: float
    #: Time spent judging the output, seconds.
    judge_seconds: float = 0.0
    checks: list[Check] = field(default_factory=list)
    error: str = ""
    #: JPEG thumbnail of the output (None when there is none).
    thumb: bytes | None = None
    kind: str = ""

    @property
    def passed(self) -> bool:
        """Every measurable check passed (and there was no error)."""
        return not self.error and all(c.passed is not False for c in self.checks)

    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.passed is False]


def seed_of(case: Case) -> int:
    return zlib.crc32(case.id.encode("utf-8")) & 0x7FFFFFFF


def request_for(case: Case, level: str) -> ImageRequest:
    return ImageRequest(
        model=NANO_BANANA_2,
        turns=(Turn("user", (case.prompt,)),),
        output=pixel_size(case.ratio, case.size),
        seed=seed_of(case),
        thinking=ThinkingConfig(level=LEVELS[level]),
    )


_engine: Engine | None = None


def engine() -> Engine:
    """This process' engine (one per worker)."""
    global _engine
    if _engine is None:
        _engine = Engine(ComposeGenerator())
    return _engine


def thumbnail(png: bytes, size: int = THUMB) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def run_case(case: Case, level: str, thumbs: bool = True) -> Outcome:
    """One case at one level: generate, then judge. Any exception is the case's failure, not the run's."""
    request = request_for(case, level)
    start = time.perf_counter()
    try:
        events = engine().run(request)
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"
        outcome = Outcome(case, level, time.perf_counter() - start, error=detail)
        outcome.checks = [Check("error", "engine", False, detail + "\n" + traceback.format_exc(limit=3))]
        return outcome
    seconds = time.perf_counter() - start
    image = next((e for e in events if isinstance(e, OutputImage)), None)
    if image is None:
        return Outcome(case, level, seconds, error="no image", checks=[Check("error", "engine", False, "no image")])
    start = time.perf_counter()
    try:
        checks = judge(case, image.png, image.plan, request.output.width, request.output.height)
    except Exception as exc:  # a checker bug must show, not abort the whole suite
        checks = [Check("error", "judge", False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}")]
    return Outcome(
        case,
        level,
        seconds,
        time.perf_counter() - start,
        checks,
        thumb=thumbnail(image.png) if thumbs else None,
        kind=str(image.plan.get("kind", "")),
    )


def _task(args: tuple[Case, str, bool]) -> Outcome:
    return run_case(*args)


def run_all(
    cases: Iterable[Case],
    levels: Iterable[str],
    jobs: int = 2,
    thumbs: bool = True,
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """Every case at every level, ``jobs`` at a time (1: in this process). Results come back in
    (level, case) order whatever order they finished in."""
    tasks = [(c, lvl, thumbs) for lvl in levels for c in cases]
    results: dict[int, Outcome] = {}
    if jobs <= 1:
        for i, t in enumerate(tasks):
            results[i] = _task(t)
            if progress:
                progress(results[i], len(results), len(tasks))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_task, t): i for i, t in enumerate(tasks)}
            for fut in as_completed(futures):
                results[futures[fut]] = fut.result()
                if progress:
                    progress(results[futures[fut]], len(results), len(tasks))
    return [results[i] for i in range(len(tasks))]


def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))
