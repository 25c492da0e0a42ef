"""English word tables the prompt reader uses: colours, settings, numbers, sizes, relations, regions,
styles, text hints and stop words.

Everything language-specific is a table here (and noun data in :mod:`nouns`); the reader in
:mod:`intent` only looks words and phrases up. Phrases are written without articles ("to left of"
matches "to the left of"); :class:`PhraseTable` skips articles in the prompt while matching. Another
language adds a module with the same names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, TypeVar

from openbanana.generators.compose.nouns import ASSET_SYNONYMS, singular_forms

__all__ = ["ASSET_SYNONYMS", "singular_forms"]  # re-exported for the library index

V = TypeVar("V")

#: Words skipped inside phrases ("in the top right corner" = "in top right corner").
ARTICLES: frozenset[str] = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her"})


class PhraseTable(Generic[V]):
    """Phrase (space-separated words, no articles) → value, matched longest first at a word index."""

    def __init__(self, entries: Mapping[str, V]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        for phrase, value in entries.items():
            words = tuple(phrase.split())
            self._by_first.setdefault(words[0], []).append((words, value))
        for options in self._by_first.values():
            options.sort(key=lambda o: -len(o[0]))

    def __contains__(self, word: object) -> bool:
        """Whether ``word`` alone is a phrase of the table."""
        return isinstance(word, str) and any(len(p) == 1 for p, _v in self._by_first.get(word, ()))

    def __getitem__(self, word: str) -> V:
        for phrase, value in self._by_first.get(word, ()):
            if len(phrase) == 1:
                return value
        raise KeyError(word)

    def starts(self, word: str) -> bool:
        """Whether some phrase of the table starts with ``word``."""
        return word in self._by_first

    def match(self, words: list[str], i: int, limit: int | None = None) -> tuple[V, int] | None:
        """(value, index after the phrase) for the longest phrase starting at ``words[i]``, or None.
        Articles in ``words`` are skipped unless the phrase itself names them; ``limit`` caps the end."""
        end_limit = len(words) if limit is None else min(limit, len(words))
        if i >= end_limit:
            return None
        for phrase, value in self._by_first.get(words[i], ()):
            j = i + 1
            for w in phrase[1:]:
                while j < end_limit and words[j] in ARTICLES and words[j] != w:
                    j += 1
                if j >= end_limit or words[j] != w:
                    break
                j += 1
            else:
                return value, j
        return None


COLORS: dict[str, str] = {
    "red": "#e53935",
    "crimson": "#c62840",
    "scarlet": "#ff2400",
    "maroon": "#7b1e2b",
    "burgundy": "#800d2e",
    "orange": "#fb8c00",
    "amber": "#ffb300",
    "yellow": "#fdd835",
    "gold": "#d4a017",
    "golden": "#d4a017",
    "green": "#43a047",
    "lime": "#9ccc65",
    "olive": "#7c8b2e",
    "emerald": "#1e9e6a",
    "mint": "#98e3c3",
    "teal": "#00897b",
    "turquoise": "#26c6da",
    "cyan": "#00bcd4",
    "aqua": "#4dd0e1",
    "blue": "#1e88e5",
    "navy": "#1a237e",
    "azure": "#3c9df0",
    "indigo": "#3949ab",
    "purple": "#8e24aa",
    "violet": "#7e57c2",
    "lavender": "#b39ddb",
    "magenta": "#d81b60",
    "pink": "#f06292",
    "rose": "#e8788a",
    "coral": "#ff7f6b",
    "peach": "#ffb38a",
    "brown": "#6d4c41",
    "beige": "#e8d9b5",
    "cream": "#f7f0dc",
    "tan": "#d2b48c",
    "black": "#111111",
    "white": "#fafafa",
    "gray": "#9e9e9e",
    "grey": "#9e9e9e",
    "silver": "#c0c0c8",
    "charcoal": "#36393f",
}

#: Curated background palettes (top/left colour first). The seed picks one when the prompt names none.
PALETTES: tuple[tuple[str, ...], ...] = (
    ("#ffecd2", "#fcb69f"),
    ("#a1c4fd", "#c2e9fb"),
    ("#d4fc79", "#96e6a1"),
    ("#fbc2eb", "#a6c1ee"),
    ("#fdfbfb", "#ebedee"),
    ("#f6d365", "#fda085"),
    ("#84fab0", "#8fd3f4"),
    ("#e0c3fc", "#8ec5fc"),
    ("#43cea2", "#185a9d"),
    ("#ff9a9e", "#fecfef"),
    ("#30cfd0", "#330867"),
    ("#0f2027", "#2c5364"),
    ("#ee9ca7", "#ffdde1"),
    ("#c79081", "#dfa579"),
    ("#13547a", "#80d0c7"),
    ("#fa709a", "#fee140"),
)

#: keyword → setting (what the scene shows; the first setting word other than "sky" wins).

#: keyword → setting (what the scene shows; the first setting word other than "sky" wins).
SCENES: dict[str, str] = {
    "sky": "sky", "skies": "sky", "cloud": "sky", "clouds": "sky", "cloudy": "sky", "sunny": "sky",
    "daytime": "sky", "fly": "sky", "flying": "sky",
    "beach": "beach", "beaches": "beach", "seaside": "beach", "coast": "beach", "shore": "beach",
    "island": "beach", "surf": "beach", "surfing": "beach", "tropical": "beach",
    "sea": "sea", "ocean": "sea", "waves": "sea", "harbor": "sea", "harbour": "sea", "sailing": "sea",
    "lake": "lake", "river": "lake", "pond": "lake",
    "underwater": "underwater", "reef": "underwater", "aquarium": "underwater",
    "city": "city", "town": "city", "street": "city", "downtown": "city", "skyline": "city", "urban": "city",
    "metropolis": "city", "cityscape": "city", "streets": "city",
    "forest": "forest", "woods": "forest", "jungle": "forest", "camping": "forest", "hiking": "forest",
    "park": "park", "garden": "park", "meadow": "park", "field": "park", "countryside": "park",
    "farm": "park", "lawn": "park", "picnic": "park", "backyard": "park",
    "mountain": "mountain", "mountains": "mountain", "alps": "mountain", "hills": "mountain",
    "snow": "snow", "snowy": "snow", "winter": "snow", "christmas": "snow", "ski": "snow", "frozen": "snow",
    "arctic": "snow", "snowfield": "snow",
    "desert": "desert", "sand": "desert", "dunes": "desert", "sahara": "desert",
    "space": "space", "galaxy": "space", "cosmic": "space", "universe": "space", "cosmos": "space",
    "room": "room", "indoors": "room", "indoor": "room", "interior": "room", "living": "room",
    "classroom": "room", "library": "room", "bathroom": "room",
    "bedroom": "bedroom", "office": "office", "workspace": "office", "workplace": "office",
    "coworking": "office", "kitchen": "kitchen", "bakery": "kitchen",
    "studio": "studio", "cafe": "cafe", "restaurant": "cafe", "coffeeshop": "cafe",
}  # fmt: skip

#: keyword → time of day (day | sunset | night).
TIMES: dict[str, str] = {
    "night": "night", "nighttime": "night", "starry": "night", "stars": "night", "midnight": "night",
    "moonlit": "night", "moon": "night", "tonight": "night", "nightlife": "night",
    "sunset": "sunset", "sunrise": "sunset", "dusk": "sunset", "dawn": "sunset", "evening": "sunset",
    "twilight": "sunset", "daybreak": "sunset",
    "day": "day", "daytime": "day", "sunny": "day", "morning": "day", "noon": "day", "afternoon": "day",
}  # fmt: skip

#: Light and atmosphere (phrases) → lighting: golden | sunrise | neon | moonlight.
LIGHTING = PhraseTable(
    {
        "golden hour": "golden", "golden light": "golden", "warm light": "golden", "magic hour": "golden",
        "sunrise": "sunrise", "dawn": "sunrise", "daybreak": "sunrise", "early morning": "sunrise",
        "neon": "neon", "neon lights": "neon", "neon lit": "neon", "cyberpunk": "neon", "synthwave": "neon",
        "moonlight": "moonlight", "moonlit": "moonlight",
    }
)  # fmt: skip

#: Weather words → weather overlay: rain | snow | fog | storm | cloudy.
WEATHER: dict[str, str] = {
    "rain": "rain", "rainy": "rain", "raining": "rain", "rainfall": "rain", "drizzle": "rain",
    "downpour": "rain", "showers": "rain", "monsoon": "rain",
    "snowing": "snow", "snowfall": "snow", "snowflakes": "snow", "blizzard": "snow", "snowstorm": "snow",
    "fog": "fog", "foggy": "fog", "mist": "fog", "misty": "fog", "haze": "fog", "hazy": "fog",
    "storm": "storm", "stormy": "storm", "thunderstorm": "storm", "thunder": "storm",
    "overcast": "cloudy", "cloudy": "cloudy", "snow": "snow", "snowy": "snow",
}  # fmt: skip

NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "pair": 2, "couple": 2, "both": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "dozen": 12, "several": 3, "few": 3, "many": 6, "some": 3, "lots": 6, "numerous": 6,
    "twin": 2, "twins": 2, "trio": 3,
}  # fmt: skip

MAX_INSTANCES = 12

#: Size words → scale on an illustration's natural size.
SIZES: dict[str, float] = {
    "tiny": 0.45, "teeny": 0.45, "miniature": 0.5, "mini": 0.55, "small": 0.65, "little": 0.7,
    "big": 1.45, "large": 1.45, "tall": 1.3, "huge": 1.85, "giant": 1.9, "gigantic": 1.95, "enormous": 1.95,
    "massive": 1.85, "colossal": 1.95, "oversized": 1.7, "jumbo": 1.8, "mega": 1.8, "towering": 1.8,
    "bigger": 1.45, "larger": 1.45, "smaller": 0.65, "tinier": 0.45,
}  # fmt: skip

#: Words that make the colour after them lighter (> 0) or darker (< 0).
SHADES: dict[str, float] = {"light": 0.35, "pale": 0.45, "pastel": 0.4, "dark": -0.35, "deep": -0.25}

#: Spatial relations between two things: phrase → relation of the first thing to the second.
RELATIONS = PhraseTable(
    {
        "to left of": "left-of", "left of": "left-of", "on left of": "left-of", "on left side of": "left-of",
        "to right of": "right-of", "right of": "right-of", "on right of": "right-of",
        "on right side of": "right-of",
        "above": "above", "over": "above", "flying over": "above", "hovering over": "above",
        "hanging over": "above", "floating above": "above", "up above": "above",
        "on": "on", "on top of": "on", "onto": "on", "upon": "on", "atop": "on", "sitting on": "on",
        "standing on": "on", "lying on": "on", "perched on": "on", "resting on": "on",
        "sitting on top of": "on", "standing on top of": "on", "perched on top of": "on",
        "lying on top of": "on", "placed on": "on", "sits on": "on", "stands on": "on",
        "under": "under", "underneath": "under", "beneath": "under", "below": "below",
        "in front of": "in-front-of", "before": "in-front-of",
        "behind": "behind", "in back of": "behind", "at back of": "behind",
        "inside": "inside", "inside of": "inside", "in": "inside", "within": "inside", "into": "inside",
        "next to": "next-to", "beside": "next-to", "by": "next-to", "near": "next-to",
        "close to": "next-to", "alongside": "next-to", "by side of": "next-to",
        "around": "around", "circling": "around", "encircling": "around", "all around": "around",
        "holding": "holding", "holds": "holding", "carrying": "holding", "carries": "holding",
        "surrounded by": "surrounded-by", "encircled by": "surrounded-by", "ringed by": "surrounded-by",
        "circled by": "surrounded-by",
    }
)  # fmt: skip

#: Where on the canvas something goes: phrase → region.
REGIONS = PhraseTable(
    {
        "in top left corner": "top-left", "in top left": "top-left", "top left corner": "top-left",
        "top left": "top-left", "upper left": "top-left", "upper left corner": "top-left",
        "in top right corner": "top-right", "in top right": "top-right", "top right corner": "top-right",
        "top right": "top-right", "upper right": "top-right", "upper right corner": "top-right",
        "in bottom left corner": "bottom-left", "in bottom left": "bottom-left",
        "bottom left corner": "bottom-left", "bottom left": "bottom-left", "lower left": "bottom-left",
        "lower left corner": "bottom-left",
        "in bottom right corner": "bottom-right", "in bottom right": "bottom-right",
        "bottom right corner": "bottom-right", "bottom right": "bottom-right", "lower right": "bottom-right",
        "lower right corner": "bottom-right", "in corner": "bottom-right", "in one corner": "bottom-right",
        "at top": "top", "on top": "top", "along top": "top", "across top": "top", "at top of": "top",
        "at bottom": "bottom", "along bottom": "bottom", "across bottom": "bottom", "at bottom of": "bottom",
        "in foreground": "bottom", "at foot of": "bottom",
        "in center": "center", "in centre": "center", "in middle": "center", "centered": "center",
        "centred": "center", "in center of": "center", "in middle of": "center", "in centre of": "center",
        "at center": "center", "at centre": "center",
        "on left": "left", "on left side": "left", "at left": "left", "on right": "right",
        "on right side": "right", "at right": "right",
    }
)  # fmt: skip

#: Canvas words: "on the left of the image" is a region, not a relation to an illustration.
CANVAS_WORDS: frozenset[str] = frozenset(
    {"image", "picture", "canvas", "frame", "poster", "page", "scene", "photo", "composition", "screen", "it"}
)

#: How several copies of a thing are arranged: phrase (before the noun) → arrangement.
ARRANGEMENTS = PhraseTable(
    {
        "row of": "row", "line of": "row", "line up of": "row", "column of": "column",
        "stack of": "stack", "pile of": "stack", "tower of": "stack", "heap of": "stack",
        "circle of": "ring", "ring of": "ring", "wreath of": "ring",
        "grid of": "grid", "pattern of": "grid", "set of": "grid", "collection of": "grid",
        "group of": "cluster", "bunch of": "cluster", "flock of": "cluster", "herd of": "cluster",
        "pack of": "cluster", "school of": "cluster", "swarm of": "cluster", "crowd of": "cluster",
        "family of": "cluster", "team of": "cluster", "lots of": "cluster", "lot of": "cluster",
        "field of": "grid",
    }
)  # fmt: skip

#: Arrangements said after the noun ("five trees in a row").
ARRANGEMENTS_AFTER = PhraseTable(
    {
        "in row": "row", "in line": "row", "in straight line": "row", "lined up": "row", "side by side": "row",
        "in column": "column", "stacked": "stack", "stacked up": "stack", "piled up": "stack",
        "in circle": "ring", "in ring": "ring", "in grid": "grid", "scattered": "cluster",
    }
)  # fmt: skip

#: "a cup of coffee", "two slices of pizza": the measure counts, the second noun is what is drawn.
MEASURES: frozenset[str] = frozenset(
    {"cup", "cups", "mug", "mugs", "glass", "glasses", "slice", "slices", "piece", "pieces", "plate", "plates",
     "scoop", "scoops", "serving", "servings", "portion", "portions"}
)  # fmt: skip
#: "a basket of apples", "a box of cookies": the second noun is drawn inside the first.
CONTAINERS: frozenset[str] = frozenset(
    {"box", "boxes", "basket", "baskets", "bowl", "bowls", "bag", "bags", "bucket", "buckets", "jar", "jars",
     "crate", "crates", "cart", "carts", "nest", "nests", "pot", "pots"}
)  # fmt: skip

#: Collective nouns imply a few more than the default three.
GROUP_COUNTS: dict[str, int] = {"cluster": 5, "row": 5, "ring": 6, "grid": 6, "stack": 4, "column": 4}

#: Words that never become illustrations (layout / style / instruction vocabulary).
NOT_ASSETS: frozenset[str] = frozenset(
    """
    a an the and or of with without in on at to for from by as is are be it its this that these those
    background backdrop text title subtitle caption label labels heading headline tagline word words
    letter letters lettering font typography poster banner flyer sign image picture photo illustration
    drawing render style color colour colors colours make made add put show showing use using please
    create draw design logo card cover page strip bold italic big large small tiny huge bright dark
    light pale soft left right top bottom center centre middle side corner blue red green yellow orange
    purple pink white black gray grey brown gold silver vibrant pastel neon minimal modern retro elegant
    playful simple clean say says saying read reads reading written write writes wording quote quoted
    quotes mark marks up down new old one two three four five six seven eight nine ten some many few
    several couple pair dozen lot lots also again instead now then but just only very more less same
    other another different here there screen display front back face hand
    button symbol type night day daytime sky skies sea ocean beach forest woods jungle park garden
    meadow field countryside sunset sunrise dusk dawn evening snow snowy winter desert sand dunes space
    galaxy cosmic water scene landscape view opening grand welcome happy today tomorrow sunny cloudy
    seaside coast shore lake river pond underwater reef city town street downtown skyline urban
    metropolis mountain mountains alps hills universe cosmos room indoors indoor interior living bedroom
    office workspace kitchen studio cafe restaurant twilight evening nighttime midnight
    rain rainy raining fog foggy mist misty haze storm stormy thunderstorm thunder weather overcast
    row line column stack pile circle grid pattern group bunch flock herd swarm crowd set collection
    cinematic golden hour vintage flat corporate watercolor watercolour sketch doodle mode theme
    """.split()  # noqa: SIM905
)

#: Leading words that make "<x>-<noun>" a poor generic representative of <noun>.
NOT_A_MODIFIER: frozenset[str] = frozenset({"no", "non", "hand", "face", "backhand", "index", "person", "man"})

#: Words that negate a following noun ("no dogs", "without the cat", "remove the tree").
NEGATIONS: frozenset[str] = frozenset(
    {"no", "not", "t", "never", "without", "remove", "delete", "drop", "minus", "except", "nothing"}
)

BACKGROUND_WORDS: frozenset[str] = frozenset({"background", "backdrop", "bg", "sky", "backgrounds", "wall"})
TEXT_WORDS: frozenset[str] = frozenset(
    {"text", "letters", "lettering", "font", "words", "writing", "type", "typography", "typeface", "title"}
)

#: Style words and phrases (prompt or system instruction) → style names (see :mod:`styles`).
STYLES = PhraseTable(
    {
        "dark": "dark", "night": "dark", "moody": "dark", "noir": "dark", "dark mode": "dark",
        "dark theme": "dark", "gothic": "dark",
        "pastel": "pastel", "soft": "pastel", "gentle": "pastel", "cute": "pastel", "kawaii": "pastel",
        "vibrant": "vibrant", "bright": "vibrant", "colorful": "vibrant", "colourful": "vibrant",
        "bold colors": "vibrant", "bold colours": "vibrant", "saturated": "vibrant",
        "neon": "neon", "cyberpunk": "neon", "synthwave": "neon", "vaporwave": "neon", "glowing": "neon",
        "retro": "retro", "eighties": "retro", "seventies": "retro", "groovy": "retro", "retro poster": "retro",
        "vintage": "vintage", "antique": "vintage", "old fashioned": "vintage", "sepia": "vintage",
        "nostalgic": "vintage",
        "minimal": "minimal", "minimalist": "minimal", "minimalistic": "minimal", "clean": "minimal",
        "simple": "minimal",
        "flat": "flat", "flat design": "flat", "flat illustration": "flat", "flat style": "flat",
        "elegant": "elegant", "luxury": "elegant", "luxurious": "elegant", "classy": "elegant",
        "sophisticated": "elegant", "premium": "elegant", "refined": "elegant",
        "playful": "playful", "fun": "playful", "whimsical": "playful", "cartoon": "playful",
        "cartoony": "playful", "childlike": "playful",
        "corporate": "corporate", "business": "corporate", "professional": "corporate",
        "enterprise": "corporate",
        "pop art": "pop-art", "popart": "pop-art", "pop-art": "pop-art", "warhol": "pop-art",
        "cinematic": "cinematic", "filmic": "cinematic", "dramatic": "cinematic", "movie still": "cinematic",
        "watercolor": "watercolor", "watercolour": "watercolor", "painted": "watercolor",
        "painterly": "watercolor",
        "hand drawn": "hand-drawn", "handdrawn": "hand-drawn", "sketch": "hand-drawn",
        "sketchy": "hand-drawn", "doodle": "hand-drawn", "crayon": "hand-drawn", "chalk": "hand-drawn",
        "tech": "tech", "futuristic": "tech", "sci fi": "tech", "techy": "tech", "digital": "tech",
    }
)  # fmt: skip

#: Words near a quote → the text's role.
ROLE_HINTS: dict[str, str] = {
    "title": "title", "headline": "title", "heading": "title", "header": "title",
    "subtitle": "subtitle", "subheading": "subtitle", "tagline": "subtitle", "slogan": "subtitle",
    "subheader": "subtitle", "caption": "caption", "footer": "caption", "byline": "caption",
    "footnote": "caption", "credit": "caption", "label": "label", "tag": "label", "badge": "label",
    "sign": "sign", "signboard": "sign", "placard": "sign", "board": "sign", "chalkboard": "sign",
    "blackboard": "sign", "whiteboard": "sign", "plaque": "sign",
    "button": "button", "cta": "button",
}  # fmt: skip

#: Typeface words near a quote (or said of the text) → ``TextElement.font``.
FONT_HINTS = PhraseTable(
    {
        "serif": "serif", "serif font": "serif", "roman": "serif", "classic font": "serif",
        "sans": "sans", "sans serif": "sans", "sansserif": "sans", "geometric": "sans",
        "cursive": "cursive", "script": "cursive", "calligraphy": "cursive", "calligraphic": "cursive",
        "handwritten": "handwritten", "hand written": "handwritten", "handwriting": "handwritten",
        "hand lettered": "handwritten", "chalk": "handwritten", "scribbled": "handwritten",
        "comic": "handwritten", "marker": "handwritten",
        "monospace": "mono", "monospaced": "mono", "mono": "mono", "typewriter": "mono", "code": "mono",
        "pixel": "mono", "terminal": "mono", "console": "mono",
        "display": "display", "chunky": "display", "blocky": "display", "block letters": "display",
        "condensed": "display", "headline font": "display", "poster font": "display", "impact": "display",
    }
)  # fmt: skip

#: Drawing effects near a quote → ``TextElement.effect``.
EFFECT_HINTS = PhraseTable(
    {
        "neon": "neon", "glowing": "neon", "glow": "neon", "neon sign": "neon", "lit up": "neon",
        "outline": "outline", "outlined": "outline", "stroked": "outline", "hollow": "outline",
        "shadow": "shadow", "drop shadow": "shadow", "shadowed": "shadow", "3d": "shadow", "embossed": "shadow",
    }
)  # fmt: skip
