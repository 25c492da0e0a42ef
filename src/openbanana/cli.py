"""The ``openbanana`` command line: serve, generate, models.

``generate`` runs the same validation and engine as the server (it builds a Gemini request and goes
through the adapter's translation), so a prompt that works here works over HTTP and vice versa.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from openbanana.catalog.models import MODELS
from openbanana.catalog.sizes import size_table
from openbanana.cli_keys import app as keys_app
from openbanana.cli_usage import usage as usage_command
from openbanana.cli_verify import verify as verify_command
from openbanana.engine.errors import OpenBananaError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="openbanana: a self-hosted, Gemini-compatible (Nano Banana) image server.",
)
console = Console(stderr=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            help="Server state: database, blobs, keys (default: OPENBANANA_DATA_DIR or ~/.local/share/openbanana)."
        ),
    ] = None,
    api_key: Annotated[
        list[str] | None,
        typer.Option("--api-key", help="Accepted API key (repeatable; or OPENBANANA_API_KEYS)."),
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Concurrent generation threads.")] = None,
    queue: Annotated[int | None, typer.Option(help="Requests allowed to wait beyond --workers (then 503).")] = None,
    generator: Annotated[str | None, typer.Option(help="Generator family (compose, noop).")] = None,
    batch_workers: Annotated[
        int | None, typer.Option(help="Batch API worker threads; 0 runs no batches here (or OPENBANANA_BATCH_WORKERS).")
    ] = None,
    log_level: Annotated[str, typer.Option(help="Log level.")] = "info",
    log_format: Annotated[
        str | None, typer.Option(help="text or json: one JSON object per line (or OPENBANANA_LOG_FORMAT).")
    ] = None,
) -> None:
    """Start the HTTP server."""
    import os

    import uvicorn

    from openbanana.api.app import create_app
    from openbanana.api.auth import check_bind, is_open
    from openbanana.config import Settings, default_data_dir
    from openbanana.logging_setup import configure as configure_logging
    from openbanana.services import Services

    settings = Settings.from_env(
        host=host, port=port, data_dir=data_dir or default_data_dir(), api_keys=tuple(api_key) if api_key else None,
        workers=workers, queue=queue, generator=generator, batch_workers=batch_workers,
    )  # fmt: skip
    configure_logging(log_level, log_format or os.environ.get("OPENBANANA_LOG_FORMAT") or "text")
    services = Services.build(settings)
    try:
        check_bind(settings, services.keys)  # open (keyless) mode only on loopback; managed keys count
    except SystemExit:
        services.close()
        raise
    if is_open(settings, services.keys):
        console.print(
            "[yellow]No API keys configured: accepting any key (or none). This is only allowed on loopback.[/yellow]"
        )
    else:
        managed = len(services.keys.list(include_revoked=False))
        console.print(f"Accepting {len(settings.api_keys)} static and {managed} managed API key(s).")
    console.print(f"openbanana serving on http://{settings.host}:{settings.port} (generator: {settings.generator})")
    uvicorn.run(
        create_app(services), host=settings.host, port=settings.port, log_level=log_level,
        log_config=None, access_log=False,  # our logging set-up; openbanana.access logs each request
    )  # fmt: skip


@app.command()
def generate(
    prompt: Annotated[str, typer.Argument(help="What to draw. Quoted strings are rendered exactly.")],
    aspect_ratio: Annotated[str | None, typer.Option(help="e.g. 1:1, 16:9, 1:8, auto.")] = None,
    size: Annotated[str | None, typer.Option(help="512, 1K, 2K or 4K.")] = None,
    seed: Annotated[int | None, typer.Option(help="Same seed, same image.")] = None,
    thinking: Annotated[str | None, typer.Option(help="minimal or high.")] = None,
    model: Annotated[str, typer.Option(help="Model id or alias.")] = "gemini-3.1-flash-image-preview",
    image: Annotated[list[Path] | None, typer.Option("--image", "-i", help="Input image (repeatable).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the PNG.")] = Path("out.png"),
    generator: Annotated[str, typer.Option(help="Generator family.")] = "compose",
    svg: Annotated[Path | None, typer.Option(help="Also write the scene as SVG (compose).")] = None,
    plan: Annotated[Path | None, typer.Option(help="Also write the scene plan as JSON.")] = None,
) -> None:
    """Generate one image in-process (no server needed)."""
    from openbanana.api.gemini import inbound
    from openbanana.api.gemini.schemas import GenerateContentRequest
    from openbanana.engine.engine import Engine
    from openbanana.engine.events import AnswerText, OutputImage, ThoughtImage, ThoughtText
    from openbanana.generators.registry import create_generator

    parts: list[dict[str, object]] = [
        {"inlineData": {"data": base64.b64encode(p.read_bytes()).decode()}} for p in image or []
    ]
    parts.append({"text": prompt})
    config: dict[str, object] = {
        "imageConfig": {"aspectRatio": aspect_ratio, "imageSize": size},
        "seed": seed,
    }
    if thinking:
        config["thinkingConfig"] = {"thinkingLevel": thinking}
    try:
        spec = inbound.resolve_model(model, "v1beta")
        body = GenerateContentRequest.model_validate({"contents": [{"parts": parts}], "generationConfig": config})
        request = inbound.to_image_request(body, spec)
        engine = Engine(create_generator(generator))
        written = None
        with console.status("Planning…") as status:
            for event in engine.stream(request):
                if isinstance(event, ThoughtText):
                    status.update(event.text[:100])
                elif isinstance(event, ThoughtImage):
                    status.update("Checking the draft…")
                elif isinstance(event, AnswerText):
                    console.print(event.text)
                elif isinstance(event, OutputImage):
                    output.write_bytes(event.png)
                    written = event
                    if svg is not None and event.svg is not None:
                        svg.write_text(event.svg, encoding="utf-8")
                    if plan is not None:
                        plan.write_text(json.dumps(event.plan, indent=2, ensure_ascii=False), encoding="utf-8")
    except OpenBananaError as exc:
        console.print(f"[red]{exc.status}: {exc.message}[/red]")
        raise typer.Exit(2) from exc
    if written is None:
        console.print("[red]no image was produced[/red]")
        raise typer.Exit(1)
    console.print(f"[green]wrote {output} ({written.width}x{written.height})[/green]")


@app.command()
def models(
    sizes: Annotated[bool, typer.Option("--sizes", help="Also print the pixel-size table.")] = False,
) -> None:
    """List the served models and their limits."""
    out = Console()
    table = Table(title="openbanana models")
    for column in ("model", "aliases", "aspect ratios", "sizes", "tokens/image", "max images", "thinking"):
        table.add_column(column)
    for spec in MODELS:
        table.add_row(
            spec.id,
            ", ".join(spec.aliases) or "-",
            " ".join(spec.ratio_choices),
            " ".join(spec.sizes),
            " ".join(f"{k}:{v}" for k, v in spec.output_tokens_per_image.items()),
            str(spec.max_input_images),
            " ".join(spec.thinking_levels) or "-",
        )
    out.print(table)
    if sizes:
        all_sizes = ("512", "1K", "2K", "4K")
        grid = Table(title="output pixel sizes (width x height)")
        grid.add_column("ratio")
        for s in all_sizes:
            grid.add_column(s)
        cells = {(p.ratio, p.size): f"{p.width}x{p.height}" for p in size_table(MODELS[0].ratios, all_sizes)}
        for ratio in MODELS[0].ratios:
            grid.add_row(ratio, *(cells[(ratio, s)] for s in all_sizes))
        out.print(grid)


app.add_typer(keys_app, name="keys")
app.command(name="usage")(usage_command)
app.command(name="verify")(verify_command)


def main() -> None:  # pragma: no cover - console entry
    sys.exit(app())
