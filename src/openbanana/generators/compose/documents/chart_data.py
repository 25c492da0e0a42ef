"""Reading the numbers of a chart out of a prompt: label/value pairs in either order.

``sales: Q1 120, Q2 150``, ``45% mobile, 30% desktop``, ``Mon 12 Tue 15``, ``"North" 40``,
``$1.2M``, ``3,400``, ``2.5k``, ``12°C``, ``2019: 120``. The prompt is cut into tokens (words,
quoted strings, numbers, separators); the order (label first or value first) is whichever explains
more numbers, and each number takes the words next to it up to a separator or a word that cannot be
part of a label ("of", "chart", "with" …).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from openbanana.generators.compose.intent import extract_quotes

_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_MULT_SHORT = {1e3: "k", 1e6: "M", 1e9: "B"}

_TOKEN = re.compile(
    r"""
    (?P<quote>\x00(?P<qi>\d+)\x00)
  | (?P<word>[^\W\d_](?:[\w'’.&-]*\w)?)
  | (?P<num>
        (?P<neg>(?<![\w.])[-−])?
        (?P<cur>[$€£¥₹])?\s?
        (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        (?P<suf>\s?%|\s?(?:percent|per\s?cent)\b|\s?°[CF]?|(?:k|K|M|m|mn|bn|B|b)\b
           |\s(?:thousand|million|billion)\b|[€£¥]|(?:kg|km|h|hrs|min|ms|s|x)\b)?
    )
  | (?P<arrow>→|->|=>|⟶)
  | (?P<strong>[,;|\n]|\.(?=\s|$)|\s/\s)
  | (?P<weak>[:=()\[\]–—]|\s-\s)
    """,
    re.VERBOSE,
)

#: Words that end a label (prepositions, chart vocabulary, instructions).
STOP = frozenset(
    """
    a an the of for with by in on at as to from into over per showing show shows display displays displaying
    using use chart charts graph graphs plot plots bar bars line lines pie donut doughnut column columns area
    histogram data values value numbers figures make create draw please titled called named labelled labeled
    comparing compare is are was were be vs versus it its their our my your style colors colours palette
    where which that this these those across between during each every horizontal vertical percentage
    percentages share shares breakdown
    """.split()  # noqa: SIM905
)
#: Words that separate items as a comma does.
_JOINERS = frozenset({"and", "&", "then", "plus"})

_IN = frozenset({"in", "for", "during"})
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
_RATIO = re.compile(r"\b\d{1,2}\s*:\s*\d{1,2}\b(?!\s*(?:[ap]m\b))")
_RESOLUTION = re.compile(r"\b(?:in|at)\s+[1-8]\s?[kK]\b|\b\d{3,4}\s?[xX×]\s?\d{3,4}\b|\b\d{3,4}p\b")


@dataclass(frozen=True)
class Number:
    value: float
    #: As it will be drawn: "45%", "$1.2M", "3,400", "12°C".
    display: str
    prefix: str = ""
    #: "%", "°C", "k" … (the multiplier letter when a multiplier was written).
    suffix: str = ""
    mult: float = 1.0
    integral: bool = True


@dataclass(frozen=True)
class Tok:
    kind: str  # word | quote | num | strong | weak
    text: str = ""
    num: Number | None = None
    quote: int = -1


@dataclass(frozen=True)
class Datum:
    label: str
    value: float
    display: str
    #: Index into the prompt's quoted strings when the label is one.
    quote: int = -1


@dataclass(frozen=True)
class Dataset:
    data: tuple[Datum, ...]
    prefix: str = ""
    suffix: str = ""
    mult: float = 1.0
    decimals: int = 0
    sample: bool = False
    #: Indices of the quoted strings used as labels.
    used_quotes: frozenset[int] = field(default_factory=frozenset)

    @property
    def percent(self) -> bool:
        return self.suffix == "%"

    def tick(self, value: float, step: float) -> str:
        """An axis value in the data's own notation ("$50k", "25%")."""
        scaled = value / self.mult
        decimals = max(0, -int(_floor_log10(step / self.mult))) if step / self.mult < 1 else 0
        return format_value(scaled, decimals, self.prefix, self.suffix)


def _floor_log10(v: float) -> float:
    import math

    return math.floor(math.log10(abs(v))) if v else 0.0


def format_value(v: float, decimals: int, prefix: str = "", suffix: str = "") -> str:
    body = f"{abs(v):,.{decimals}f}"
    sign = "−" if v < 0 and float(body.replace(",", "")) != 0 else ""
    return f"{sign}{prefix}{body}{suffix}"


def _number(m: re.Match[str]) -> Number:
    digits = m.group("digits")
    value = float(digits.replace(",", ""))
    suf_raw = (m.group("suf") or "").strip()
    cur = m.group("cur") or ""
    suffix, mult = "", 1.0
    low = suf_raw.lower()
    if low in ("%", "percent", "per cent", "percent"):
        suffix = "%"
    elif low.startswith("°"):
        suffix = suf_raw
    elif low in _MULT:
        mult = _MULT[low]
        suffix = _MULT_SHORT[mult] if suf_raw not in ("k", "K", "M", "B", "m", "bn") else suf_raw
        if suf_raw == "m":
            suffix = "M"
    elif suf_raw in ("€", "£", "¥"):
        cur, suffix = "", suf_raw
    elif suf_raw:
        suffix = suf_raw
    neg = bool(m.group("neg"))
    value = (-value if neg else value) * mult
    display = f"{'−' if neg else ''}{cur}{digits}{suffix}"
    return Number(value, display, cur, suffix, mult, "." not in digits)


def tokenize(text: str) -> list[Tok]:
    """Tokens of one prompt; quoted strings become ``quote`` tokens (index in prompt order)."""
    quotes = extract_quotes(text)
    masked, pos = [], 0
    for i, (_q, start, end) in enumerate(quotes):
        masked += [text[pos:start], f" \x00{i}\x00 "]
        pos = end
    masked.append(text[pos:])
    source = "".join(masked)
    source = _RATIO.sub(" ", _RESOLUTION.sub(" ", source))
    toks: list[Tok] = []
    for m in _TOKEN.finditer(source):
        if m.group("quote"):
            toks.append(Tok("quote", quotes[int(m.group("qi"))][0], quote=int(m.group("qi"))))
        elif m.group("word"):
            word = m.group("word")
            toks.append(Tok("strong", word) if word.lower() in _JOINERS else Tok("word", word))
        elif m.group("num"):
            toks.append(Tok("num", m.group("num"), num=_number(m)))
        elif m.group("arrow") or m.group("strong"):
            toks.append(Tok("strong", m.group(0)))
        else:
            toks.append(Tok("weak", m.group(0)))
    # A bare year is a label right before another number ("2019: 120", "2020 150") and right after
    # one with "in" between ("$1.2M in 2019").
    out: list[Tok] = []
    for i, t in enumerate(toks):
        if t.kind == "num" and t.num and not t.num.prefix and not t.num.suffix and _YEAR.match(t.text.strip()):
            nxt = next((u for u in toks[i + 1 :] if u.kind != "weak"), None)
            if nxt is not None and nxt.kind == "num":
                out.append(Tok("word", t.text.strip()))
                continue
            if len(out) >= 2 and out[-1].kind == "word" and out[-1].text.lower() in _IN and out[-2].kind == "num":
                out[-1] = Tok("word", t.text.strip())
                continue
        out.append(t)
    return out


def _is_label(t: Tok) -> bool:
    return t.kind == "quote" or (t.kind == "word" and t.text.lower() not in STOP)


def _label_before(toks: list[Tok], i: int) -> list[Tok]:
    words: list[Tok] = []
    j = i - 1
    while j >= 0:
        t = toks[j]
        if t.kind == "weak":
            if words:
                break
            j -= 1
            continue
        if not _is_label(t) or (t.kind == "quote" and words) or (words and words[0].kind == "quote"):
            break
        words.insert(0, t)
        j -= 1
    return words


def _label_after(toks: list[Tok], i: int) -> list[Tok]:
    words: list[Tok] = []
    j = i + 1
    while j < len(toks):
        t = toks[j]
        if t.kind == "weak":
            if words:
                break
            j += 1
            continue
        if not _is_label(t) or (t.kind == "quote" and words) or (words and words[-1].kind == "quote"):
            break
        words.append(t)
        j += 1
    return words


def _trim(label: list[Tok], others: list[list[Tok]], leading: bool) -> list[Tok]:
    """An outermost label may have swallowed words of the sentence around the data ("temperature
    Mon"): keep as many words as the other labels have, or drop lower-case words when the others are
    capitalised."""
    if not others or len(label) <= 1 or any(t.kind == "quote" for t in label):
        return label
    k = max(len(o) for o in others)
    if len(label) <= k:
        return label
    capital = all(o and (o[0].text[:1].isupper() or o[0].text[:1].isdigit()) for o in others)
    seq = label if leading else label[::-1]
    while len(seq) > 1 and (seq[0].text[:1].islower() if capital else len(seq) > k):
        seq = seq[1:]
    return seq if leading else seq[::-1]


def _join(label: list[Tok]) -> tuple[str, int]:
    if len(label) == 1 and label[0].kind == "quote":
        return label[0].text, label[0].quote
    text = " ".join(t.text for t in label).strip(".-'’")
    return (text[:1].upper() + text[1:], -1) if text else ("", -1)


def pairs(text: str) -> list[tuple[str, int, Number]]:
    """(label, quote index or -1, number) for every number in ``text``; the label is "" when the
    number has none."""
    toks = tokenize(text)
    nums = [i for i, t in enumerate(toks) if t.kind == "num"]
    if not nums:
        return []
    before = [_label_before(toks, i) for i in nums]
    after = [_label_after(toks, i) for i in nums]
    # "45% mobile, 30% desktop" has words right after each number; "Q1 120" right before.
    value_first = sum(1 for a in after if a) > sum(1 for b in before if b)
    labels = after if value_first else before
    if len(labels) > 1:
        edge = len(labels) - 1 if value_first else 0
        labels[edge] = _trim(labels[edge], [lb for k, lb in enumerate(labels) if k != edge and lb], not value_first)
    out = []
    for i, label in zip(nums, labels, strict=True):
        name, quote = _join(label)
        num = toks[i].num
        assert num is not None
        out.append((name, quote, num))
    return out


def label_list(text: str) -> list[tuple[str, int]]:
    """Labels written as a plain list ("apples, pears and plums", quoted or not): the last run of at
    least two separated items."""
    toks = tokenize(text)
    items: list[list[Tok]] = [[]]
    for t in toks:
        if t.kind in ("strong",):
            items.append([])
        elif t.kind == "weak" and t.text == ":":
            items = [[]]
        else:
            items[-1].append(t)
    out: list[tuple[str, int]] = []
    for item in items:
        label = [t for t in item if _is_label(t)]
        if not label:
            continue
        quoted = [t for t in label if t.kind == "quote"]
        if quoted:
            label = quoted[-1:]
        else:
            # The label is the tail of the item after its last stop word ("chart of fruit: apples").
            tail: list[Tok] = []
            for t in reversed(item):
                if not _is_label(t):
                    break
                tail.insert(0, t)
            label = tail[-3:]
        if label:
            out.append(_join(label))
    return out if len(out) >= 2 else []


#: Sample categories when the prompt gives no numbers: (trigger words, labels).
_SAMPLE_CATEGORIES: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (frozenset({"month", "months", "monthly"}), ("Jan", "Feb", "Mar", "Apr", "May", "Jun")),
    (frozenset({"quarter", "quarters", "quarterly"}), ("Q1", "Q2", "Q3", "Q4")),
    (frozenset({"week", "weekly", "daily", "day", "days"}), ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")),
    (frozenset({"year", "years", "yearly", "annual", "annually"}), ("2020", "2021", "2022", "2023", "2024", "2025")),
    (frozenset({"region", "regions", "regional"}), ("North", "South", "East", "West")),
)
_DEFAULT_CATEGORIES = {
    "pie": ("North", "South", "East", "West"),
    "donut": ("North", "South", "East", "West"),
    "line": ("Jan", "Feb", "Mar", "Apr", "May", "Jun"),
    "bar": ("Q1", "Q2", "Q3", "Q4"),
}


def _sample_values(n: int, kind: str, rng: random.Random) -> list[float]:
    if kind in ("pie", "donut"):
        weights = [rng.uniform(1.0, 4.0) for _ in range(n)]
        total = sum(weights)
        shares = [max(1, round(100 * w / total)) for w in weights]
        shares[shares.index(max(shares))] += 100 - sum(shares)
        return [float(s) for s in shares]
    level = rng.uniform(40, 120)
    values = []
    for _ in range(n):
        values.append(float(round(level)))
        level = max(5.0, level * rng.uniform(0.78, 1.32))
    return values


def read_dataset(sources: tuple[str, ...], unquoted: str, kind: str, rng: random.Random) -> Dataset:
    """The data of the newest prompt that has numbers; labels without numbers (or nothing at all) get
    a seeded sample series, flagged ``sample``."""
    found: list[tuple[str, int, Number]] = []
    names: list[tuple[str, int]] = []
    for src in reversed(sources):
        found = pairs(src)
        if found:
            break
        names = names or label_list(src)
    if not found:
        if not names:
            words = set(re.findall(r"[a-z]+", unquoted))
            cats = next((c for trig, c in _SAMPLE_CATEGORIES if trig & words), _DEFAULT_CATEGORIES[kind])
            names = [(c, -1) for c in cats]
        values = _sample_values(len(names), kind, rng)
        suffix = "%" if kind in ("pie", "donut") else ""
        data = tuple(
            Datum(name, v, format_value(v, 0, "", suffix), q) for (name, q), v in zip(names, values, strict=True)
        )
        used = frozenset(q for _n, q in names if q >= 0)
        return Dataset(data, suffix=suffix, sample=True, used_quotes=used)
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    data = tuple(Datum(name or next(letters, "?"), num.value, num.display, q) for name, q, num in found[:24])
    nums = [num for _n, _q, num in found[:24]]
    prefixes = [n.prefix for n in nums if n.prefix]
    suffixes = [n.suffix for n in nums if n.suffix and n.mult == 1.0]
    top = max(nums, key=lambda n: abs(n.value))
    decimals = max((len(n.display.split(".")[1]) - len(n.suffix) for n in nums if "." in n.display), default=0)
    return Dataset(
        data,
        prefix=max(set(prefixes), key=prefixes.count) if prefixes else "",
        suffix=(max(set(suffixes), key=suffixes.count) if suffixes else "") if top.mult == 1.0 else top.suffix,
        mult=top.mult,
        decimals=max(0, decimals),
        used_quotes=frozenset(q for _n, q, _num in found if q >= 0),
    )
