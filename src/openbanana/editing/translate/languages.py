"""Language names and codes: what "into Spanish", "en español" or "to es" means (ISO 639-1 codes).

Apertium names its pairs with ISO 639-3 codes (``eng-spa``), so the three-letter codes are kept here too.
"""

from __future__ import annotations

import unicodedata

#: ISO 639-1 → (English name, ISO 639-3, other names people use: endonyms, adjectives).
LANGUAGES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "en": ("English", "eng", ("inglés", "anglais", "englisch", "inglese", "inglês")),
    "es": ("Spanish", "spa", ("español", "espanol", "castellano", "castilian", "espagnol", "spanisch")),
    "fr": ("French", "fra", ("français", "francais", "französisch", "francés", "fre")),
    "de": ("German", "deu", ("deutsch", "allemand", "alemán", "tedesco", "ger")),
    "it": ("Italian", "ita", ("italiano", "italien", "italienisch")),
    "pt": ("Portuguese", "por", ("português", "portugues", "portugais", "portugiesisch", "brazilian")),
    "ca": ("Catalan", "cat", ("català", "catala", "catalán", "valencian", "valencià")),
    "gl": ("Galician", "glg", ("galego", "gallego")),
    "eu": ("Basque", "eus", ("euskara", "euskera", "baq")),
    "eo": ("Esperanto", "epo", ()),
    "nl": ("Dutch", "nld", ("nederlands", "flemish", "vlaams", "dut")),
    "sv": ("Swedish", "swe", ("svenska",)),
    "da": ("Danish", "dan", ("dansk",)),
    "no": ("Norwegian", "nor", ("norsk", "bokmål", "bokmal", "nob")),
    "is": ("Icelandic", "isl", ("íslenska", "islenska", "ice")),
    "fi": ("Finnish", "fin", ("suomi",)),
    "pl": ("Polish", "pol", ("polski",)),
    "cs": ("Czech", "ces", ("čeština", "cestina", "cze")),
    "ro": ("Romanian", "ron", ("română", "romana", "rum")),
    "hu": ("Hungarian", "hun", ("magyar",)),
    "el": ("Greek", "ell", ("ελληνικά", "gre")),
    "tr": ("Turkish", "tur", ("türkçe", "turkce")),
    "ru": ("Russian", "rus", ("русский",)),
    "uk": ("Ukrainian", "ukr", ("українська",)),
    "sh": ("Serbo-Croatian", "hbs", ("serbian", "croatian", "bosnian", "srpski", "hrvatski", "srp", "hrv")),
    "mk": ("Macedonian", "mkd", ("македонски", "mac")),
    "ar": ("Arabic", "ara", ("العربية",)),
    "he": ("Hebrew", "heb", ("עברית",)),
    "hi": ("Hindi", "hin", ("हिन्दी", "हिंदी")),
    "zh": ("Chinese", "zho", ("mandarin", "中文", "汉语", "chi", "simplified chinese")),
    "ja": ("Japanese", "jpn", ("日本語",)),
    "ko": ("Korean", "kor", ("한국어",)),
    "vi": ("Vietnamese", "vie", ("tiếng việt",)),
    "th": ("Thai", "tha", ("ไทย",)),
    "id": ("Indonesian", "ind", ("bahasa indonesia",)),
}


def _fold(word: str) -> str:
    """Lower case without accents or surrounding punctuation ("Español." → "espanol")."""
    text = unicodedata.normalize("NFKD", word.strip().strip(".,!?:;\"'()").casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, (name, code3, others) in LANGUAGES.items():
        for word in (code, code3, name, *others):
            index.setdefault(_fold(word), code)
    return index


_INDEX = _index()


def language_code(word: str) -> str | None:
    """The ISO 639-1 code of a language name, endonym, ISO 639-1/-3 code or locale tag ("Spanish",
    "español", "es", "spa", "es-MX", "pt_BR" → "es", "es", "es", "es", "es", "pt"); None when unknown."""
    folded = _fold(word)
    if not folded:
        return None
    found = _INDEX.get(folded) or _INDEX.get(folded.replace("_", "-").split("-")[0])
    if found is None and folded.endswith(" language"):
        found = _INDEX.get(folded.removesuffix(" language").strip())
    return found


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 or 639-3 code ("es" → "Spanish"); the code itself when unknown."""
    found = language_code(code)
    return LANGUAGES[found][0] if found else code


def iso3(code: str) -> str | None:
    """ISO 639-1 → ISO 639-3 ("es" → "spa")."""
    entry = LANGUAGES.get(code)
    return entry[1] if entry else None


def iso1(code3: str) -> str | None:
    """ISO 639-3 (or 639-1, as some Apertium pairs use) → ISO 639-1 ("spa" → "es", "gl" → "gl")."""
    code = _fold(code3)
    if code in LANGUAGES:
        return code
    return next((c for c, entry in LANGUAGES.items() if entry[1] == code), None)
