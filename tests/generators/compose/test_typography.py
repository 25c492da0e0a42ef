"""Typography: typeface families, text effects, alignment and complex-script shaping in every family.

Checks are made where a reader would see them: on the rendered pixels (decoded PNGs), on OCR readings,
and on HarfBuzz's shaping output (which glyphs of which font file end up on the page).
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

from openbanana.generators.compose import fonts as fonts_module
from openbanana.generators.compose.checks import ocr_rapid, rapidocr_engine, reading_order_text, text_found
from openbanana.generators.compose.fonts import FontRegistry, registry, vendored_files, vendored_font_paths
from openbanana.generators.compose.plan import Background, Box, ComposePlan, TextElement
from openbanana.generators.compose.render import build_svg, rasterize
from openbanana.generators.compose.render_text import place_text
from openbanana.generators.compose.text import fit_text, shape_unit, space_width

FAMILIES = ("sans", "serif", "mono", "handwritten", "cursive", "display")
BG = "#5a5a7a"


def font_file(ch: str, family: str, bold: bool = False, cjk: str = "sc") -> str:
    font = registry().font_for(ch, bold, cjk, family)
    assert font is not None, f"nothing covers {ch!r} in {family}"
    return Path(font.key.path).name


def render(*texts: TextElement, width: int = 768, height: int = 384, bg: str = BG) -> np.ndarray:
    """The plan's PNG decoded to an RGB array (int16, so differences do not wrap)."""
    plan = ComposePlan("t", 0, 0, width, height, "center", Background("gradient", (bg, bg)), texts=texts)
    png = rasterize(build_svg(plan, width, height), width, height)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16)


def png_of(*texts: TextElement, width: int = 768, height: int = 384, bg: str = BG) -> bytes:
    plan = ComposePlan("t", 0, 0, width, height, "center", Background("gradient", (bg, bg)), texts=texts)
    return rasterize(build_svg(plan, width, height), width, height)


def ink_mask(img: np.ndarray, bg: str = BG, tol: int = 30) -> np.ndarray:
    ref = np.array([int(bg[i : i + 2], 16) for i in (1, 3, 5)])
    return np.asarray(np.abs(img - ref).max(axis=2) > tol)


def dilate(mask: np.ndarray, size: int) -> np.ndarray:
    image = Image.fromarray((mask * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(size))
    return np.asarray(image) > 0


def label(text: str, **kw: object) -> TextElement:
    """A one-line label in a large box, capped by ``max_size`` so every family and effect gets the same
    font size (glyphs land on the same pixels whatever the effect's margin)."""
    fields: dict[str, object] = {"box": Box(0.05, 0.1, 0.9, 0.8), "color": "#ffe14d", "max_size": 0.16}
    fields.update(kw)
    return TextElement("t", text, "label", **fields)  # type: ignore[arg-type]


# -- families pick their fonts -------------------------------------------------------------------


def _system(name: str, fallback: str) -> str:
    return name if registry().find(name) else fallback


@pytest.mark.parametrize(
    ("family", "bold", "expected"),
    [
        ("sans", False, "NotoSans-Regular.ttf"),
        ("sans", True, "NotoSans-Bold.ttf"),
        ("serif", False, "NotoSerif-Regular.ttf|NotoSans-Regular.ttf"),
        ("serif", True, "NotoSerif-Bold.ttf|NotoSans-Bold.ttf"),
        ("mono", False, "NotoSansMono-Regular.ttf|NotoSans-Regular.ttf"),
        ("mono", True, "NotoSansMono-Bold.ttf|NotoSans-Bold.ttf"),
        ("handwritten", False, "ComicNeue-Regular.otf"),
        ("handwritten", True, "ComicNeue-Bold.otf"),
        ("cursive", False, "DancingScript-Regular.otf"),
        ("cursive", True, "DancingScript-Bold.otf"),
        ("display", False, "LeagueSpartan-Bold.otf"),
        ("display", True, "LeagueSpartan-Black.otf"),
        ("no-such-family", False, "NotoSans-Regular.ttf"),
    ],
)
def test_each_family_draws_latin_with_its_own_font(family: str, bold: bool, expected: str) -> None:
    preferred, _, fallback = expected.partition("|")
    assert font_file("g", family, bold) == _system(preferred, fallback or preferred)


def test_handwritten_cursive_and_display_faces_ship_with_their_licences() -> None:
    files = vendored_files()
    for name in ("ComicNeue-Regular.otf", "DancingScript-Bold.otf", "LeagueSpartan-Black.otf"):
        licence = Path(files[name]).parent / "OFL.txt"
        assert "SIL Open Font License" in licence.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "family", "expected"),
    [
        ("ש", "serif", "NotoSerifHebrew-Regular.ttf"),
        ("न", "serif", "NotoSerifDevanagari-Regular.ttf"),
        ("ส", "serif", "NotoSerifThai-Regular.ttf"),
        ("م", "serif", "NotoNaskhArabic-Regular.ttf"),
        ("ש", "cursive", "NotoSansHebrew-Regular.ttf"),
        ("न", "handwritten", "NotoSansDevanagari-Regular.ttf"),
        ("न", "display", "NotoSansDevanagari-Bold.ttf"),
    ],
)
def test_other_scripts_use_the_familys_companion_or_the_script_font(text: str, family: str, expected: str) -> None:
    if registry().find(expected) is None:
        pytest.skip(f"{expected} is not installed")
    assert font_file(text, family) == expected


