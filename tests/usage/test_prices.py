"""Price math against Google's published per-image prices, and override files (TOML/JSON, bad ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbanana.usage.base import UsageEntry
from openbanana.usage.prices import PriceTable, image_tokens


def image_entry(model: str, size: str | None, *, tokens: int = 0, batch: str | None = None) -> UsageEntry:
    return UsageEntry(
        id="u", request_id="r", key_id="k", model=model, method="generateContent", http_status=200, status="OK",
        images=1, image_size=size, output_image_tokens=tokens, batch_id=batch,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("model", "size", "usd"),
    [
        ("gemini-2.5-flash-image", "1K", 0.0387),  # Google: $0.039 per image
        ("gemini-3.1-flash-image-preview", "512", 0.04482),  # $0.045
        ("gemini-3.1-flash-image-preview", "1K", 0.0672),  # $0.067
        ("gemini-3.1-flash-image-preview", "2K", 0.1008),  # $0.101
        ("gemini-3.1-flash-image-preview", "4K", 0.1512),  # $0.151
        ("gemini-3-pro-image-preview", "1K", 0.1344),  # $0.134
        ("gemini-3-pro-image-preview", "2K", 0.1344),  # $0.134
        ("gemini-3-pro-image-preview", "4K", 0.24),  # $0.24
        ("models/nano-banana-2", None, 0.0672),  # alias, default size
    ],
)
def test_one_image_costs_what_google_publishes(model: str, size: str | None, usd: float) -> None:
    prices = PriceTable.default()
    # Tokens from the catalog when the entry only counted the image, or given explicitly: same cost.
    assert prices.cost(image_entry(model, size)) == pytest.approx(usd)
    tokens = image_tokens(model, size)
    assert prices.cost(image_entry(model, size, tokens=tokens)) == pytest.approx(usd)
    assert prices.cost(image_entry(model, size, batch="b")) == pytest.approx(usd / 2)


def test_text_and_thinking_tokens() -> None:
    entry = UsageEntry(
        id="u", request_id="r", key_id="k", model="gemini-3-pro-image-preview", method="generateContent",
        http_status=200, status="OK", input_text_tokens=1_000_000, input_image_tokens=560,
        output_text_tokens=100, thought_tokens=900,
    )  # fmt: skip
    assert PriceTable.default().cost(entry) == pytest.approx(2.0 + 560 * 2 / 1e6 + 1000 * 12 / 1e6)


def test_unknown_model_costs_nothing() -> None:
    assert PriceTable.default().cost(image_entry("someone-elses-model", "1K", tokens=5000)) == 0.0


def test_toml_override_merges(tmp_path: Path) -> None:
    path = tmp_path / "prices.toml"
    path.write_text(
        'batch_multiplier = 0.25\n[models."gemini-2.5-flash-image"]\noutput_image = 10.0\n'
        '[models."my-model"]\ninput_text = 1\ninput_image = 1\noutput_text = 1\noutput_image = 1\n'
    )
    table = PriceTable.load(path)
    assert table.source == str(path)
    assert table.cost(image_entry("gemini-2.5-flash-image", "1K")) == pytest.approx(0.0129)
    assert table.cost(image_entry("gemini-2.5-flash-image", "1K", batch="b")) == pytest.approx(0.0129 / 4)
    assert table.price_of("gemini-2.5-flash-image").input_text == 0.30  # type: ignore[union-attr]
    assert table.cost(image_entry("my-model", None, tokens=1_000_000)) == pytest.approx(1.0)
    assert table.price_of("gemini-3-pro-image-preview") == PriceTable.default().price_of("gemini-3-pro-image-preview")


def test_json_override_by_alias(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text('{"models": {"nano-banana-2": {"output_image": 0}}}')
    assert PriceTable.load(path).cost(image_entry("gemini-3.1-flash-image-preview", "1K")) == 0.0


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("p.toml", "models = [", "not valid TOML"),
        ("p.json", "{", "not valid JSON"),
        ("p.toml", "currency = 'EUR'", "unknown top-level keys ['currency']"),
        ("p.toml", "batch_multiplier = 2", "between 0 and 1"),
        ("p.toml", '[models."gemini-2.5-flash-image"]\noutput_image = -1', "non-negative number"),
        ("p.toml", '[models."gemini-2.5-flash-image"]\noutput_image = "cheap"', "non-negative number"),
        ("p.toml", '[models."gemini-2.5-flash-image"]\nper_image = 0.04', "unknown keys ['per_image']"),
        ("p.toml", '[models."new-model"]\noutput_image = 1', "needs all of"),
        ("p.json", "[1, 2]", "top level must be"),
    ],
)
def test_bad_file_is_a_clear_start_error(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(SystemExit) as exc:
        PriceTable.load(path)
    assert str(path) in str(exc.value) and message in str(exc.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="cannot read it"):
        PriceTable.load(tmp_path / "nope.toml")
