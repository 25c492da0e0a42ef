"""The suite's report: ``quality.md`` (pass rates side by side per level) and a contact sheet image."""

from __future__ import annotations

import io
import math
import os
import platform
import statistics
import subprocess
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.quality.ocrtext import SCRIPT_GROUPS, script_group
from bench.quality.prompts import CATEGORIES
from bench.quality.run import THUMB, Outcome

COMMAND = ".venv/bin/python -m bench.quality"
SHEET_NAME = "quality-contact-sheet.jpg"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() + (" (with uncommitted changes under src/)" if dirty.stdout.strip() else "")


def _rate(passed: int, total: int) -> str:
    return f"{passed / total:.0%} ({passed}/{total})" if total else "–"


def _by_level(outcomes: Sequence[Outcome]) -> dict[str, list[Outcome]]:
    out: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        out[o.level].append(o)
    return out


Tally = tuple[int, int, int]


def _tally(items: Sequence[Outcome], pick: str) -> dict[str, Tally]:
    """key → (passed, measured, not measured); ``pick`` is "name" (check kind) or "script" (OCR checks)."""
    rates: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for o in items:
        for c in o.checks:
            if pick == "script" and c.name != "ocr":
                continue
            key = c.script if pick == "script" else c.name
            if c.passed is None:
                rates[key][2] += 1
            else:
                rates[key][1] += 1
                rates[key][0] += int(c.passed)
    return {k: (v[0], v[1], v[2]) for k, v in rates.items()}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def heads(names: Sequence[str]) -> list[str]:
    return [n.upper() for n in names]


def _prompt_rate(items: Sequence[Outcome]) -> str:
    return _rate(sum(o.passed for o in items), len(items))


SCRIPT_LABELS = {"latin": "Latin + accented Latin", "cjk": "CJK", "other": "other scripts (where OCR exists)"}

INTRO = (
    "{n} prompts in {c} categories, each run in-process through the real engine "
    "(`gemini-3.1-flash-image-preview`, compose generator, a fixed seed per prompt) at each thinking level and "
    "judged on the output pixels: exact size; OCR of every quoted string (exact, whitespace-insensitive); "
    "counted subjects (plan illustrations re-rendered alone and compared with the output inside their alpha "
    "mask: only visible ones count); the colour category of a named object's visible pixels; relations between "
    "the objects' pixel masks (left/right, above/below, on, under, inside, occlusion for in front/behind, rings, "
    "rows, corners); relative and absolute sizes; bar lengths, wedge angles and line heights followed on the "
    "pixels within 3 % of the prompt's numbers; visible panels; scene, time of day, weather and style (plan plus "
    "a pixel measure where one exists). The prompts are in `bench/quality/cases_*.py`, the measures in "
    "`bench/quality/`, and `tests/bench/test_quality.py` shows each measure passing a right image and failing a "
    "wrong one."
)


