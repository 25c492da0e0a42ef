"""Apertium (Debian's rule-based machine translation) through its command-line tool.

Installed pairs are discovered from the modes directory (``/usr/share/apertium/modes/eng-spa.mode``);
their ISO 639-3 (or, for older pairs, 639-1) codes are mapped to the ISO 639-1 codes used everywhere
else. Apertium marks words it does not know with ``*`` (unknown), ``#`` (no generation) and ``@``
(no transfer); those marks are removed from the text and make the result incomplete. Any failure
(missing binary, timeout, a broken pair) returns None so a request never fails on translation.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

from openbanana.editing.translate.base import Translation, match_case
from openbanana.editing.translate.languages import iso1

log = logging.getLogger(__name__)

MODES_DIRS = ("/usr/share/apertium/modes", "/usr/local/share/apertium/modes")
#: Seconds one call may take (a sentence takes about 0.2 s).
TIMEOUT_S = 10.0


def discover_modes(dirs: tuple[str, ...] = MODES_DIRS) -> dict[tuple[str, str], str]:
    """(source, target) ISO 639-1 pair → Apertium mode name, from the ``*.mode`` files in ``dirs``.
    Variant modes (``eng-cat_valencia``) are skipped; the first directory with a pair wins."""
    found: dict[tuple[str, str], str] = {}
    for directory in dirs:
        path = Path(directory)
        if not path.is_dir():
            continue
        for mode in sorted(path.glob("*.mode")):
            name = mode.stem
            if "_" in name or name.count("-") != 1:
                continue
            left, right = name.split("-")
            source, target = iso1(left), iso1(right)
            if source and target:
                found.setdefault((source, target), name)
    return found


def strip_marks(text: str, source: str = "") -> tuple[str, bool]:
    """``text`` without Apertium's unknown-word marks (a mark starts a word, possibly right after a
    digit: "5-7*pm"), and whether there were any. A mark character
    the ``source`` itself has ("#1", "@home") is left alone; runs of spaces Apertium leaves where it
    dropped a word are closed up."""
    marks = "".join(ch for ch in "*#@" if ch not in source)
    count = 0
    if marks:
        text, count = re.subn(rf"(?<![^\W\d_])[{re.escape(marks)}](?=\w)", "", text)
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", text), count > 0


class ApertiumTranslator:
    """Translation with the ``apertium`` command for the pairs installed here."""

    name = "apertium"

    def __init__(self, dirs: tuple[str, ...] = MODES_DIRS, binary: str = "apertium") -> None:
        self._dirs = dirs
        self._binary = binary
        self._modes: dict[tuple[str, str], str] | None = None
        self._lock = threading.Lock()

    def _installed(self) -> dict[tuple[str, str], str]:
        if self._modes is None:
            with self._lock:
                if self._modes is None:
                    self._modes = discover_modes(self._dirs) if shutil.which(self._binary) else {}
        return self._modes

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._installed())

    def translate(self, text: str, source: str, target: str) -> Translation | None:
        mode = self._installed().get((source, target))
        if mode is None or not text.strip():
            return None
        # Apertium changes an all-capitals word's case ("OPEN" → "Abierto"), so it reads the text as
        # written and the original case is put back afterwards.
        letters = [ch for ch in text if ch.isalpha()]
        upper = len(letters) > 1 and all(ch.isupper() for ch in letters)
        command = [self._binary, "-f", "txt", mode]
        try:
            done = subprocess.run(
                command,
                input=text.lower() if upper else text,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("apertium %s failed: %s", mode, exc)
            return None
        if done.returncode != 0 or not done.stdout.strip():
            log.warning("apertium %s exited %d: %s", mode, done.returncode, done.stderr.strip()[:200])
            return None
        cleaned, marked = strip_marks(done.stdout.strip(), text)
        result = cleaned.upper() if upper else match_case(text, cleaned) if len(text.split()) == 1 else cleaned
        return Translation(result, source, target, self.name, complete=not marked)
