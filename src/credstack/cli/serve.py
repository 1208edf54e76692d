"""``credstack serve``: run the platform's HTTP service.

Embedded mode (the default settings) migrates the SQLite database on start-up; with
PostgreSQL run ``credstack db upgrade`` once per release and start as many ``serve``
processes (and ``credstack worker`` machines) as the load needs.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from credstack.cli.platform import load_settings


@click.command("serve")
@click.option("--host", help="Interface to listen on (default: CREDSTACK_HOST, 127.0.0.1).")
@click.option("--port", type=int, help="Port (default: CREDSTACK_PORT, 8000).")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes."
)
@click.option(
    "--demo",
    is_flag=True,
    help="Seed demo data (an institution, two micro-credentials, a learner and a few "
    "credentials) when the database has none, and print how to use it.",
)
@click.option(
    "--examples",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("examples"),
    show_default=True,
    help="Folder with the demo's achievement definitions (read with --demo only).",
)
def serve_command(
    host: str | None, port: int | None, workers: int, demo: bool, examples: Path
) -> None:
    """Run the HTTP service (issuer API, VC-API, status lists, hosted credentials)."""
    import uvicorn

    from credstack.bootstrap import build_platform

    settings = load_settings()
    if demo and not examples.is_dir():
        raise click.BadParameter(f"{examples} is not a folder", param_hint="--examples")
    host = host or settings.host
    port = port or settings.port
    console = Console(highlight=False, emoji=False, soft_wrap=True)
    platform = build_platform(settings, migrate=not settings.is_postgresql)
    try:
        if demo:
            from credstack.cli.seed import print_demo, seed_demo

            print_demo(console, seed_demo(platform, examples), f"http://{host}:{port}")
    finally:
        platform.close()
    console.print(f"credstack serving on http://{host}:{port}  (API docs: /docs; Ctrl-C stops)")
    uvicorn.run(
        "credstack.web.main:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


__all__ = ["serve_command"]
