"""The labelled segment shared by the generator, the hard cases and the training script."""

from __future__ import annotations

from dataclasses import dataclass, field

UNIT = "UNIT"
DEADLINE = "DEADLINE"


@dataclass
class Sample:
    """One segment: its text, whether it is a measure, and its labelled character spans."""

    text: str
    measure: bool
    spans: list[tuple[int, int, str]] = field(default_factory=list)