def test_serif_cjk_uses_noto_serif_cjk_in_the_right_locale() -> None:
    if registry().find("NotoSerifCJK-Regular.ttc") is None:
        pytest.skip("fonts-noto-cjk (serif) is not installed")
    font = registry().font_for("東", False, "jp", "serif")
    assert font is not None and Path(font.key.path).name == "NotoSerifCJK-Regular.ttc" and font.key.index == 0
    font = registry().font_for("東", False, "sc", "serif")
    assert font is not None and font.key.index == 2


def test_families_render_visibly_differently() -> None:
    text = "Summer Jazz Festival"
    masks = {f: ink_mask(render(label(text, font=f, color="#ffffff"))) for f in ("sans", "serif", "mono")}
    for a, b in (("sans", "serif"), ("sans", "mono"), ("serif", "mono")):
        differ = (masks[a] ^ masks[b]).sum() / max(1, (masks[a] | masks[b]).sum())
        assert differ > 0.3, f"{a} and {b} look alike ({differ:.2f} of the ink differs)"
    # Mono is the widest setting of the same words; all are drawn at the same size (capped by max_size).
    widths = {f: np.ptp(np.flatnonzero(m.any(axis=0))) for f, m in masks.items()}
    assert widths["mono"] > widths["sans"] * 1.1


def test_mono_advances_are_all_equal() -> None:
    unit = shape_unit("iWm.lMiX", False, "sc", False, "mono")
    xs = [g.x for g in unit.glyphs]
    steps = np.diff(xs)
    assert len(unit.glyphs) == 8 and np.allclose(steps, steps[0]) and unit.width == pytest.approx(8 * steps[0])
    sans = shape_unit("iWm.lMiX", False, "sc", False, "sans")
    assert not np.allclose(np.diff([g.x for g in sans.glyphs]), steps[0])


# -- shaping in every family ---------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_devanagari_conjuncts_shape_in_every_family(family: str) -> None:
    word = "नमस्ते"
    unit = shape_unit(word, False, "sc", False, family)
    assert not unit.missing and all(g.gid for g in unit.glyphs)
    # स्त is one conjunct glyph and the vowel sign े attaches: fewer glyphs than code points.
    assert len(unit.glyphs) < len(word)
    assert {Path(g.font.path).name for g in unit.glyphs} <= {
        "NotoSansDevanagari-Regular.ttf",
        "NotoSansDevanagari-Bold.ttf",
        "NotoSerifDevanagari-Regular.ttf",
    }


@pytest.mark.parametrize("family", FAMILIES)
def test_thai_renders_without_missing_glyphs(family: str) -> None:
    fitted = fit_text("สวัสดีชาวโลก", False, 600.0, 200.0, 60.0, family=family)
    assert not fitted.missing and not fitted.overflow
    glyphs = [g for line in fitted.lines for unit in line.units for g in unit.glyphs]
    assert glyphs and all(g.gid for g in glyphs)
    assert all("Thai" in Path(g.font.path).name for g in glyphs)
    # Above/below vowels and tone marks are stacked on their consonants as zero-width marks
    # (no advance of their own): removing them leaves the width as it was.
    bare = "".join(ch for ch in "สวัสดีชาวโลก" if unicodedata.category(ch) != "Mn")
    assert len(bare) < len("สวัสดีชาวโลก")
    with_marks = shape_unit("สวัสดีชาวโลก", False, "sc", False, family).width
    assert with_marks == pytest.approx(shape_unit(bare, False, "sc", False, family).width, abs=0.05)
    assert ink_mask(render(label("สวัสดีชาวโลก", font=family))).sum() > 2000


@pytest.mark.parametrize("family", FAMILIES)
def test_arabic_letters_join_right_to_left(family: str) -> None:
    word = "مرحبا"
    unit = shape_unit(word, False, "sc", False, family)
    assert unit.direction == "rtl" and not unit.missing
    isolated = [shape_unit(ch, False, "sc", False, family).glyphs[0].gid for ch in word]
    joined = [g.gid for g in unit.glyphs][::-1]  # glyphs come in visual order; reversed = logical
    assert joined != isolated, "letters were drawn in their isolated forms"
    # The first letter (logical) is the rightmost glyph.
    rightmost = max(unit.glyphs, key=lambda g: g.x)
    assert rightmost.gid == shape_unit("مر", False, "sc", False, family).glyphs[-1].gid


