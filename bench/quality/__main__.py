"""``python -m bench.quality``: run the quality suite and write ``docs/quality.md`` plus a contact sheet.

From the repository root::

    .venv/bin/python -m bench.quality                       # all prompts, MINIMAL and HIGH, 2 jobs
    .venv/bin/python -m bench.quality --only chart,ui --levels high   # partial: written to a temp folder
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.quality import prompts, report, run


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="minimal,high", help="comma-separated thinking levels (minimal, high)")
    parser.add_argument("--only", default="", help="comma-separated categories (default: all)")
    parser.add_argument("--limit", type=int, default=0, help="run only the first N prompts (after --only)")
    parser.add_argument("--jobs", type=int, default=run.default_jobs(), help="worker processes (default: 2)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where quality.md and the sheet go (default: docs/ for a full run, a temporary folder for a partial one)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-prompt progress lines")
    args = parser.parse_args(argv)
    levels = [lvl.strip().lower() for lvl in args.levels.split(",") if lvl.strip()]
    unknown = [lvl for lvl in levels if lvl not in run.LEVELS]
    if unknown or not levels:
        parser.error(f"unknown level(s) {unknown}; choose from {', '.join(run.LEVELS)}")
    only = [c.strip() for c in args.only.split(",") if c.strip()]
    bad = [c for c in only if c not in prompts.CATEGORIES]
    if bad:
        parser.error(f"unknown categories {bad}; choose from {', '.join(prompts.CATEGORIES)}")
    args.levels, args.only = levels, only
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    cases = [c for c in prompts.load() if not args.only or c.category in args.only]
    if args.limit:
        cases = cases[: args.limit]

    def progress(o: run.Outcome, done: int, total: int) -> None:
        if not args.quiet:
            mark = "pass" if o.passed else "FAIL"
            print(f"[{done:>3}/{total}] {o.level:<7} {mark} {o.seconds:5.2f}s {o.case.id}", flush=True)

    start = time.perf_counter()
    outcomes = run.run_all(cases, args.levels, jobs=args.jobs, progress=progress)
    wall = time.perf_counter() - start
    partial = bool(args.only or args.limit)
    out = args.out or (Path(tempfile.gettempdir()) / "openbanana-quality" if partial else Path("docs"))
    path = report.write(outcomes, out, wall, partial=partial, jobs=args.jobs)
    for level in args.levels:
        mine = [o for o in outcomes if o.level == level]
        print(f"{level.upper()}: {sum(o.passed for o in mine)}/{len(mine)} prompts pass")
    print(f"wrote {path} in {wall:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
