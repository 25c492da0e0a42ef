"""The console script, run as a user would (subprocess for serve's refusal, CliRunner otherwise)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from openbanana.cli import app

runner = CliRunner()


def test_models_lists_every_model_and_the_size_table() -> None:
    result = runner.invoke(app, ["models", "--sizes"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for name in ("gemini-3.1-flash-image-preview", "gemini-3-pro-image-preview", "gemini-2.5-flash-image"):
        assert name in result.output
    assert "4096x512" in result.output and "64x512" in result.output


def test_generate_writes_an_image_of_the_exact_size(tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    result = runner.invoke(
        app, ["generate", 'A sign that says "Open"', "--aspect-ratio", "4:1", "--size", "512", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    with Image.open(out) as img:
        assert img.size == (512, 128)


def test_generate_also_writes_the_scene_svg_and_plan(tmp_path: Path) -> None:
    out, svg, plan = tmp_path / "x.png", tmp_path / "x.svg", tmp_path / "x.json"
    args = ["generate", 'A poster "Hello"', "--size", "512", "--seed", "3", "-o", str(out)]
    result = runner.invoke(app, [*args, "--svg", str(svg), "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    document = svg.read_text(encoding="utf-8")
    assert document.startswith("<svg") and 'width="512" height="512"' in document
    data = json.loads(plan.read_text(encoding="utf-8"))
    assert data["generator"] == "compose" and [t["text"] for t in data["texts"]] == ["Hello"]
    # The SVG is the picture: rasterised again it gives the same pixels as the PNG.
    from openbanana.generators.compose.render import rasterize

    again = Image.open(io.BytesIO(rasterize(document, 512, 512))).convert("RGB")
    with Image.open(out) as img:
        assert again.tobytes() == img.convert("RGB").tobytes()


def test_generate_rejects_a_size_the_model_lacks(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "generate",
            "a cat",
            "--model",
            "gemini-2.5-flash-image",
            "--size",
            "2K",
            "-o",
            str(tmp_path / "y.png"),
        ],
    )
    assert result.exit_code == 2
    assert "INVALID_ARGUMENT" in result.output and "1K" in result.output
    assert not (tmp_path / "y.png").exists()


def test_serve_refuses_a_public_address_without_keys() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "openbanana", "serve", "--host", "0.0.0.0", "--port", "1"],
        capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert proc.returncode != 0
    assert "refusing to listen on 0.0.0.0" in proc.stderr