#: How each check is measured (the report's reference table).
MEASURES: dict[str, str] = {
    "size": "the PNG's pixel size equals the size asked for",
    "ocr": "rapidocr (Latin, CJK) or tesseract (Hebrew, Arabic) reads the quoted string exactly (whitespace- and "
    "NFKC-insensitive) in some reading order of the image or of the element's region",
    "glyphs": "stands in for `ocr` where no OCR reads the script: the string is in the plan and every character has "
    "a glyph",
    "labels": "like `ocr` for unquoted words the prompt asks to label, case-insensitive",
    "present": "at least one plan illustration of the subject (icon or head noun, e.g. dog-face for puppies) is "
    "visible: re-rendered alone, ≥ 60 % of its alpha mask matches the output (or luminance correlates ≥ 0.6) "
    "and ≥ 50 % of it is on the canvas",
    "count": "the number of visible illustrations of the subject equals the number asked for",
    "color": "every visible instance's masked pixels, classified into basic colour categories in CIELAB, have the "
    "named colour as their most common chromatic category and ≥ 30 % share",
    "relation": "on the visible masks: centres offset by ≥ 25 % of the objects' size (left/right/above/below); "
    "bottom edge on the other's top half and overlapping (on); occluding pixels (in front/behind); bounding box "
    "within (inside); ≥ 3 around with no gap over 150° (surrounded)",
    "position": "mask centre in the named third/corner of the canvas",
    "row": "exactly N visible, centres level within half a height and spaced at least half a width",
    "bigger": "linear size (longer side of the mask's box) ratio at least as asked",
    "scale": "linear size as a fraction of the canvas' short side (tiny ≤ 0.18, small ≤ 0.3, large ≥ 0.4, huge ≥ 0.5)",
    "kind": "the plan's document kind",
    "bars": "bars located from the plan's rects on a shared baseline; their length followed on the pixels by fill "
    "colour; within 3 % of the largest",
    "pie": "share of a ring through the wedges showing each wedge's fill; within 3 % of the largest",
    "line": "height of the stroke colour at each point's x; linear in the values within 3 % of the range",
    "panels": "outermost equal rectangles whose outline (or distinct fill) shows along their edges; count as asked",
    "scene": "the plan's background kind",
    "time": "plan time of day, and the sky's pixels: night L* ≤ 35, sunset ≥ 40 % warm, day L* ≥ 55",
    "weather": "the plan draws it (a decoration, layer, finish or shape named rain/snow/fog/lightning)",
    "style": "the plan's style, and a pixel look where one exists (pastel: light and soft; dark; neon: dark with "
    "bright saturated light; pop: ≥ 30 % strongly coloured; minimal: ≥ 40 % one flat colour)",
    "text_color": "letters (pixels ΔE > 20 from their OCR box's border) have the named colour",
    "text_at": "the OCR box of the text lies in the named part of the canvas",
    "largest": "the text's OCR line height is the largest on the image",
    "contrast": "for every quoted string OCR read: WCAG contrast of its letters (the pixels farthest from the "
    "commonest colour in its OCR box) against that colour reaches AAA, 7:1 (4.5:1 for lines ≥ 30 px)",
    "font": "the plan sets the text in the named family",
    "error": "the engine or the checker raised (always a failure)",
}


def _measures() -> list[str]:
    return ["## How each check is measured", "", *_table(["check", "passes when"], list(MEASURES.items()))]


def _header(levels: dict[str, list[Outcome]], wall: float, partial: bool, jobs: int) -> list[str]:
    outcomes = [o for items in levels.values() for o in items]
    intro = INTRO.format(n=len({o.case.id for o in outcomes}), c=len({o.case.category for o in outcomes}))
    run_note = " — **partial run** (`--only` / `--limit`)" if partial else ""
    return [
        "# Quality suite",
        "",
        intro,
        "",
        f"Run it from the repository root: `{COMMAND}` (options: `--levels minimal,high`, `--only <category>`, "
        "`--limit N`, `--jobs N`, `--out docs/`). It rewrites this file and the contact sheet.",
        "",
        f"- Machine: {machine()}",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; commit {commit()}",
        f"- Wall time of this run: {wall:.0f} s on {os.cpu_count()} cores with {jobs} worker process(es); engine "
        f"times below are per prompt, measured while the workers shared the cores{run_note}",
    ]


def _summary(levels: dict[str, list[Outcome]], names: list[str]) -> list[str]:
    rows = [["prompts passing every check", *(_prompt_rate(levels[n]) for n in names)]]
    for group in SCRIPT_GROUPS:
        per = [_tally(levels[n], "script").get(group, (0, 0, 0)) for n in names]
        rows.append([f"quoted-text OCR exact match, {SCRIPT_LABELS[group]}", *(_rate(p, m) for p, m, _u in per)])
    checks = [sum(c.passed is True for o in levels[n] for c in o.checks) for n in names]
    totals = [sum(c.passed is not None for o in levels[n] for c in o.checks) for n in names]
    rows.append(["individual checks passing", *(_rate(p, t) for p, t in zip(checks, totals, strict=True))])
    for n in names:
        secs = sorted(o.seconds for o in levels[n])
        p95 = secs[int(0.95 * (len(secs) - 1))]
        cell = f"{sum(secs):.0f} s total, {statistics.mean(secs):.2f} s mean, {p95:.2f} s p95"
        rows.append([f"engine time per prompt, {n.upper()}", *(cell if m == n else "" for m in names)])
    lines = ["## Summary", "", *_table(["", *(n.upper() for n in names)], rows)]
    if "minimal" in levels and "high" in levels:
        low = {o.case.id: o.passed for o in levels["minimal"]}
        better = sum(1 for o in levels["high"] if o.passed and not low.get(o.case.id, False))
        worse = sum(1 for o in levels["high"] if low.get(o.case.id, False) and not o.passed)
        lines += [
            "",
            f"Paired by prompt: HIGH passes {better} prompt(s) that MINIMAL fails, and fails {worse} that "
            "MINIMAL passes.",
        ]
    return lines


