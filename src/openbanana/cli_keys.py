"""``openbanana keys create|list|revoke``: managed API keys in the server's database.

The commands open the same database as ``openbanana serve`` (``--data-dir`` / ``OPENBANANA_DATA_DIR`` /
``~/.local/share/openbanana``, or ``OPENBANANA_DATABASE_URL``), so a key created here works on a running
server at once and a revoked one stops working at once. ``create`` prints the secret alone on stdout
(``KEY=$(openbanana keys create --name ci)``) and everything else on stderr; the secret is never shown again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from openbanana.keys.base import ApiKey
from openbanana.keys.keys_sql import SqlKeyStore
from openbanana.keys.tiers import TIERS, Limits

app = typer.Typer(no_args_is_help=True, help="Manage API keys and their rate-limit tiers.")
err = Console(stderr=True)

DataDir = Annotated[
    Path | None,
    typer.Option(help="Server data directory (default: OPENBANANA_DATA_DIR or ~/.local/share/openbanana)."),
]


@contextmanager
def _store(data_dir: Path | None) -> Iterator[SqlKeyStore]:
    from openbanana.config import Settings, default_data_dir
    from openbanana.services import open_database

    settings = Settings.from_env(data_dir=data_dir or default_data_dir())
    assert settings.data_dir is not None
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = open_database(settings, settings.data_dir)
    try:
        yield SqlKeyStore(database)
    finally:
        database.dispose()


def _limit(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _when(at: float | None) -> str:
    return "-" if at is None else datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _as_json(key: ApiKey) -> dict[str, object]:
    return {
        "id": key.id, "name": key.name, "prefix": key.prefix, "tier": key.tier, "rpm": key.limits.rpm,
        "rpd": key.limits.rpd, "tpm": key.limits.tpm, "concurrency": key.limits.concurrency,
        "createdAt": key.created_at, "revokedAt": key.revoked_at, "active": key.active,
    }  # fmt: skip


@app.command()
def create(
    name: Annotated[str, typer.Option(help="Who or what the key is for.")],
    tier: Annotated[str, typer.Option(help=f"Rate-limit tier: {', '.join(TIERS)}.")] = "free",
    rpm: Annotated[int | None, typer.Option(min=1, help="Requests per minute (overrides the tier).")] = None,
    rpd: Annotated[int | None, typer.Option(min=1, help="Requests per day (overrides the tier).")] = None,
    tpm: Annotated[int | None, typer.Option(min=1, help="Input tokens per minute (overrides the tier).")] = None,
    concurrency: Annotated[int | None, typer.Option(min=1, help="Requests in flight (overrides the tier).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Create a key and print its secret (shown only once)."""
    if tier not in TIERS:
        err.print(f"[red]unknown tier {tier!r}; choose one of {', '.join(TIERS)}[/red]")
        raise typer.Exit(2)
    with _store(data_dir) as store:
        created = store.create(name, tier, Limits(rpm=rpm, rpd=rpd, tpm=tpm, concurrency=concurrency))
    limits = created.key.limits
    err.print(
        f"Created [bold]{created.key.id}[/bold] ({name}, tier {tier}: {_limit(limits.rpm)} RPM, "
        f"{_limit(limits.rpd)} RPD, {_limit(limits.tpm)} TPM, {_limit(limits.concurrency)} concurrent).\n"
        "[yellow]The secret below is shown only once; store it now.[/yellow]"
    )
    typer.echo(created.secret)


@app.command("list")
def list_keys(
    data_dir: DataDir = None,
    active: Annotated[bool, typer.Option("--active", help="Only keys that are not revoked.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """List keys (never their secrets: only the first characters)."""
    with _store(data_dir) as store:
        keys = store.list(include_revoked=not active)
    if as_json:
        typer.echo(json.dumps([_as_json(k) for k in keys], indent=2))
        return
    table = Table(title="openbanana API keys")
    for column in ("id", "name", "key", "tier", "RPM", "RPD", "TPM", "concurrent", "created", "revoked"):
        numeric = column in ("RPM", "RPD", "TPM", "concurrent")
        table.add_column(column, justify="right" if numeric else "left", no_wrap=column in ("id", "key"))
    for key in keys:
        table.add_row(
            key.id, key.name, key.prefix + "…", key.tier, _limit(key.limits.rpm), _limit(key.limits.rpd),
            _limit(key.limits.tpm), _limit(key.limits.concurrency), _when(key.created_at), _when(key.revoked_at),
            style="dim" if not key.active else None,
        )  # fmt: skip
    Console().print(table)


@app.command()
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (``keys list``), e.g. key_0123abcd4567ef89.")],
    data_dir: DataDir = None,
) -> None:
    """Revoke a key: requests with it fail at once (400 API_KEY_INVALID)."""
    with _store(data_dir) as store:
        key = store.revoke(key_id)
    if key is None:
        err.print(f"[red]no key with id {key_id!r}[/red]")
        raise typer.Exit(1)
    err.print(f"Revoked {key.id} ({key.name}) at {_when(key.revoked_at)}.")
