#!/usr/bin/env python3
"""Regenerate the compose generator's vendored package data under ``src/openbanana/assets``.

Nothing here runs at server run time; this script is for maintainers. It needs the npm client (for
``npm pack``, which only talks to the npm registry) and the Debian ``fonts-noto-core`` package.

* ``emoji/fluent-emoji-flat.json.gz``: the Fluent Emoji Flat icon set (MIT, Microsoft) from the npm
  package ``@iconify-json/fluent-emoji-flat``. Skin-tone variants are dropped to keep it compact.
  Layout: ``{"source", "version", "width", "height", "icons": {name: [body, width, height]},
  "aliases": {alias: parent}, "categories": {name: category}, "chars": {codepoints: name}}``, where
  ``chars`` (from the package's ``chars.json``) maps an emoji sequence, written as lower-case hex
  codepoints joined by ``-`` with every U+FE0F left out (``"1f680"``, ``"0023-20e3"``,
  ``"1f3f3-200d-1f308"``), to the icon that draws it; sequences of dropped icons are left out.
* ``emoji/LICENSE-fluent-emoji-flat.txt``: the MIT licence with Microsoft's copyright line.
* ``fonts/NotoSans-Regular.ttf`` and ``fonts/NotoSans-Bold.ttf`` (SIL OFL 1.1) plus ``fonts/OFL.txt``,
  so that a plain ``pip install`` can render Latin, Greek and Cyrillic text.

Usage::

    python scripts/vendor_assets.py                      # npm pack into a temp dir
    python scripts/vendor_assets.py --npm-dir /tmp/pkgs  # reuse already packed .tgz files
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "src" / "openbanana" / "assets"
NPM_PACKAGE = "@iconify-json/fluent-emoji-flat"
FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/noto"))
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
OFL_SOURCE = Path("/usr/share/doc/fonts-noto-core/copyright")

SKIN_TONE = re.compile(r"-(light|medium-light|medium|medium-dark|dark)$")

MIT_TEXT = """MIT License

Copyright (c) Microsoft Corporation.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def npm_pack(package: str, dest: Path) -> Path:
    existing = sorted(dest.glob(package.lstrip("@").replace("/", "-") + "-*.tgz"))
    if existing:
        return existing[-1]
    out = (
        subprocess.run(["npm", "pack", package, "--silent"], cwd=dest, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    return dest / out


def read_member(tgz: Path, name: str) -> bytes:
    with tarfile.open(tgz, "r:gz") as tar:
        member = tar.extractfile(f"package/{name}")
        if member is None:
            raise SystemExit(f"{tgz}: no package/{name}")
        return member.read()


def vendor_emoji(tgz: Path) -> None:
    icons_json = json.loads(read_member(tgz, "icons.json"))
    meta = json.loads(read_member(tgz, "metadata.json"))
    pkg = json.loads(read_member(tgz, "package.json"))
    width = int(icons_json.get("width", 32))
    height = int(icons_json.get("height", 32))
    icons: dict[str, list[object]] = {}
    for name, icon in sorted(icons_json["icons"].items()):
        if SKIN_TONE.search(name):
            continue
        body = re.sub(r">\s+<", "><", icon["body"])
        icons[name] = [body, int(icon.get("width", width)), int(icon.get("height", height))]
    aliases = {
        alias: spec["parent"]
        for alias, spec in sorted(icons_json.get("aliases", {}).items())
        if spec.get("parent") in icons and not spec.get("hFlip") and not spec.get("vFlip")
    }
    chars = {
        seq: name
        for seq, name in sorted(json.loads(read_member(tgz, "chars.json")).items())
        if name in icons or name in aliases
    }
    categories: dict[str, str] = {}
    for category, names in meta.get("categories", {}).items():
        for name in names:
            if name in icons:
                categories[name] = category
    doc = {
        "source": f"npm:{NPM_PACKAGE}@{pkg['version']}",
        "version": pkg["version"],
        "width": width,
        "height": height,
        "icons": icons,
        "aliases": aliases,
        "categories": categories,
        "chars": chars,
    }
    out = ASSETS / "emoji"
    out.mkdir(parents=True, exist_ok=True)
    data = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
    # mtime=0 keeps the file byte-identical between runs.
    (out / "fluent-emoji-flat.json.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    (out / "LICENSE-fluent-emoji-flat.txt").write_text(
        MIT_TEXT + f"\nSource: {NPM_PACKAGE}@{pkg['version']} (https://github.com/microsoft/fluentui-emoji)\n"
    )
    print(f"emoji: {len(icons)} icons, {len(aliases)} aliases, {len(chars)} sequences, {len(data)} bytes raw")


def vendor_fonts() -> None:
    out = ASSETS / "fonts"
    out.mkdir(parents=True, exist_ok=True)
    for name in FONT_FILES:
        for d in FONT_DIRS:
            if (d / name).is_file():
                shutil.copyfile(d / name, out / name)
                break
        else:
            raise SystemExit(f"{name} not found; apt-get install fonts-noto-core")
    if not OFL_SOURCE.is_file():
        raise SystemExit(f"{OFL_SOURCE} not found; apt-get install fonts-noto-core")
    text = OFL_SOURCE.read_text()
    start = text.find("License: OFL-1.1\n PREAMBLE")
    body = text[start:] if start >= 0 else text
    lines = []
    for line in body.splitlines()[1:]:
        if line and not line.startswith(" "):
            break
        lines.append("" if line.strip() == "." else line[1:])
    (out / "OFL.txt").write_text(
        "Noto Sans (NotoSans-Regular.ttf, NotoSans-Bold.ttf)\n"
        "Copyright 2015-2020 Google LLC. All Rights Reserved.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
        + "\n".join(lines).strip()
        + "\n"
    )
    print(f"fonts: {', '.join(FONT_FILES)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--npm-dir", type=Path, help="directory with (or for) the packed .tgz files")
    parser.add_argument("--skip-fonts", action="store_true")
    args = parser.parse_args(argv)
    if args.npm_dir:
        args.npm_dir.mkdir(parents=True, exist_ok=True)
        vendor_emoji(npm_pack(NPM_PACKAGE, args.npm_dir))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            vendor_emoji(npm_pack(NPM_PACKAGE, Path(tmp)))
    if not args.skip_fonts:
        vendor_fonts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