@pytest.mark.parametrize("family", FAMILIES)
def test_hebrew_is_laid_out_right_to_left(family: str) -> None:
    unit = shape_unit("שלום", False, "sc", False, family)
    assert unit.direction == "rtl" and not unit.missing
    final_mem = shape_unit("ם", False, "sc", False, family).glyphs[0].gid
    shin = shape_unit("ש", False, "sc", False, family).glyphs[0].gid
    leftmost, rightmost = min(unit.glyphs, key=lambda g: g.x), max(unit.glyphs, key=lambda g: g.x)
    assert (leftmost.gid, rightmost.gid) == (final_mem, shin)


@pytest.mark.parametrize("family", FAMILIES)
def test_cjk_breaks_between_characters_never_before_closing_punctuation(family: str) -> None:
    text = "東京へようこそ。日本の旅、楽しんでください。"
    fitted = fit_text(text, False, 130.0, 800.0, 40.0, family=family)
    lines = ["".join(u.text for u in line.units) for line in fitted.lines]
    assert len(lines) > 2 and "".join(lines) == text and not fitted.missing
    assert not any(line[0] in "。、" for line in lines)


@pytest.mark.parametrize("family", ["sans", "serif", "display"])
def test_fi_ligature(family: str) -> None:
    assert len(shape_unit("fi", False, "sc", False, family).glyphs) == 1


@pytest.mark.parametrize("family", ["sans", "serif", "handwritten", "display"])
def test_av_is_kerned(family: str) -> None:
    a, v = (shape_unit(ch, False, "sc", False, family).width for ch in "AV")
    assert shape_unit("AV", False, "sc", False, family).width < a + v - 0.02


# -- effects ------------------------------------------------------------------------------------


def _ring_change(effect: str, color: str = "#ffe14d") -> float:
    """Share of the pixels 2..6 px around the plain text's ink that the effect changes."""
    plain = render(label("OPEN LATE", color=color, bold=True))
    styled = render(label("OPEN LATE", color=color, bold=True, effect=effect))
    mask = ink_mask(plain)
    ring = dilate(mask, 13) & ~dilate(mask, 5)
    return float((np.abs(styled - plain).max(axis=2) > 20)[ring].mean())


@pytest.mark.parametrize(("effect", "least"), [("neon", 0.5), ("outline", 0.25), ("shadow", 0.15)])
def test_effects_draw_around_the_letters(effect: str, least: float) -> None:
    assert _ring_change(effect) > least
    assert _ring_change(effect, "#1a1a2e") > least * 0.5  # dark text too


def test_effects_keep_the_glyphs_in_place_and_the_text_in_its_box() -> None:
    for effect in ("neon", "outline", "shadow"):
        el = label("OPEN LATE", effect=effect, box=Box(0.1, 0.3, 0.8, 0.3), max_size=0.5)
        placed = place_text(el, 768, 384)
        plain = place_text(label("OPEN LATE", box=Box(0.1, 0.3, 0.8, 0.3), max_size=0.5), 768, 384)
        assert placed.fitted.size < plain.fitted.size  # room left for the glow/edge/shadow
        mask = ink_mask(render(el))
        ys, xs = np.nonzero(mask)
        assert xs.min() >= 0.1 * 768 - 2 and xs.max() <= 0.9 * 768 + 2
        assert ys.min() >= 0.3 * 384 - 2 and ys.max() <= 0.6 * 384 + 2


def test_outline_colour_contrasts_with_the_text() -> None:
    img = render(label("OPEN", color="#ffffff", effect="outline"))
    ring = dilate(ink_mask(render(label("OPEN", color="#ffffff"))), 7) & ~ink_mask(
        render(label("OPEN", color="#ffffff"))
    )
    assert img[ring].mean() < 60  # near-black edge around white letters


@pytest.mark.ocr
@pytest.mark.parametrize("effect", ["outline", "shadow", "neon"])
def test_effect_text_stays_readable(effect: str) -> None:
    if rapidocr_engine() is None:
        pytest.skip("rapidocr is not installed")
    png = png_of(
        TextElement("t", "OPEN LATE", "title", Box(0.05, 0.15, 0.9, 0.4), bold=True, color="#ffe14d", effect=effect),
        TextElement("s", "Fresh Coffee", "subtitle", Box(0.1, 0.6, 0.8, 0.25), color="#ffffff", effect=effect),
    )
    candidates = reading_order_text(ocr_rapid(png))
    for want in ("OPEN LATE", "Fresh Coffee"):
        found, accuracy = text_found(want, candidates)
        assert found or accuracy > 0.85, f"{want!r} not read back from {effect}: {candidates}"


