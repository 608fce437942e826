"""The title vocabulary of `rules/lexicons/xcheck_titles.yaml`, validated when loaded.

Page field labels, headline speakers, the separators sites append their names with, and short
names of well-known titles are data, so they grow without code changes; a malformed file fails
loudly here rather than silently matching nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from duban.rules.ruleset import lexicon_path

PATH = lexicon_path("xcheck_titles.yaml")


@dataclass(frozen=True)
class TitleVocab:
    """What the title finder and the short-name resolver read."""

    field_labels: frozenset[str]
    headline_speakers: tuple[str, ...]
    separators: tuple[str, ...]
    short_names: dict[str, str]
    headline_examples: tuple[tuple[str, bool], ...]
    separator_examples: tuple[tuple[str, str], ...]


def _strings(data: dict[str, Any], key: str) -> list[str]:
    items = data.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise ValueError(f"{PATH.name}: `{key}` must be a non-empty list of strings")
    return items


def parse_vocab(data: Any) -> TitleVocab:
    """Validate the YAML document and build the vocabulary; ValueError names what is wrong."""
    if not isinstance(data, dict):
        raise ValueError(f"{PATH.name}: expected a mapping")
    names: dict[str, str] = {}
    for item in data.get("short_names") or []:
        if not isinstance(item, dict) or not item.get("name") or not item.get("title"):
            raise ValueError(f"{PATH.name}: each short name needs `name` and `title`: {item!r}")
        names[str(item["name"])] = str(item["title"])
    headlines = tuple((str(e["text"]), bool(e["headline"])) for e in data.get("headline_examples") or [])
    cuts = tuple((str(e["text"]), str(e["title"])) for e in data.get("separator_examples") or [])
    if not headlines or not cuts:
        raise ValueError(f"{PATH.name}: headline and separator examples are required")
    return TitleVocab(
        field_labels=frozenset(_strings(data, "field_labels")),
        headline_speakers=tuple(_strings(data, "headline_speakers")),
        separators=tuple(_strings(data, "title_separators")),
        short_names=names,
        headline_examples=headlines,
        separator_examples=cuts,
    )


@lru_cache(maxsize=1)
def vocab() -> TitleVocab:
    return parse_vocab(yaml.safe_load(PATH.read_text(encoding="utf-8")))
