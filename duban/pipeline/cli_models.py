"""`duban train`: train the spaCy model on a gold corpus into a folder you name, offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from duban.base.errors import DubanError, E


def register(app: typer.Typer) -> None:
    """Add the model commands to the `duban` application."""

    @app.command()
    def train(
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                "-o",
                help="保存模型的文件夹（必填：默认不会覆盖随附的模型；要使用新模型，把 $DUBAN_SPACY_MODEL "
                "指向此文件夹）。",
            ),
        ],
        gold: Annotated[
            Path | None,
            typer.Option("--gold", help="标注语料文件夹（*.txt 和 gold.jsonl）；默认 ../shared/corpus/dev。"),
        ] = None,
        generated: Annotated[
            int | None,
            typer.Option("--generated", help="混入的生成片段数（默认 1000；0 表示只用真实标注）。"),
        ] = None,
        vectors: Annotated[
            Path | None,
            typer.Option(
                "--vectors",
                help="静态词向量文件夹（由 `python -m duban.extractors.training.vectors` 生成）。",
            ),
        ] = None,
        seed: Annotated[int | None, typer.Option("--seed", help="随机种子（默认使用固定种子）。")] = None,
        epochs: Annotated[
            int | None, typer.Option("--epochs", help="训练轮数（遍历训练数据的次数）。")
        ] = None,
    ) -> None:
        """训练 spaCy 模型（举措片段、责任单位、时限），用 nlp.to_disk 保存到 --out。

        片段由提取器自己从标注语料中切出，按评分程序的重叠规则标注；不下载任何东西。
        在两个 CPU 核上需要几分钟。
        """
        try:
            from duban.extractors.training.generate import SEED
            from duban.extractors.training.train import EPOCHS, GENERATED, GOLD_DIR, train_model
        except ImportError as exc:  # an installed wheel: training is development code, not shipped
            raise DubanError(E.TRAINING_MISSING, detail=str(exc)) from exc

        facts = train_model(
            out,
            gold or GOLD_DIR,
            GENERATED if generated is None else generated,
            SEED if seed is None else seed,
            EPOCHS if epochs is None else epochs,
            vectors,
        )
        typer.echo(json.dumps(facts, ensure_ascii=False, indent=2))
