"""Regression: skia.MemoryStream does not own its buffer.

Passing a temporary ``svg.encode()`` let the bytes be freed while skia parsed them, so documents of
some lengths (e.g. 936–951 bytes) failed to parse: about 1 render in 400 answered HTTP 500.
"""

from __future__ import annotations

from openbanana.generators.compose.render import rasterize

_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48" viewBox="0 0 64 48">'
    '<title>{pad}</title><defs><linearGradient id="g"><stop offset="0" stop-color="#ffecd2"/>'
    '<stop offset="1" stop-color="#fcb69f"/></linearGradient></defs>'
    '<rect width="64" height="48" fill="url(#g)"/><circle cx="20" cy="20" r="9" fill="#fff"/></svg>'
)


def test_every_document_length_parses() -> None:
    for n in range(600, 1600):
        png = rasterize(_SVG.format(pad="a" * n), 64, 48)
        assert png.startswith(b"\x89PNG")
