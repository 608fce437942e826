"""`duban train`: rebuild the shipped spaCy model from the repository, offline, with fixed seeds."""

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
            Path | None,
            typer.Option("--out", "-o", help="Where to save the model (default: the shipped one)."),
        ] = None,
        samples: Annotated[int, typer.Option("--samples", help="Generated training segments.")] = 6000,
        seed: Annotated[
            int | None, typer.Option("--seed", help="Random seed (default: the fixed one).")
        ] = None,
        epochs: Annotated[int, typer.Option("--epochs", help="Passes over the training data.")] = 5,
    ) -> None:
        """Train the spaCy model (units, deadlines, measure sentences) and save it with nlp.to_disk.

        The data are generated from the lexicons and hand-written cases in extractors/training;
        nothing is downloaded. Takes a few minutes on two CPU cores.
        """
        from extractors.training.generate import SEED
        from extractors.training.train import MODEL_DIR, train_model

        facts = train_model(out or MODEL_DIR, samples, SEED if seed is None else seed, epochs)
        typer.echo(json.dumps(facts, ensure_ascii=False, indent=2))
