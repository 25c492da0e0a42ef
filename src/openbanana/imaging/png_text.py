"""Text chunks inside PNG files, written and read without re-encoding the pixels.

Outputs carry their scene plan and lineage in a compressed ``iTXt`` chunk (keyword ``openbanana``)
placed before ``IEND``. Inserting a chunk is a byte splice, so a 4K image costs nothing to re-encode,
and the pixels are untouched. Any PNG reader ignores chunks it does not know.
"""

from __future__ import annotations

import struct
import zlib

from openbanana.imaging.png import PNG_SIGNATURE

#: Longest text this server will inflate from a client's PNG (a plan with cut-outs stays well below).
MAX_TEXT_BYTES = 16 * 1024 * 1024


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _chunks(png: bytes) -> list[tuple[bytes, int, int]]:
    """(type, start of chunk, end of chunk) for each chunk; ValueError when the structure is broken."""
    if png[:8] != PNG_SIGNATURE:
        raise ValueError("not a PNG")
    out: list[tuple[bytes, int, int]] = []
    pos = 8
    while pos + 12 <= len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(png):
            raise ValueError("truncated PNG chunk")
        out.append((kind, pos, end))
        pos = end
        if kind == b"IEND":
            break
    return out


def add_text(png: bytes, keyword: str, text: str) -> bytes:
    """A copy of ``png`` with a zlib-compressed iTXt chunk ``keyword`` = ``text`` before IEND (an
    existing chunk with the same keyword is replaced)."""
    key = keyword.encode("latin-1")
    data = key + b"\x00\x01\x00" + b"\x00" + b"\x00" + zlib.compress(text.encode("utf-8"), 6)
    kept = bytearray(png[:8])
    for kind, start, end in _chunks(png):
        if kind == b"iTXt" and png[start + 8 : start + 8 + len(key) + 1] == key + b"\x00":
            continue
        if kind == b"IEND":
            kept += _chunk(b"iTXt", data)
        kept += png[start:end]
    return bytes(kept)


def read_text(png: bytes, keyword: str) -> str | None:
    """The text of iTXt chunk ``keyword``, or None (also for anything that is not a readable PNG)."""
    key = keyword.encode("latin-1") + b"\x00"
    try:
        for kind, start, end in _chunks(png):
            body = png[start + 8 : end - 4]
            if kind != b"iTXt" or not body.startswith(key):
                continue
            rest = body[len(key) :]
            compressed, method = rest[0], rest[1]
            rest = rest[2:]
            rest = rest[rest.index(b"\x00") + 1 :]  # language tag
            rest = rest[rest.index(b"\x00") + 1 :]  # translated keyword
            if compressed:
                if method != 0:
                    return None
                inflater = zlib.decompressobj()
                raw = inflater.decompress(rest, MAX_TEXT_BYTES)
                if inflater.unconsumed_tail:
                    return None
            else:
                raw = rest
            return raw.decode("utf-8")
    except (ValueError, IndexError, zlib.error, UnicodeDecodeError):
        return None
    return None
