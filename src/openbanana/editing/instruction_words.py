"""Word tables for the edit-instruction reader (:mod:`.instructions`).

Colours, settings, times of day, styles, region phrases, relations and nouns come from the compose
generator's tables (:mod:`~openbanana.generators.compose.lexicon`, :mod:`~openbanana.generators.compose.nouns`)
so an edit means the same words as a prompt; only what is specific to *editing* (verbs, edit directions,
filter words, aspect-ratio words, languages, ordinals) is listed here.
"""

from __future__ import annotations

import importlib
from typing import Any

from openbanana.generators.compose.lexicon import REGIONS, PhraseTable

#: Words that lead into an instruction without meaning anything ("please", "can you", "now").
POLITE: frozenset[str] = frozenset(
    {"please", "pls", "can", "could", "would", "will", "you", "now", "also", "just", "kindly", "i", "want", "we",
     "like", "let", "us", "lets", "need", "d", "ll", "go", "ahead", "and", "then", "ok", "okay", "so", "to", "try"}
)  # fmt: skip

#: Clause breaks inside one instruction.
BREAKS: frozenset[str] = frozenset({",", ";", ".", "!", "?", "and", "then", "also", "plus", "&", "afterwards"})

#: Verb phrases that say which edit is meant, longest first (articles are skipped while matching).
VERBS = PhraseTable(
    {
        "replace": "replace", "swap": "replace", "switch": "replace", "exchange": "replace",
        "substitute": "substitute", "swap out": "replace", "switch out": "replace",
        "remove": "remove", "delete": "remove", "erase": "remove", "get rid of": "remove", "take out": "remove",
        "take away": "remove", "eliminate": "remove", "drop": "remove", "hide": "remove", "clear": "remove",
        "lose": "remove", "cut out": "remove", "rub out": "remove", "wipe": "remove", "wipe out": "remove",
        "add": "add", "insert": "add", "include": "add", "draw": "add", "paste": "add", "throw in": "add",
        "put": "put", "place": "put", "stick": "put", "set": "put", "position": "move",
        "move": "move", "shift": "move", "push": "move", "drag": "move", "slide": "move", "relocate": "move",
        "reposition": "move", "nudge": "move", "bring": "move",
        "enlarge": "bigger", "grow": "bigger", "expand": "bigger", "increase": "bigger", "magnify": "bigger",
        "scale up": "bigger", "blow up": "bigger", "double": "double",
        "shrink": "smaller", "reduce": "smaller", "decrease": "smaller", "scale down": "smaller",
        "minimize": "smaller", "minimise": "smaller", "halve": "half", "resize": "resize", "scale": "resize",
        "make": "make", "turn": "make", "change": "make", "paint": "make", "colour": "make", "color": "make",
        "recolour": "make", "recolor": "make", "dye": "make", "tint": "make", "use": "make", "render": "make",
        "convert": "make", "apply": "make", "give": "make", "restyle": "make", "redraw": "make", "redo": "make",
        "style": "make", "edit": "make", "update": "make", "rename": "make", "rewrite": "make", "alter": "make",
        "modify": "make", "transform": "make", "write": "make", "show": "make", "reframe": "make",
        "crop": "make", "extend": "make", "outpaint": "make", "stylize": "make", "stylise": "make",
        "fill": "fill", "fill in": "fill", "inpaint": "fill",
        "translate": "translate",
        "undo": "undo", "revert": "back", "go back": "back", "roll back": "back", "rollback": "back",
        "restore": "back", "return": "back", "back": "back", "bring back": "back",
        "upscale": "upscale", "upsample": "upscale", "upres": "upscale", "super resolve": "upscale",
    }
)  # fmt: skip

#: Where a thing goes or moves: edit-specific phrases; compose's region phrases are tried as well.
DIRECTIONS = PhraseTable(
    {
        "left": "left", "leftward": "left", "leftwards": "left", "to left side": "left",
        "right": "right", "rightward": "right", "rightwards": "right", "to right side": "right",
        "up": "up", "upward": "up", "upwards": "up", "higher": "up", "further up": "up", "up higher": "up",
        "down": "down", "downward": "down", "downwards": "down", "lower": "down", "further down": "down",
        "center": "center", "centre": "center", "middle": "center", "to center": "center", "to centre": "center",
        "to middle": "center", "top": "top", "to top": "top", "bottom": "bottom", "to bottom": "bottom",
        "in sky": "top", "up in sky": "top", "into sky": "top", "on ground": "bottom", "on floor": "bottom",
        "in foreground": "bottom", "top left": "top-left", "top right": "top-right", "bottom left": "bottom-left",
        "bottom right": "bottom-right", "upper left": "top-left", "upper right": "top-right",
        "lower left": "bottom-left", "lower right": "bottom-right", "corner": "bottom-right",
    }
)  # fmt: skip
DIRECTION_LEADS: frozenset[str] = frozenset({"to", "into", "towards", "toward", "over", "in", "at", "on", "onto"})
#: Regions as directions (compose's region table), for "in the top right corner" and friends.
REGION_TABLE = REGIONS

