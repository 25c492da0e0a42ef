"""The watermark's 32-bit payload: a short mark id spread over all 32 bits by a keyed binary code.

rivaGAN carries 32 bits, but after a JPEG or a resize several of them read wrong (a few percent per bit on
compose outputs, more on the flattest images), and an unmarked image still decodes to some random bits. A
"20-bit id + 12 check bits" layout needs all 32 bits right and so fails exactly when it matters (measured:
under 20% of compose outputs decode all 32 bits right after JPEG q75). Instead the id is mapped to a
codeword of a linear [32, k] code with a large minimum distance (an extended BCH code), XORed with a mask
derived from the openbanana key, and decoded by *soft* maximum likelihood over the whole codebook.

``found`` needs the best codeword's score (:meth:`PayloadCode.scores`) to reach a threshold set above
every unmarked image we measured (``bench/watermark_robustness.py`` reports the false-positive rate on
fresh ones). Fewer id bits mean fewer codewords a random image can resemble and a larger distance between
them, so more recoveries at the same false-positive rate: 8 bits recovered 100% after JPEG q75 where 10
bits gave 98.8% and 12 bits 96%. The id is only a lookup key into the ``marks`` table (several outputs
share one; each row keeps its output's SHA-256 and usage id, and the C2PA manifest carries both too), so
robustness wins over id length. ``docs/provenance.md`` has the measurements.
"""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt

from openbanana.provenance.base import Detection

#: Channel bits rivaGAN carries.
CHANNEL_BITS = 32
#: Mark id bits; ``id_space = 2 ** ID_BITS`` (the [32, 8, 12] subcode: any 5 wrong bits still decode).
ID_BITS = 8
#: Logits are clipped to ±CLIP before scoring.
CLIP = 1.0
#: Minimum :meth:`PayloadCode.scores` value for ``found`` (above every unmarked image measured, ~1.15 × the
#: highest: compose outputs, photo-like textures, noise; see docs/provenance.md for the false-positive rate).
THRESHOLD = 5.0
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
    """Mark id ↔ 32 channel bits, with soft maximum-likelihood decoding (immutable, thread-safe)."""

    def __init__(self, id_bits: int = ID_BITS, threshold: float = THRESHOLD) -> None:
        self.id_bits = id_bits
        self.id_space = 1 << id_bits
        self.threshold = threshold
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

    def scores(self, soft: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """The detection statistic of one soft vector (32 logits, positive = 1) against every codeword.

        With ``q`` the logits clipped to ±:data:`CLIP` (so one wild logit cannot carry the decision),
        ``a = Σ q·sign(codeword)`` the agreement and ``n = Σ |q|``: ``a · (a / n)²``. It needs both
        strength (``a``: an unmarked image's bias-cancelled logits are small) and consistency (``a / n``:
        an unmarked busy texture has large logits that agree with no codeword). 0 .. 32.
        """
        q = np.clip(soft.astype(np.float32), -CLIP, CLIP)
        agreement = self.signs @ q
        norm = float(np.abs(q).sum())
        if norm <= 0.0:
            return np.zeros(self.id_space, dtype=np.float32)
        ratio = np.maximum(agreement, 0.0) / np.float32(norm)
        return np.asarray(agreement * ratio * ratio, dtype=np.float32)

    def best(self, soft: npt.NDArray[np.float32]) -> tuple[int, int, float]:
        """(row, mark id, score) of the best codeword over the rows of ``soft`` (one row per decode scale)."""
        rows = np.atleast_2d(np.asarray(soft, dtype=np.float32))
        best_row, best_id, best_score = 0, 0, 0.0
        for r, row in enumerate(rows):
            scores = self.scores(row)
            i = int(np.argmax(scores))
            if scores[i] > best_score:
                best_row, best_id, best_score = r, i, float(scores[i])
        return best_row, best_id, best_score

    def decode(self, soft: npt.NDArray[np.float32]) -> Detection:
        """The mark in ``soft`` (rows of 32 logits): found when the best codeword scores ≥ the threshold.

        ``confidence`` is ``(score / 32) ** (1/3)``: 1 when every clipped logit is saturated and agrees,
        0 for nothing; the threshold sits at ``(THRESHOLD / 32) ** (1/3)`` ≈ 0.54.
        """
        rows = np.atleast_2d(np.asarray(soft, dtype=np.float32))
        row, mark_id, score = self.best(rows)
        bits = tuple(int(v > 0) for v in rows[row])
        confidence = float(np.cbrt(max(0.0, score) / CHANNEL_BITS))
        found = score >= self.threshold
        return Detection(found=found, mark_id=mark_id if found else None, confidence=confidence, bits=bits)
