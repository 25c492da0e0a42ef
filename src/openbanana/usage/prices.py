"""What a request would have cost on Google's Gemini API, so a self-hosted server can show (or charge back)
the money it saves.

Prices are USD per 1M tokens, per model, in four classes: input text, input image, output text (thinking
included) and output image. Defaults are Google's published paid-tier prices for the Nano Banana models
(https://ai.google.dev/gemini-api/docs/pricing; see ``docs/platform/usage-idempotency.md`` for the
per-image arithmetic). Batch requests cost ``batch_multiplier`` (50%) of that.

An operator overrides any of it with a TOML or JSON file (``--prices`` / ``OPENBANANA_PRICES``)::

    batch_multiplier = 0.5
    [models."gemini-2.5-flash-image"]
    output_image = 30.0          # fields left out keep the built-in value

A model not in the table costs nothing (and says so in the report). A bad file stops the server at start
with a message naming the file and the problem, never half-way through a request.
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from openbanana.catalog.models import find_model
from openbanana.usage.base import UsageEntry

PER_MILLION = 1_000_000.0


@dataclass(frozen=True)
class ModelPrice:
    """USD per 1M tokens of each kind."""

    input_text: float
    input_image: float
    output_text: float
    output_image: float


#: Google's paid-tier list prices (standard, not batch), checked 2026: see the module docstring.
DEFAULT_PRICES: dict[str, ModelPrice] = {
    # Nano Banana 2: $60/1M image tokens → 512 $0.045, 1K $0.067, 2K $0.101, 4K $0.151 per image.
    "gemini-3.1-flash-image-preview": ModelPrice(input_text=0.5, input_image=0.5, output_text=3.0, output_image=60.0),
    # Nano Banana Pro: $120/1M image tokens → 1K/2K $0.134, 4K $0.24 per image.
    "gemini-3-pro-image-preview": ModelPrice(input_text=2.00, input_image=2.00, output_text=12.00, output_image=120.0),
    # Nano Banana: $30/1M image tokens → $0.039 per 1290-token image.
    "gemini-2.5-flash-image": ModelPrice(input_text=0.30, input_image=0.30, output_text=2.50, output_image=30.0),
}
DEFAULT_BATCH_MULTIPLIER = 0.5


@dataclass(frozen=True)
class PriceTable:
    models: dict[str, ModelPrice]
    batch_multiplier: float = DEFAULT_BATCH_MULTIPLIER
    source: str = "built-in"

    @classmethod
    def default(cls) -> PriceTable:
        return cls(dict(DEFAULT_PRICES))

    @classmethod
    def load(cls, path: Path | None) -> PriceTable:
        """The built-in table, overridden by ``path`` when given. Raises SystemExit on a bad file."""
        table = cls.default()
        if path is None:
            return table
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SystemExit(f"price table {path}: cannot read it ({exc.strerror or exc})") from None
        try:
            data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
            raise SystemExit(f"price table {path}: not valid {kind}: {exc}") from None
        try:
            return table.overridden(data, source=str(path))
        except ValueError as exc:
            raise SystemExit(f"price table {path}: {exc}") from None

    def overridden(self, data: Any, *, source: str) -> PriceTable:
        """This table with ``data`` (the parsed file) applied; ValueError says what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("the top level must be a table/object")
        unknown = set(data) - {"batch_multiplier", "models"}
        if unknown:
            raise ValueError(f"unknown top-level keys {sorted(unknown)} (expected batch_multiplier, models)")
        batch = data.get("batch_multiplier", self.batch_multiplier)
        batch = _number(batch, "batch_multiplier")
        if batch > 1:
            raise ValueError(f"batch_multiplier must be between 0 and 1, got {batch}")
        models = dict(self.models)
        given = data.get("models", {})
        if not isinstance(given, dict):
            raise ValueError("'models' must be a table/object of model name → prices")
        names = {f.name for f in fields(ModelPrice)}
        for name, prices in given.items():
            if not isinstance(prices, dict):
                raise ValueError(f"models.{name} must be a table/object of prices")
            bad = set(prices) - names
            if bad:
                raise ValueError(f"models.{name}: unknown keys {sorted(bad)} (expected {sorted(names)})")
            spec = find_model(str(name))
            model_id = spec.id if spec is not None else str(name)
            base = models.get(model_id)
            if base is None and set(prices) != names:
                raise ValueError(f"models.{name} is not a built-in model, so it needs all of {sorted(names)}")
            values = {k: _number(v, f"models.{name}.{k}") for k, v in prices.items()}
            models[model_id] = replace(base, **values) if base is not None else ModelPrice(**values)
        return PriceTable(models, batch, source)

    def price_of(self, model: str) -> ModelPrice | None:
        """Prices by model id or alias (``models/`` prefix allowed); None when the model has no price."""
        name = model.removeprefix("models/")
        if name in self.models:
            return self.models[name]
        spec = find_model(name)
        return self.models.get(spec.id) if spec is not None else None

    def cost(self, entry: UsageEntry) -> float:
        """What ``entry`` costs in USD. Image output tokens come from the catalog when the entry counted
        images but not their tokens (the per-image token counts Google bills)."""
        price = self.price_of(entry.model)
        if price is None:
            return 0.0
        output_image_tokens = entry.output_image_tokens
        if output_image_tokens == 0 and entry.images > 0:
            output_image_tokens = entry.images * image_tokens(entry.model, entry.image_size)
        usd = (
            entry.input_text_tokens * price.input_text
            + entry.input_image_tokens * price.input_image
            + (entry.output_text_tokens + entry.thought_tokens) * price.output_text
            + output_image_tokens * price.output_image
        ) / PER_MILLION
        if entry.batch_id is not None:
            usd *= self.batch_multiplier
        return usd

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "batch_multiplier": self.batch_multiplier,
            "models": {name: vars(p).copy() for name, p in sorted(self.models.items())},
        }


def image_tokens(model: str, image_size: str | None) -> int:
    """Output tokens Google bills for one image of ``image_size`` (the model's default size when None)."""
    spec = find_model(model)
    if spec is None:
        return 0
    size = image_size if image_size in spec.output_tokens_per_image else spec.default_size
    return spec.output_tokens_per_image.get(size, 0)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{where} must be a non-negative number, got {value!r}")
    return float(value)