#: A thing's relation to another (compose relation names) → the direction of an added or moved thing.
RELATION_DIRECTION: dict[str, str | None] = {
    "left-of": "left", "right-of": "right", "above": "up", "on": "up", "below": "down", "under": "down",
    "next-to": None, "in-front-of": None, "behind": None, "around": None, "inside": "center", "holding": None,
}  # fmt: skip

#: Things one wears: "add a hat to the dog" puts it on top.
WEARABLES: frozenset[str] = frozenset({"hat", "cap", "crown", "helmet", "glasses", "sunglasses", "bow", "halo"})

#: Photo filters that no compose style stands for (filter word → value).
FILTERS = PhraseTable(
    {
        "black and white": "grayscale", "black white": "grayscale", "b w": "grayscale", "bw": "grayscale",
        "grayscale": "grayscale", "greyscale": "grayscale", "gray scale": "grayscale", "grey scale": "grayscale",
        "monochrome": "grayscale", "monochromatic": "grayscale", "sepia": "sepia", "sepia tone": "sepia",
        "pixel art": "pixel-art", "pixelated": "pixel-art", "pixelate": "pixel-art", "8 bit": "pixel-art",
        "pixel": "pixel-art", "duotone": "duotone", "duo tone": "duotone", "invert": "invert",
        "inverted": "invert", "negative": "invert", "blur": "blur", "blurry": "blur", "blurred": "blur",
        "pencil sketch": "sketch", "pencil drawing": "sketch", "line drawing": "sketch",
        "oil painting": "oil-paint", "oil paint": "oil-paint", "posterize": "posterize", "posterise": "posterize",
    }
)  # fmt: skip
#: Compose style words that mean nothing on their own in an edit ("make it simple" is too vague).
WEAK_STYLE_WORDS: frozenset[str] = frozenset(
    {"soft", "gentle", "clean", "simple", "fun", "digital", "business", "professional", "bright", "night", "painted",
     "premium", "refined", "enterprise", "chalk", "crayon"}
)  # fmt: skip

#: Aspect-ratio words → ratio.
SHAPES: dict[str, str] = {
    "wider": "16:9", "wide": "16:9", "widescreen": "16:9", "landscape": "16:9", "horizontal": "16:9",
    "panorama": "21:9", "panoramic": "21:9", "ultrawide": "21:9", "cinematic": "21:9",
    "portrait": "9:16", "vertical": "9:16", "taller": "9:16", "tall": "9:16", "story": "9:16",
    "stories": "9:16", "reel": "9:16", "square": "1:1", "squared": "1:1",
}  # fmt: skip
RATIO_WORDS: frozenset[str] = frozenset({"aspect", "ratio", "format", "orientation", "reframe", "outpaint"})

#: Upscale words → output size ("" when the word only says "more").
UPSCALE_SIZES: dict[str, str] = {
    "4k": "4K", "uhd": "4K", "8k": "4K", "2k": "2K", "hd": "2K", "1080p": "2K", "1k": "1K",
    "resolution": "", "res": "", "hires": "", "upscale": "", "upscaled": "", "sharper": "", "crisper": "",
}  # fmt: skip

#: Resize words → factor.
FACTORS: dict[str, float] = {
    "bigger": 1.5, "larger": 1.5, "big": 1.5, "large": 1.5, "taller": 1.5, "wider": 1.5, "huge": 2.0,
    "giant": 2.0, "enormous": 2.0, "massive": 2.0, "gigantic": 2.0, "smaller": 0.67, "small": 0.67,
    "tiny": 0.5, "tinier": 0.5, "shorter": 0.67, "double": 2.0, "twice": 2.0, "triple": 3.0,
    "thrice": 3.0, "half": 0.5, "halve": 0.5, "quarter": 0.25,
}  # fmt: skip
#: A resize verb's own factor ("enlarge the dog", "shrink the tree").
VERB_FACTORS: dict[str, float] = {"bigger": 1.5, "smaller": 0.67, "double": 2.0, "half": 0.5}
#: Words that soften or strengthen a resize ("a bit bigger", "much smaller").
FACTOR_SOFT: frozenset[str] = frozenset({"bit", "slightly", "little", "tad", "somewhat", "touch"})
FACTOR_STRONG: frozenset[str] = frozenset({"much", "lot", "way", "far", "very", "really", "significantly", "lots"})

