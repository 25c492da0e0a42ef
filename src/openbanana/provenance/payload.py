"""The watermark's 32 channel bits: a 16-bit mark id spread over all 32 by a keyed binary code.

After a JPEG, a resize or a crop some channel bits read wrong, and an unmarked image still correlates with
*some* bit pattern. A "16-bit id + 16 check bits" layout would need every bit right; instead the id is
mapped to a codeword of a linear [32, 16, 8] code (an extended BCH subcode: any 3 wrong bits still decode,
and soft decoding does much better), XORed with a mask derived from the openbanana key so that an
all-zero or all-one reading is no codeword. The detector (:mod:`.watermark`) correlates its soft bit
estimates with every codeword (soft maximum likelihood) and reports the best one only when the
correlation clears a threshold set from measured unmarked images.
"""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt

#: Channel bits the watermark carries (one keyed pattern each).
CHANNEL_BITS = 32
#: Mark id bits; ``id_space = 2 ** ID_BITS`` (65,536 ids: a lookup key into the ``marks`` table).
ID_BITS = 16
#: The openbanana key the codeword mask is derived from: a random 32-bit word is this mask's codeword
#: only by chance, and an all-zero or all-one decoder output (a flat image's bias) is no codeword.
KEY = b"openbanana/watermark/v1"


def _mask() -> npt.NDArray[np.uint8]:
    word = int.from_bytes(hashlib.sha256(KEY).digest()[:4], "big")
    return np.array([(word >> (CHANNEL_BITS - 1 - i)) & 1 for i in range(CHANNEL_BITS)], dtype=np.uint8)


def generator(id_bits: int = ID_BITS) -> npt.NDArray[np.uint8]:
    """Generator matrix (id_bits × 32) of an extended binary BCH code, cut to ``id_bits`` rows.

    BCH codes of length 31 over GF(32) (primitive polynomial x⁵ + x² + 1) extended by an overall parity
    bit give the best minimum distances known at length 32: [32, 6, 16], [32, 11, 12], [32, 16, 8], ...;
    the first ``id_bits`` rows of the smallest one with enough rows form a subcode with at least its
    distance (up to 6 id bits: 16; 7 to 11: 12; 12 to 16: 8).
    """
    if not 1 <= id_bits <= 26:
        raise ValueError(f"id_bits must be 1..26, got {id_bits}")
    exp = [0] * 62
    x = 1
    for i in range(31):
        exp[i] = exp[i + 31] = x
        x <<= 1
        if x & 32:
            x ^= 0b100101
    log = {exp[i]: i for i in range(31)}

    def mul(a: int, b: int) -> int:
        return 0 if a == 0 or b == 0 else exp[log[a] + log[b]]

    # Roots: whole cyclotomic cosets of α^1, α^3, α^5, ... while the code keeps at least id_bits dimensions.
    roots: set[int] = set()
    odd = 1
    while True:
        coset = {(odd << i) % 31 for i in range(5)}
        if 31 - len(roots | coset) < id_bits:
            break
        roots |= coset
        odd += 2
        while odd in roots:
            odd += 2
    poly = [1]  # g(x) = Π (x − α^r), lowest degree first; its coefficients end up in GF(2)
    for r in sorted(roots):
        shifted = [0] * (len(poly) + 1)
        for i, c in enumerate(poly):
            shifted[i] ^= mul(c, exp[r])
            shifted[i + 1] ^= c
        poly = shifted
    rows = 31 - (len(poly) - 1)
    g = np.zeros((rows, CHANNEL_BITS), dtype=np.uint8)
    for i in range(rows):
        g[i, i : i + len(poly)] = poly
    g[:, 31] = g[:, :31].sum(axis=1) % 2
    return g[:id_bits]


def min_distance(g: npt.NDArray[np.uint8]) -> int:
    """Minimum Hamming weight of a non-zero codeword (exhaustive; fine for ≤ 16 id bits)."""
    words = _codewords(g)[1:]
    return int(words.sum(axis=1).min())


def _codewords(g: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    k = g.shape[0]
    ids = np.arange(1 << k, dtype=np.int64)
    info = ((ids[:, None] >> np.arange(k - 1, -1, -1)) & 1).astype(np.uint8)
    return (info @ g.astype(np.int64) % 2).astype(np.uint8)


class PayloadCode:
    """Mark id ↔ 32 channel bits, and the ±1 codebook the detector correlates with (immutable, thread-safe)."""

    def __init__(self, id_bits: int = ID_BITS) -> None:
        self.id_bits = id_bits
        self.id_space = 1 << id_bits
        self.mask = _mask()
        self.words = _codewords(generator(id_bits)) ^ self.mask
        #: ±1 codebook (row ``i`` is mark id ``i``), for the correlation decoder.
        self.signs = (self.words.astype(np.float32) * 2 - 1).astype(np.float32)

    def encode(self, mark_id: int) -> npt.NDArray[np.uint8]:
        """The 32 channel bits for ``mark_id`` (0 .. id_space - 1, else ValueError)."""
        if isinstance(mark_id, bool) or not isinstance(mark_id, int | np.integer):
            raise ValueError(f"mark id must be an int, got {type(mark_id).__name__}")
        if not 0 <= int(mark_id) < self.id_space:
            raise ValueError(f"mark id {mark_id} out of range 0..{self.id_space - 1}")
        return np.array(self.words[int(mark_id)], dtype=np.uint8)
