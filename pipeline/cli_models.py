"""`duban train`: train the spaCy model on a gold corpus into a folder you name, offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the model commands to the `duban` application."""

    @app.command()
    def train(
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                "-o",
                help="Folder to save the model in (required: the shipped model is never overwritten "
                "by default; point $DUBAN_SPACY_MODEL at the result to use it).",
            ),
        ],
        gold: Annotated[
            Path | None,
            typer.Option(
                "--gold", help="Gold corpus folder (*.txt and gold.jsonl); default ../shared/corpus/dev."
            ),
        ] = None,
        generated: Annotated[
            int | None,
            typer.Option(
                "--generated", help="Generated segments to mix in (default 1000; 0: real gold only)."
            ),
        ] = None,
        vectors: Annotated[
            Path | None,
            typer.Option(
                "--vectors", help="Static vectors folder from `python -m extractors.training.vectors`."
            ),
        ] = None,
        seed: Annotated[
            int | None, typer.Option("--seed", help="Random seed (default: the fixed one).")
        ] = None,
        epochs: Annotated[int | None, typer.Option("--epochs", help="Passes over the training data.")] = None,
    ) -> None:
        """Train the spaCy model (measure segments, units, deadlines) and save it with nlp.to_disk.

        The segments are the extractor's own, cut from the gold corpus and labelled by the
        scorer's overlap rule; nothing is downloaded. Takes a few minutes on two CPU cores.
        """
        from extractors.training.generate import SEED
        from extractors.training.train import EPOCHS, GENERATED, GOLD_DIR, train_model

        facts = train_model(
            out,
            gold or GOLD_DIR,
            GENERATED if generated is None else generated,
            SEED if seed is None else seed,
            EPOCHS if epochs is None else epochs,
            vectors,
        )
        typer.echo(json.dumps(facts, ensure_ascii=False, indent=2))
