"""Every aspect ratio and size of every model through the SDK, with exact pixel sizes, against the
real default generator. The full matrix (96 images, 24 of them 4K) runs once, with the newest SDK
(``slow``); the other two SDK lines run a representative subset covering every model and size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.api.expected import MODEL_LIMITS, PIXELS, full_matrix
from tests.sdk.conftest import run_scenario, unwrap
from tests.support.server import LiveServer

pytestmark = pytest.mark.sdk

FULL_MATRIX_SDK = "3.4.0"
SUBSET: list[tuple[str, str, str]] = [
    ("gemini-3.1-flash-image-preview", "1:8", "512"),
    ("gemini-3.1-flash-image-preview", "21:9", "1K"),
    ("gemini-3.1-flash-image-preview", "4:1", "2K"),
    ("gemini-3.1-flash-image-preview", "9:16", "4K"),
    ("gemini-3-pro-image-preview", "3:2", "1K"),
    ("gemini-3-pro-image-preview", "4:5", "2K"),
    ("gemini-3-pro-image-preview", "16:9", "4K"),
    ("gemini-2.5-flash-image", "5:4", "1K"),
]


def _check(result: dict[str, Any], cases: list[tuple[str, str, str]]) -> None:
    rows = unwrap(result)["results"]
    assert [tuple(r["case"]) for r in rows] == cases
    wrong = []
    for row in rows:
        model, ratio, size = row["case"]
        assert "error" not in row, row
        images = row["images"]
        assert len(images) == 1, row
        assert images[0]["mime"] == "image/png" and images[0]["signed"]
        with Image.open(images[0]["path"]) as img:
            img.load()
            got = (img.format, img.size)
        if got != ("PNG", PIXELS[ratio][size]):
            wrong.append(f"{model} {ratio} {size}: got {got}, want {PIXELS[ratio][size]}")
    assert not wrong, "\n".join(wrong)


def test_subset_covers_every_model_and_size() -> None:
    for model, (_, sizes) in MODEL_LIMITS.items():
        assert {s for m, _, s in SUBSET if m == model} == set(sizes)


@pytest.mark.parametrize("version", ["1.75.0", "2.34.0"])
def test_size_subset(version: str, sdk_server: LiveServer, tmp_path: Path) -> None:
    args = {"out": str(tmp_path), "cases": SUBSET, "workers": 2}
    _check(run_scenario(version, "matrix", sdk_server.base_url, args, timeout=300), SUBSET)


@pytest.mark.slow
def test_full_size_matrix(sdk_server: LiveServer, tmp_path: Path) -> None:
    """gemini-3.1-flash-image-preview 14 ratios x 512/1K/2K/4K, gemini-3-pro-image-preview 10 x
    1K/2K/4K, gemini-2.5-flash-image 10 x 1K."""
    cases = full_matrix()
    assert len(cases) == 14 * 4 + 10 * 3 + 10
    args = {"out": str(tmp_path), "cases": cases, "workers": 2}
    _check(run_scenario(FULL_MATRIX_SDK, "matrix", sdk_server.base_url, args, timeout=600), cases)