def _floor_pct(rate: float) -> str:
    """A percentage rounded down to 0.1 (98.99 % must not print as 99.0 % next to "not met")."""
    return f"{math.floor(rate * 1000) / 10:.1f}%"


def _targets(levels: dict[str, list[Outcome]], names: list[str]) -> list[str]:
    """The issue's acceptance targets, each stated as met or not."""
    rows = []
    for group in ("latin", "cjk"):
        for n in names:
            passed, measured, _u = _tally(levels[n], "script").get(group, (0, 0, 0))
            rate = passed / measured if measured else None
            shown = "not measured" if rate is None else f"{_floor_pct(rate)} ({passed}/{measured})"
            met = "–" if rate is None else ("met" if rate >= 0.99 else "**not met**")
            rows.append([f"{SCRIPT_LABELS[group]} quoted-text OCR exact match ≥ 99 % ({n.upper()})", shown, met])
    if "minimal" in levels and "high" in levels:
        lo = sum(o.passed for o in levels["minimal"]) / len(levels["minimal"])
        hi = sum(o.passed for o in levels["high"]) / len(levels["high"])
        verdict = "met" if hi > lo else "**not met**"
        rows.append(
            ["HIGH thinking beats MINIMAL (prompt pass rate)", f"{_floor_pct(hi)} vs {_floor_pct(lo)}", verdict]
        )
    return ["## Targets", "", *_table(["target", "measured", ""], rows)]


def _categories(levels: dict[str, list[Outcome]], names: list[str]) -> list[str]:
    rows = []
    for cat, what in CATEGORIES.items():
        per = [[o for o in levels[n] if o.case.category == cat] for n in names]
        if per[0]:
            rows.append([cat, what, str(len(per[0])), *(_prompt_rate(p) for p in per)])
    return [
        "## Pass rate per category",
        "",
        *_table(["category", "covers", "prompts", *(n.upper() for n in names)], rows),
    ]


def _checks(levels: dict[str, list[Outcome]], names: list[str]) -> list[str]:
    tallies = [_tally(levels[n], "name") for n in names]
    keys = sorted({k for t in tallies for k in t}, key=lambda k: (k != "size", k))
    rows = [[k, *(_rate(*t.get(k, (0, 0, 0))[:2]) for t in tallies)] for k in keys]
    lines = [
        "## Pass rate per check",
        "",
        "A prompt passes when every one of its checks passes; here each check counts once.",
        "",
        *_table(["check", *(n.upper() for n in names)], rows),
    ]
    unmeasured = tallies[0].get("ocr", (0, 0, 0))[2]
    if unmeasured:
        lines += [
            "",
            f"{unmeasured} OCR check(s) per level could not be measured (no OCR for that script on this "
            "machine); they count neither as passed nor as failed, and a glyph-coverage check (`glyphs`) "
            "stands in for them.",
        ]
    script = [_tally(levels[n], "script") for n in names]
    rows = [
        [SCRIPT_LABELS[g], *(_rate(*t.get(g, (0, 0, 0))[:2]) for t in script), str(script[0].get(g, (0, 0, 0))[2])]
        for g in SCRIPT_GROUPS
    ]
    return [*lines, "", "### OCR exact match by script", "", *_table(["script", *heads(names), "not measured"], rows)]


def _failures(levels: dict[str, list[Outcome]], names: list[str]) -> list[str]:
    lines = ["## Failures", ""]
    for n in names:
        failed = [o for o in levels[n] if not o.passed]
        lines += [f"<details><summary>{n.upper()}: {len(failed)} prompt(s) failing</summary>", ""]
        for o in failed:
            reasons = "; ".join(f"{c.name} {c.target}: {c.detail.splitlines()[0]}" for c in o.failures())
            lines.append(f"- `{o.case.id}` ({o.case.category}) “{o.case.prompt}” — {reasons}")
        lines += ["", "</details>", ""]
    return lines


