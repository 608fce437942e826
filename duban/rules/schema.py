"""The schema of rule files, in pydantic: which fields a file and each family's rules may carry.

A field a finder reads is declared here once, with its type; anything else in a rule file is a
typo and is rejected at load (E030, see `ruleset.py`). Each family (the file's stem) has its own
rule model, so a deadline rule cannot carry a progress `status` and a misspelt `deadline_knd` is
not silently ignored.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from duban.base.vocab import DeadlineKind, ProgressStatus, Role


class FileSpec(BaseModel):
    """A rule file: named word lists, the groups its rules fall in (name → what the group is for),
    and the rules (validated one by one with their family's model)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    lists: dict[str, list[str]] = Field(default_factory=dict)
    groups: dict[str, str]
    rules: list[object]


class RuleSpec(BaseModel):
    """The fields every rule has. `group` names one of the file's declared groups."""

    model_config = ConfigDict(extra="forbid", strict=True)
    ID_PATTERN: ClassVar[str] = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\.v\d+$"

    id: str = Field(pattern=ID_PATTERN)
    kind: Literal["regex", "phrases"]
    group: str
    pattern: str | list[str]
    examples: list[str] = Field(min_length=1)
    counter: list[str] = Field(default_factory=list)


class DeadlineRule(RuleSpec):
    """`rules/deadlines.yaml`, read by `extractors/deadlines.py`."""

    deadline_kind: DeadlineKind | None = None
    # Characters one of which the text must hold for the rule to be tried (a cheap pre-filter).
    needs: str | None = None
    # Dropped when it ends in a year before the document's own (history told, not a bound set).
    future_only: bool = False
    # A start (`从2019年起`): found, never given a due date.
    start_bound: bool = False
    # A cell rule that takes any text as written; left out when a cell is split into sub-items.
    as_written: bool = False


class UnitRule(RuleSpec):
    """`rules/units.yaml`, read by `extractors/units.py`."""

    needs: list[str] | None = None
    role: Role | None = None
    first_is_lead: bool = False
    # Regexes over the label or bracket that turn the role into lead / co / responsible.
    role_if_lead: str | None = None
    role_if_co: str | None = None
    role_if_responsible: str | None = None
    # A label matching this names persons, not units.
    person_if: str | None = None
    filter: bool = False
    # The name of the regex group that holds co-operating units.
    co_group: str | None = None
    # A regex over the group `co_close` (the word that closes the co-operating list): when it
    # matches, those units are responsible, not co (`（A牵头，B按职责分工负责）`).
    co_role_if_responsible: str | None = None
    strict: bool = False
    longest: bool = False


class ProgressRule(RuleSpec):
    """`rules/progress.yaml`, read by `extractors/progress.py`."""

    status: ProgressStatus | None = None
    # True: only in a review (a report's own account); `unless_report`: anywhere but a report.
    review_only: bool | Literal["unless_report"] = False


class MarkerRule(RuleSpec):
    """`rules/vocabulary.yaml`: an item marker carries its level in the numbering hierarchy."""

    level: int | None = None


FAMILIES: dict[str, type[RuleSpec]] = {
    "deadlines": DeadlineRule,
    "units": UnitRule,
    "progress": ProgressRule,
    "vocabulary": MarkerRule,
}
#: Fields every rule has that are not attributes read through `Rule.get` (group is, for filtering).
CORE_FIELDS = frozenset({"id", "kind", "pattern", "examples", "counter"})
