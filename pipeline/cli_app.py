"""`duban serve`: browse and search the index in a web browser (see `pipeline.app`)."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.cli_options import DEFAULT_URL, IndexOption


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the `duban` CLI."""

    @app.command()
    def serve(
        index: IndexOption = DEFAULT_URL,
        host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="Port to listen on (0 picks a free one).")] = 8080,
    ) -> None:
        """Serve a search page and JSON API over the index (every page has a .json twin)."""
        from index import default_url
        from pipeline.app import serve as run

        run(index or default_url(), host, port)