def markdown(outcomes: Sequence[Outcome], wall: float, partial: bool, sheet: str | None, jobs: int = 1) -> str:
    levels = _by_level(outcomes)
    names: list[str] = [lvl for lvl in ("minimal", "high") if lvl in levels]
    sections = [
        _header(levels, wall, partial, jobs),
        _targets(levels, names),
        _summary(levels, names),
        _categories(levels, names),
        _checks(levels, names),
    ]
    if sheet:
        sections.append(
            [
                "## Contact sheet",
                "",
                f"Every {names[-1].upper()} result, in the order above (green frame: "
                "every check passed; red: a check failed).",
                "",
                f"![contact sheet]({sheet})",
            ]
        )
    sections.append(_measures())
    sections.append(_failures(levels, names))
    return "\n\n".join("\n".join(s) for s in sections).rstrip() + "\n"


#: Caption fonts: the vendored Noto Sans, and a system Noto CJK for captions with CJK text (if installed).
CAPTION_FONT = Path(__file__).resolve().parents[2] / "src/openbanana/assets/fonts/NotoSans-Regular.ttf"
CAPTION_CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _caption_fonts() -> tuple[Any, Any]:
    from PIL import ImageFont

    latin: Any = ImageFont.truetype(str(CAPTION_FONT), 12) if CAPTION_FONT.is_file() else ImageFont.load_default()
    cjk: Any = ImageFont.truetype(str(CAPTION_CJK_FONT), 12) if CAPTION_CJK_FONT.is_file() else latin
    return latin, cjk


def contact_sheet(outcomes: Sequence[Outcome], columns: int = 13) -> bytes:
    """A grid of thumbnails with captions (category, short prompt), framed green or red."""
    from PIL import Image, ImageDraw

    items = [o for o in outcomes if o.thumb]
    pad = 5
    cell_w, cell_h = THUMB + 2 * pad, THUMB + 50
    rows = max(1, -(-len(items) // columns))
    sheet = Image.new("RGB", (columns * cell_w, rows * cell_h), "#f4f4f4")
    draw = ImageDraw.Draw(sheet)
    font, cjk_font = _caption_fonts()
    for i, o in enumerate(items):
        x, y = (i % columns) * cell_w, (i // columns) * cell_h
        assert o.thumb is not None
        thumb = Image.open(io.BytesIO(o.thumb))
        ox, oy = x + (cell_w - thumb.width) // 2, y + pad + (THUMB - thumb.height) // 2
        color = "#2e7d32" if o.passed else "#c62828"
        draw.rectangle([ox - 3, oy - 3, ox + thumb.width + 2, oy + thumb.height + 2], fill=color)
        sheet.paste(thumb, (ox, oy))
        script = script_group(o.case.prompt)
        prompt = o.case.prompt if script != "other" else f"{o.case.id} (script not in the caption font)"
        prompt = prompt if len(prompt) <= 28 else prompt[:27] + "…"
        draw.text((x + pad, y + THUMB + 12), o.case.category, fill=color, font=font)
        draw.text((x + pad, y + THUMB + 28), prompt, fill="#222222", font=cjk_font if script == "cjk" else font)
    buf = io.BytesIO()
    sheet.save(buf, "JPEG", quality=76, optimize=True)
    return buf.getvalue()


def write(outcomes: Sequence[Outcome], out: Path, wall: float, partial: bool, jobs: int = 1) -> Path:
    """Write ``quality.md`` and the contact sheet into ``out``; returns the markdown path."""
    out.mkdir(parents=True, exist_ok=True)
    levels = _by_level(outcomes)
    shown = levels.get("high") or next(iter(levels.values()), [])
    sheet = None
    if any(o.thumb for o in shown):
        (out / SHEET_NAME).write_bytes(contact_sheet(shown))
        sheet = SHEET_NAME
    path = out / "quality.md"
    path.write_text(markdown(outcomes, wall, partial, sheet, jobs), encoding="utf-8")
    return path
