"""Options shared by several `duban` commands, declared once so their names and help agree."""

from __future__ import annotations

from typing import Annotated

import typer

from index import DEFAULT_URL

IndexOption = Annotated[
    str,
    typer.Option(
        "--index",
        envvar="DUBAN_INDEX",
        help="Where the index is: sqlite:///relative.db, sqlite:////absolute.db, a file path, or "
        "http(s)://[user:password@]host:9200[?prefix=name] for Elasticsearch (API key in $DUBAN_ES_API_KEY).",
    ),
]

ExtractorsOption = Annotated[
    str,
    typer.Option("--extractors", "-e", help="Comma-separated extractors to run and merge, e.g. rules,spacy."),
]

__all__ = ["DEFAULT_URL", "ExtractorsOption", "IndexOption"]
