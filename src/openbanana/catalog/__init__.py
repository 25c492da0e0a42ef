"""Static facts about the served models: ids, limits, sizes and token costs."""

from openbanana.catalog.models import MODELS, ModelSpec, find_model
from openbanana.catalog.sizes import PixelSize, pixel_size

__all__ = ["MODELS", "ModelSpec", "PixelSize", "find_model", "pixel_size"]
