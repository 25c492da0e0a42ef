"""``openbanana usage``: what was generated, by whom, and what it would have cost on Google's API.

Reads the same database as ``openbanana serve`` (``--data-dir`` / ``OPENBANANA_DATA_DIR`` /
``~/.local/share/openbanana``, or ``OPENBANANA_DATABASE_URL``). Costs were priced when each request
was recorded (see ``usage/prices.py``); ``--json`` prints what ``GET /v1beta/openbanana/usage`` answers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from openbanana.usage.report import build_report, parse_by, parse_since, report_table


def usage(
    key: Annotated[str | None, typer.Option("--key", help="Only this key id (see `openbanana keys list`).")] = None,
    since: Annotated[
        str | None, typer.Option(help="From a UTC date (2026-11-01), date-time, or a look-back: 24h, 7d, 30m.")
    ] = None,
    by: Annotated[str, typer.Option(help="Group rows by 'model' or by UTC 'day'.")] = "model",
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Server data directory (default: OPENBANANA_DATA_DIR or ~/.local/share/openbanana)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON (the HTTP endpoint shape).")] = False,
) -> None:
    """Usage and cost totals: requests, errors, tokens, images, USD."""
    from openbanana.config import Settings, default_data_dir
    from openbanana.services import open_database
    from openbanana.usage.ledger_sql import SqlUsageLedger
    from openbanana.usage.prices import PriceTable

    try:
        since_at = parse_since(since) if since else None
        group = parse_by(by)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    settings = Settings.from_env(data_dir=data_dir or default_data_dir())
    assert settings.data_dir is not None
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = open_database(settings, settings.data_dir)
    try:
        ledger = SqlUsageLedger(database, PriceTable.load(settings.prices_path))
        report = build_report(ledger, key_id=key, since=since_at, by=group)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        console = Console()
        # Piped output: wide enough that model names never wrap.
        (console if console.is_terminal else Console(width=160)).print(report_table(report))