#: Text element words → role (``TextElement.role``; "text" for any).
TEXT_TARGETS: dict[str, str] = {
    "title": "title", "heading": "title", "headline": "title", "header": "title", "headings": "title",
    "titles": "title", "subtitle": "subtitle", "subheading": "subtitle", "subheader": "subtitle",
    "tagline": "subtitle", "slogan": "subtitle", "caption": "caption", "footer": "caption",
    "footnote": "caption", "byline": "caption", "label": "label", "labels": "label", "button": "button",
    "text": "text", "texts": "text", "words": "text", "wording": "text", "lettering": "text", "letters": "text",
    "writing": "text", "font": "text", "typography": "text", "typeface": "text", "copy": "text",
}  # fmt: skip

#: Words that stand for the thing talked about before.
PRONOUNS: frozenset[str] = frozenset({"it", "them", "they", "this", "that", "these", "those", "him", "her", "one"})
#: Words for the whole image.
CANVAS: frozenset[str] = frozenset({"image", "picture", "photo", "scene", "canvas", "everything", "whole", "all",
                                    "illustration", "artwork", "pic", "drawing", "poster", "composition"})  # fmt: skip
#: Words before a noun that do not change what it is.
DETERMINERS: frozenset[str] = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "my", "our", "your", "his", "her", "its", "their",
     "some", "all", "every", "each", "both", "another", "more", "extra", "new", "other", "of", "s", "same"}
)  # fmt: skip
#: Dictionary words the icon index happens to know that are never what an edit is about.
NOT_THINGS: frozenset[str] = frozenset(
    {"mask", "masked", "way", "art", "ground", "head", "hole", "area", "square", "look", "size", "time", "one",
     "bit", "lot", "version", "side", "back", "front", "place", "spot", "stop", "top", "record", "style", "copy",
     "fill", "ok", "up", "down", "new", "free", "id", "cool", "sos", "end", "soon", "on"}
)  # fmt: skip

#: Masked-area words ("fill the masked area with grass").
MASK_WORDS: frozenset[str] = frozenset({"mask", "masked", "selection", "selected", "hole", "gap", "region", "area"})

#: Ordinals and version words → 1-based version index (-1: the previous one).
ORDINALS: dict[str, int] = {
    "first": 1, "original": 1, "initial": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "previous": -1, "last": -1, "prior": -1,
    "earlier": -1,
}  # fmt: skip

#: Language names → code (used when :mod:`openbanana.editing.translate.languages` is not there).
LANGUAGES: dict[str, str] = {
    "english": "en", "spanish": "es", "castilian": "es", "french": "fr", "german": "de", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "japanese": "ja", "chinese": "zh", "mandarin": "zh", "korean": "ko",
    "russian": "ru", "arabic": "ar", "hebrew": "he", "hindi": "hi", "polish": "pl", "swedish": "sv",
    "turkish": "tr", "greek": "el", "catalan": "ca", "danish": "da", "norwegian": "nb", "finnish": "fi",
    "czech": "cs", "ukrainian": "uk", "vietnamese": "vi", "thai": "th", "indonesian": "id", "romanian": "ro",
    "hungarian": "hu", "esperanto": "eo", "welsh": "cy", "irish": "ga", "basque": "eu", "galician": "gl",
    "bengali": "bn", "persian": "fa", "farsi": "fa", "urdu": "ur", "malay": "ms", "swahili": "sw",
}  # fmt: skip


def language_code(word: str) -> str | None:
    """The code for a language name: the translate package's table when it is installed, else ours."""
    try:
        module: Any = importlib.import_module("openbanana.editing.translate.languages")
    except ImportError:
        module = None
    lookup = getattr(module, "language_code", None)
    if lookup is not None:
        try:
            code = lookup(word)
        except Exception:
            code = None
        if isinstance(code, str) and code:
            return code
    return LANGUAGES.get(word)
