"""A learned decision over unit names: the veto of the rules' units that do not look like units where they stand.

The rules take a unit from a form that says it is one: a label (`牵头单位：…`), a marker
(`（…负责）`), `由X牵头`, a subject before its modal or act. On unseen text a form also takes names
that are no actor there: a place or an object that opens a clause (`城镇小区严格…`), a body a
sentence mentions in passing. Many weak signs together tell them apart: the characters that follow
the name (a modal, an act, `的`, a comma), what precedes it (a clause start, `由`, `向`), the name's
ending, whether the lexicon holds it, where it stands in the measure, which rule found it, how many
units the rules found there.

The model is a logistic regression over hashed binary features (`prose_model.ProseModel`), trained
(`extractors/training/unit_train.py`) on the rules' units of the dev documents and on the names the
finder's name matcher accepts at every clause opening and after the words that bring in a doer
(`AFTER_WORDS`): the longest accepted string there, labelled by the gold units of its measure. The
names give it what a unit looks like in place; the rules' units, which rule found them. The finder
drops a rule's unit it scores below the model's `veto` (chosen by document-fold cross-validation on
dev), unless `UnitFinder.spared` keeps it. The same model adding names above a threshold was tried:
on dev (cross-validated) and on the check set it never paid (`unit_train` reports it).

This module holds what the finder needs: where the weights live, which positions are read and how a
name's signs become feature strings. No corpus text is stored, only hashed weights.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from duban.extractors.prose_model import ProseModel, load_prose_model

MODEL_PATH = Path(__file__).parent / "models" / "unit_lr.npz"
#: Words after which a name is a candidate besides a clause's opening: the cues that bring in a
#: doer or partner (`由`, `会同`, `请`) and the verbs that name whom they steer (`督促`, `指导`).
#: A sign each, weighed by the model, not a rule (the same name after `向` is read too: its
#: preceding characters are features).
AFTER_WORDS = (
    "由", "会同", "牵头", "配合", "协助", "请", "督促", "指导", "责成", "要求", "组织", "推动",
    "支持", "协调", "联合", "指定", "明确", "和", "及", "与", "向", "对",
)  # fmt: skip
#: Characters after which a clause (or a list's next part) opens.
OPENING_AFTER = frozenset("，,。；;：:！？!?\n、（(")
#: A candidate name is read at most this many characters long.
MAX_NAME = 24


def _bucket(n: int, bounds: tuple[int, ...]) -> str:
    """The first bound `n` does not exceed (the last one, `+`, when it exceeds them all)."""
    for b in bounds:
        if n <= b:
            return str(b)
    return "+"


def candidate_features(
    masked: str,
    start: int,
    end: int,
    *,
    opening: str,
    suffix: str,
    known: bool,
    role: bool,
    cue: bool,
    act: bool,
    clause: int,
    rule_units: int,
    rule_names: frozenset[str],
) -> list[str]:
    """The feature strings of the name `masked[start:end]` as a unit of one measure.

    `opening` says where it starts (`clause`: a clause's or list part's opening, `cued`: after one
    of `AFTER_WORDS`, `free`: elsewhere, which only a rule's unit does), `suffix` is its longest listed organisation ending ('' for none), `known` whether the lexicon
    holds it, `role` whether it names a role holder, `cue`/`act` whether a subject cue or an act
    follows it at once, `clause` the index of its clause in the measure, `rule_units` how many
    units the rules found in the measure and `rule_names` their names."""
    name = masked[start:end]
    before = masked[max(0, start - 2) : start]
    after = masked[end : end + 2]
    p1 = before[-1:] or "^"
    n1 = after[:1] or "$"
    features = [
        f"open={opening}",
        f"open|n1={opening}|{n1}",
        f"open|p2={opening}|{before}",
        f"n1={n1}",
        f"n2={after}",
        f"p1={p1}",
        f"p2={before if len(before) == 2 else '^' + before}",
        f"suf={suffix}",
        f"l1={name[-1]}",
        f"l2={name[-2:]}",
        f"f1={name[0]}",
        f"f2={name[:2]}",
        f"len={_bucket(len(name), (2, 3, 4, 6, 8, 12))}",
        f"clause={_bucket(clause, (0, 1, 2, 4))}",
        f"at={_bucket(start, (0, 4, 20, 60, 150))}",
        f"rules={_bucket(rule_units, (0, 1, 2))}",
        f"suf|n1={suffix}|{n1}",
        f"p1|n1={p1}|{n1}",
        f"cue={cue}",
        f"act={act}",
        f"known={known}",
        f"role={role}",
        f"cue|rules={cue}|{_bucket(rule_units, (0, 1))}",
    ]
    if any(name in n or n in name for n in rule_names):
        features.append("near_rule_name")
    return features


@lru_cache(maxsize=2)
def load_unit_model(path: Path = MODEL_PATH) -> ProseModel | None:
    """The shipped unit model, read once per process; None when there is none (rules only)."""
    return load_prose_model(path)
