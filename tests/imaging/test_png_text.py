"""iTXt chunks spliced into PNGs: readable by Pillow, pixels untouched, hostile input harmless."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image

from openbanana.imaging.png_text import add_text, read_text


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (*size[::-1], 3), dtype=np.uint8)).save(out, "PNG")
    return out.getvalue()


def test_round_trip_keeps_pixels_and_pillow_reads_it() -> None:
    original = png()
    stamped = add_text(original, "openbanana", '{"plan": "ünïcode ✓"}')
    assert read_text(stamped, "openbanana") == '{"plan": "ünïcode ✓"}'
    with Image.open(io.BytesIO(stamped)) as a, Image.open(io.BytesIO(original)) as b:
        assert np.array_equal(np.asarray(a), np.asarray(b))
        assert a.text["openbanana"] == '{"plan": "ünïcode ✓"}'


def test_adding_again_replaces_the_chunk() -> None:
    stamped = add_text(add_text(png(), "openbanana", "one"), "openbanana", "two")
    assert read_text(stamped, "openbanana") == "two"
    assert stamped.count(b"iTXt") == 1


def test_missing_broken_or_foreign_input_reads_as_none() -> None:
    assert read_text(png(), "openbanana") is None
    assert read_text(b"not a png at all", "openbanana") is None
    stamped = add_text(png(), "openbanana", "x")
    assert read_text(stamped[:-30], "openbanana") in (None, "x")  # truncated file: never an exception
    assert read_text(stamped, "other") is None


def test_a_zip_bomb_chunk_is_refused() -> None:
    bomb = zlib.compress(b"\x00" * (64 * 1024 * 1024), 9)
    data = b"openbanana\x00\x01\x00\x00\x00" + bomb
    chunk = struct.pack(">I", len(data)) + b"iTXt" + data + struct.pack(">I", zlib.crc32(b"iTXt" + data))
    base = png()
    hostile = base[:-12] + chunk + base[-12:]
    assert read_text(hostile, "openbanana") is None
