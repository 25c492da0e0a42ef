"""Picking an illustration for a phrase ("70 countries grow it" → a world map) from the vendored icons.

The library's own index matches any word that happens to end an icon name ("most" → …), which is
too loose for facts and diagram stages; here a word counts only through this module's table of
common infographic words or as an exact, curated name in the library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openbanana.generators.compose.assets import load_library

#: Word (or singular form) → icon name, for words that facts, topics and process stages often use.
WORD_ICONS: dict[str, str] = {
    # people and places
    "people": "busts-in-silhouette", "person": "bust-in-silhouette", "user": "busts-in-silhouette",
    "customer": "busts-in-silhouette", "population": "busts-in-silhouette", "employee": "busts-in-silhouette",
    "member": "busts-in-silhouette", "work": "briefcase", "job": "briefcase", "worker": "briefcase",
    "career": "briefcase", "business": "briefcase", "remote": "laptop", "remotely": "laptop", "commute": "bus",
    "team": "busts-in-silhouette", "visitor": "busts-in-silhouette", "student": "graduation-cap",
    "country": "world-map", "nation": "world-map", "world": "globe-showing-americas", "global": "globe-with-meridians",
    "earth": "globe-showing-europe-africa", "planet": "globe-showing-europe-africa", "city": "cityscape",
    "home": "house", "house": "house", "building": "office-building", "school": "school", "office": "office-building",
    "ocean": "water-wave", "sea": "water-wave", "wave": "water-wave", "depth": "diving-mask", "deep": "diving-mask",
    "river": "water-wave", "lake": "water-wave", "mountain": "mountain", "forest": "evergreen-tree",
    # nature and science
    "water": "droplet", "drop": "droplet", "rain": "cloud-with-rain", "precipitation": "cloud-with-rain",
    "cloud": "cloud", "condensation": "cloud", "evaporation": "sun", "sun": "sun", "solar": "sun",
    "collection": "water-wave", "runoff": "water-wave", "infiltration": "droplet", "transpiration": "seedling",
    "snow": "snowflake", "ice": "snowflake", "temperature": "thermometer", "heat": "thermometer",
    "weather": "sun-behind-cloud", "climate": "globe-showing-europe-africa", "fire": "fire",
    "species": "lady-beetle", "animal": "paw-prints", "wildlife": "paw-prints", "insect": "bug", "bug": "bug",
    "tree": "deciduous-tree", "plant": "potted-plant", "seed": "seedling", "sprout": "seedling",
    "seedling": "seedling", "flower": "tulip", "leaf": "leaf-fluttering-in-wind", "grow": "seedling",
    "growth": "chart-increasing", "egg": "egg", "larva": "bug", "caterpillar": "bug", "pupa": "leaf-fluttering-in-wind",
    "chrysalis": "leaf-fluttering-in-wind", "cocoon": "leaf-fluttering-in-wind", "butterfly": "butterfly",
    "tadpole": "fish", "froglet": "frog", "frog": "frog", "chick": "hatching-chick", "hen": "chicken",
    "fish": "tropical-fish", "whale": "spouting-whale", "bee": "honeybee", "honey": "honey-pot",
    "energy": "high-voltage", "power": "high-voltage", "electricity": "electric-plug", "battery": "battery",
    "recycle": "recycling-symbol", "recycled": "recycling-symbol", "recycling": "recycling-symbol",
    "waste": "wastebasket", "plastic": "recycling-symbol", "carbon": "factory", "emission": "factory",
    "factory": "factory", "pollution": "factory", "science": "test-tube", "research": "microscope",
    "dna": "dna", "atom": "atom-symbol", "health": "stethoscope", "doctor": "stethoscope", "medicine": "pill",
    "vaccine": "syringe", "hospital": "hospital", "heart": "anatomical-heart", "brain": "brain",
    "sleep": "sleeping-face", "exercise": "person-running", "run": "person-running", "step": "footprints",
    # money and work
    "money": "money-bag", "revenue": "money-bag", "sales": "money-bag", "profit": "money-bag", "price": "money-bag",
    "cost": "dollar-banknote", "dollar": "dollar-banknote", "budget": "dollar-banknote", "income": "dollar-banknote",
    "pay": "credit-card", "payment": "credit-card", "bank": "bank", "coin": "coin", "market": "chart-increasing",
    "increase": "chart-increasing", "rise": "chart-increasing", "decrease": "chart-decreasing",
    "drop-off": "chart-decreasing", "data": "bar-chart", "statistic": "bar-chart", "survey": "clipboard",
    "report": "clipboard", "plan": "memo", "task": "memo", "goal": "bullseye", "target": "bullseye",
    "award": "trophy", "win": "trophy", "winner": "trophy", "best": "1st-place-medal", "top": "1st-place-medal",
    "idea": "light-bulb", "design": "artist-palette", "build": "hammer-and-wrench", "tool": "hammer-and-wrench",
    "setting": "gear", "process": "gear", "security": "shield", "secure": "shield", "password": "key",
    "login": "key", "verify": "check-mark-button", "verified": "check-mark-button", "check": "check-mark-button",
    "approve": "check-mark-button", "done": "check-mark-button", "finish": "chequered-flag", "end": "chequered-flag",
    "start": "rocket", "launch": "rocket", "begin": "rocket", "time": "alarm-clock", "hour": "hourglass-not-done",
    "minute": "stopwatch", "second": "stopwatch", "speed": "stopwatch", "fast": "stopwatch", "day": "calendar",
    "week": "calendar", "month": "calendar", "year": "calendar", "date": "calendar",
    # tech and communication
    "email": "e-mail", "mail": "envelope", "message": "speech-balloon", "chat": "speech-balloon",
    "comment": "speech-balloon", "phone": "mobile-phone", "mobile": "mobile-phone", "app": "mobile-phone",
    "internet": "globe-with-meridians", "web": "globe-with-meridians", "website": "globe-with-meridians",
    "online": "globe-with-meridians", "computer": "laptop", "laptop": "laptop", "desktop": "desktop-computer",
    "software": "laptop", "code": "laptop", "search": "magnifying-glass-tilted-left",
    "review": "magnifying-glass-tilted-left",
    "test": "test-tube", "video": "video-camera", "tv": "television", "music": "musical-note", "book": "open-book",
    "read": "open-book", "learn": "books", "education": "graduation-cap", "news": "newspaper",
    "order": "shopping-cart", "shop": "shopping-cart", "buy": "shopping-cart", "cart": "shopping-cart",
    "ship": "package", "shipping": "delivery-truck", "delivery": "delivery-truck", "deliver": "delivery-truck",
    "package": "package", "car": "automobile", "travel": "airplane", "flight": "airplane", "trip": "airplane",
    # food and drink
    "coffee": "hot-beverage", "cup": "hot-beverage", "tea": "teacup-without-handle", "drink": "cup-with-straw",
    "milk": "glass-of-milk", "food": "fork-and-knife-with-plate", "meal": "fork-and-knife-with-plate",
    "eat": "fork-and-knife-with-plate", "cook": "cooking", "boil": "fire", "kettle": "hot-beverage",
    "steep": "teacup-without-handle", "pour": "teacup-without-handle", "bread": "bread", "apple": "red-apple",
    "fruit": "red-apple", "vegetable": "leafy-green", "farm": "tractor", "crop": "ear-of-corn",
}  # fmt: skip

_WORD = re.compile(r"[a-z][a-z-]*")
_SKIP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "is",
        "are",
        "it",
        "its",
        "most",
        "more",
        "less",
        "than",
        "per",
        "about",
        "over",
    ]
)


def _singulars(word: str) -> list[str]:
    forms = [word]
    if len(word) > 3 and word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith(("ches", "shes", "xes", "ses")):
        forms.append(word[:-2])
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    if len(word) > 4 and word.endswith("ing"):
        forms += [word[:-3], word[:-3] + "e"]
    if len(word) > 3 and word.endswith("ed"):
        forms += [word[:-2], word[:-1]]
    return forms


def icon_for_word(word: str) -> str | None:
    """The icon for one word: this module's table first, then an exact icon name or curated synonym."""
    library = load_library()
    word = word.lower()
    if word in _SKIP:
        return None
    for form in _singulars(word):
        icon = WORD_ICONS.get(form)
        if icon is not None and icon in library:
            return icon
    for form in _singulars(word):
        hit = library.lookup_form(form)
        if hit is not None and hit[1] in library.primary:
            return hit[0]
    return None


def icons_for_text(text: str) -> list[str]:
    """Icons for the words of ``text``, in word order, without repeats."""
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        icon = icon_for_word(word)
        if icon is not None and icon not in out:
            out.append(icon)
    return out


def pick_icons(texts: Iterable[str], fallback: str | None, pool: Iterable[str]) -> list[str]:
    """One icon per text, different from each other where the words allow: the first unused icon the
    text's words give, else the topic's ``fallback``, else the next of ``pool``."""
    library = load_library()
    used: set[str] = set()
    spare = [p for p in pool if p in library]
    out: list[str] = []
    for text in texts:
        options = icons_for_text(text)
        icon = next((i for i in options if i not in used), None)
        if icon is None and fallback is not None and fallback not in used:
            icon = fallback
        if icon is None:
            icon = next((p for p in spare if p not in used), options[0] if options else (fallback or spare[0]))
        used.add(icon)
        out.append(icon)
    return out
