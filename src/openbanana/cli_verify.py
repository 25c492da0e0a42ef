"""``openbanana verify FILE...``: watermark, C2PA manifest and ledger record of each file.

Works anywhere: without a server data dir it still reads the watermark and validates the manifest; with
one (``--data-dir`` / ``OPENBANANA_DATA_DIR`` / ``~/.local/share/openbanana``, or
``OPENBANANA_DATABASE_URL``) it also finds the request that made the image in the usage ledger and trusts
the server's own C2PA root. Exit status: 0 when every file is openbanana's (watermark found or a valid
manifest) and no manifest is invalid, 1 otherwise, 2 when a file cannot be read.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from openbanana.provenance.verify import VerifyReport


def verify(
    files: Annotated[list[Path], typer.Argument(help="Images to check (PNG, JPEG, WebP, GIF, BMP).")],
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Server data directory (default: OPENBANANA_DATA_DIR or ~/.local/share/openbanana)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON reports (the HTTP endpoint shape).")] = False,
) -> None:
    """Check files for openbanana's invisible watermark and C2PA Content Credentials."""
    from openbanana.config import Settings, default_data_dir
    from openbanana.provenance.factory import open_verifier

    settings = Settings.from_env(data_dir=data_dir or default_data_dir())
    reports: list[VerifyReport] = []
    with open_verifier(settings) as verifier:
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                reports.append(VerifyReport(name=str(path), sha256="", error=f"cannot read: {exc.strerror}"))
                continue
            reports.append(verifier.verify(data, str(path), admin=True))
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        _print(reports)
    raise typer.Exit(_exit_code(reports))


def _exit_code(reports: list[VerifyReport]) -> int:
    if any(r.error for r in reports):
        return 2
    ok = all(
        (r.made_here or (r.credentials is not None and r.credentials.state == "valid"))
        and (r.credentials is None or r.credentials.state != "invalid")
        for r in reports
    )
    return 0 if ok else 1


def _print(reports: list[VerifyReport]) -> None:
    console = Console()
    table = Table(show_lines=True)
    for column in ("file", "watermark", "C2PA", "made by"):
        table.add_column(column, overflow="fold")
    for r in reports:
        if r.error:
            table.add_row(r.name, f"[red]{r.error}[/]", "", "")
            continue
        table.add_row(r.name, _watermark_cell(r), _c2pa_cell(r), _origin_cell(r))
    (console if console.is_terminal else Console(width=160)).print(table)


def _watermark_cell(r: VerifyReport) -> str:
    w = r.watermark
    if w is None:
        return "not checked"
    if w.found:
        return f"[green]found[/] mark {w.mark_id} (confidence {w.confidence:.2f})"
    return f"not found (confidence {w.confidence:.2f})"


def _c2pa_cell(r: VerifyReport) -> str:
    c = r.credentials
    if c is None:
        return "not checked"
    colour = {"valid": "green", "invalid": "red", "absent": "yellow"}[c.state]
    lines = [f"[{colour}]{c.state}[/]" + (" (trusted)" if c.trusted else "")]
    lines += [f"{', '.join(c.actions)}"] if c.actions else []
    lines += [f"ingredients: {', '.join(c.ingredients)}"] if c.ingredients else []
    failures = [str(s.get("code")) for s in c.validation_status if s.get("code")]
    lines += [f"status: {', '.join(failures)}"] if failures else []
    return "\n".join(lines)


def _origin_cell(r: VerifyReport) -> str:
    if r.ledger is not None:
        created = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(float(r.ledger["created_at"])))
        key = f", key {r.ledger['key_id']}" if r.ledger.get("owned") else ""
        return f"{r.ledger['model']} at {created}{key}\nledger entry {r.ledger['id']}" + (
            "\n(these exact bytes)" if r.original else ""
        )
    if len(r.marks) > 1:
        return f"{len(r.marks)} outputs share mark {r.marks[0].mark_id}; newest {r.marks[0].model}"
    if r.made_here:
        return "openbanana (no ledger record here)"
    return "unknown"