@pytest.mark.ocr
@pytest.mark.parametrize("family", ["serif", "mono", "handwritten", "cursive", "display"])
def test_families_stay_readable(family: str) -> None:
    if rapidocr_engine() is None:
        pytest.skip("rapidocr is not installed")
    png = png_of(
        TextElement("t", "Fresh Coffee Daily", "title", Box(0.1, 0.1, 0.8, 0.16), color="#ffffff", font=family),
        TextElement(
            "s", "Open every day from 9am", "subtitle", Box(0.15, 0.3, 0.7, 0.08), font=family, color="#ffffff"
        ),
        width=1024,
        height=1024,
    )
    candidates = reading_order_text(ocr_rapid(png))
    for want in ("Fresh Coffee Daily", "Open every day from 9am"):
        assert text_found(want, candidates)[0], f"{want!r} not read back in {family}: {candidates}"


# -- alignment ----------------------------------------------------------------------------------


def _line_edges(img: np.ndarray) -> list[tuple[int, int]]:
    """(left, right) ink columns of each text line (bands of inked rows)."""
    mask = ink_mask(img)
    rows = np.asarray(mask.any(axis=1)).tolist()
    edges: list[tuple[int, int]] = []
    y = 0
    while y < len(rows):
        if rows[y]:
            end = y
            while end < len(rows) and rows[end]:
                end += 1
            cols = np.flatnonzero(mask[y:end].any(axis=0))
            edges.append((int(cols.min()), int(cols.max())))
            y = end
        else:
            y += 1
    return edges


@pytest.mark.parametrize(
    ("text", "align", "side"),
    [
        ("Left aligned caption\nshort", "left", "left"),
        ("Right aligned caption\nshort", "right", "right"),
        ("Centred caption\nshort", "center", "center"),
        ("שלום עולם יפה\nקצר", "left", "right"),  # start/end mirror in a right-to-left paragraph
        ("שלום עולם יפה\nקצר", "right", "left"),
    ],
)
def test_alignment_puts_lines_against_the_box_edge(text: str, align: str, side: str) -> None:
    w, h = 768, 384
    el = TextElement("t", text, "label", Box(0.1, 0.1, 0.8, 0.8), color="#ffffff", max_size=0.1, align=align)
    fx, _fy, fw, _fh = place_text(el, w, h).fit_box
    edges = _line_edges(render(el, width=w, height=h))
    assert len(edges) == 2
    (l0, r0), (l1, r1) = edges
    size = place_text(el, w, h).fitted.size
    if side == "left":
        assert abs(l0 - l1) <= size * 0.12 and l0 - fx < size * 0.15 and r1 < r0 - size
    elif side == "right":
        assert abs(r0 - r1) <= size * 0.12 and fx + fw - r0 < size * 0.15 and l1 > l0 + size
    else:
        assert abs((l0 + r0) - (l1 + r1)) / 2 <= size * 0.15 and abs((l0 + r0) / 2 - (fx + fw / 2)) < size * 0.2


def test_plate_follows_an_aligned_block() -> None:
    el = TextElement(
        "t", "Note", "label", Box(0.1, 0.1, 0.8, 0.3), color="#111111", plate_opacity=0.9, max_size=0.05, align="left"
    )
    placed = place_text(el, 800, 800)
    assert placed.plate is not None and placed.plate[0] < placed.block[0] < 0.1 * 800 + 0.3 * 800 * 0.1 + 1
    assert placed.plate[0] + placed.plate[2] < 0.5 * 800


# -- fallback -----------------------------------------------------------------------------------


def _clear_text_caches() -> None:
    for cached in (shape_unit, space_width, fit_text, place_text):
        cached.cache_clear()


def test_missing_family_files_fall_back_to_sans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    regular, bold = vendored_font_paths()
    bare = FontRegistry([str(tmp_path)], vendored={"NotoSans-Regular.ttf": regular, "NotoSans-Bold.ttf": bold})
    for family in FAMILIES:
        assert bare.chain(False, "sc", family)[0].path == (bold if family == "display" else regular)
        font = bare.font_for("A", False, "sc", family)
        assert font is not None and font.key.path in (regular, bold)
        assert bare.primary(True, family).key.path == bold
    monkeypatch.setattr(fonts_module, "_registry", bare)
    request.addfinalizer(_clear_text_caches)  # nothing shaped with the bare registry outlives the test
    _clear_text_caches()
    # Text never fitted before (the shaping caches are keyed by text): drawn by the vendored sans.
    fitted = fit_text("Fallback check 8271", True, 800.0, 200.0, 80.0, family="cursive")
    assert not fitted.missing and not fitted.overflow
    assert {g.font.path for line in fitted.lines for u in line.units for g in u.glyphs} == {bold}
