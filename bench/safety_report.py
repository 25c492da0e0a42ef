"""The safety suite's tables for ``docs/safety.md``: precision/recall per category and the benign
false-block rate on the suite (written before the lexicons) and on the holdout (written after, never
tuned on), plus the scoring speed and the cost of reading text in an input image.

    python bench/safety_report.py [--ocr]
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from openbanana.safety.classifier import LexiconClassifier
from openbanana.safety.evaluate import evaluate, load_cases

TESTS = Path(__file__).resolve().parents[1] / "tests" / "safety"


def ocr_timing() -> None:
    from PIL import Image, ImageDraw, ImageFont

    from openbanana.safety.gate import read_text

    for width, height in ((1024, 1024), (2048, 1536), (4096, 4096)):
        image = Image.new("RGB", (width, height), "white")
        ImageDraw.Draw(image).text((width // 10, height // 2), "GRAND OPENING SALE", fill="black",
                                   font=ImageFont.load_default(width // 16))  # fmt: skip
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        read_text(buf.getvalue())  # warm up (the first call loads the models)
        started = time.perf_counter()
        text = read_text(buf.getvalue())
        print(f"| {width}×{height} | {(time.perf_counter() - started) * 1000:.0f} ms | {text!r} |")


def main() -> None:
    started = time.perf_counter()
    classifier = LexiconClassifier()
    print(f"lexicons compiled in {(time.perf_counter() - started) * 1000:.0f} ms")
    classifier.score(["warm up"])
    for repeats in (1, 20, 100):
        text = "A poster with a red balloon and the words Grand Opening Sale " * repeats
        started = time.perf_counter()
        for _ in range(20):
            classifier.score([text])
        print(f"scoring a {len(text):,}-character prompt: {(time.perf_counter() - started) / 20 * 1000:.1f} ms")
    for name in ("prompts", "holdout"):
        report = evaluate(load_cases(TESTS / f"{name}.jsonl"), classifier)
        per = report.seconds / len(report.outcomes) * 1000
        print(f"\n### {name} ({len(report.outcomes)} prompts, {per:.2f} ms per prompt)\n\n{report.table()}")
        for outcome in report.misses():
            print(f"- missed [{outcome.case.expect}]: {outcome.case.text}")
    if "--ocr" in sys.argv:
        print("\n| Input image | OCR time | Read |\n|---|---:|---|")
        ocr_timing()


if __name__ == "__main__":
    main()
