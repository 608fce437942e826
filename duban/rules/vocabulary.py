"""The shared vocabulary of official documents (`rules/vocabulary.yaml`), read once for every reader.

Genre words, item markers, the document number and the modal cues were written out in each module
that needed them and had started to disagree; they are data now, and these functions hand each
reader the piece it needs: a regex alternation, compiled patterns, a word list. Issuer short forms
are the lexicon `aliases.txt`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal, get_args

from duban.rules.ruleset import RuleFile, load_lexicon_pairs, load_rule_file

GenreClass = Literal["core", "measures", "plan", "statute", "notice", "division", "record", "reply", "letter"]
GENRE_CLASSES: tuple[GenreClass, ...] = get_args(GenreClass)
ModelCue = Literal[
    "role_lead_before",
    "role_co_before",
    "role_lead_after",
    "role_co_after",
    "no_subject",
    "table_task_header",
    "table_unit_header",
    "table_time_cell",
]
_GROUPS = (
    "genre",
    "marker",
    "number",
    "number_core",
    "modal",
    "outline_start",
    "title_line",
    "clause_opening",
    "title_genre",
    *get_args(ModelCue),
)


@cache
def vocabulary() -> RuleFile:
    return load_rule_file("vocabulary").require(_GROUPS)


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """`(?:…|…)` over `words`, longest first, so that `实施细则` is tried before `细则`."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@cache
def genre_words(*classes: GenreClass) -> tuple[str, ...]:
    """The genre words (文种) of the given classes (all classes when none is named)."""
    chosen = classes or GENRE_CLASSES
    return tuple(word for c in chosen for word in vocabulary().words(f"genres_{c}"))


def genres(*classes: GenreClass) -> str:
    """A regex alternation of the genre words of the given classes."""
    return alternation(genre_words(*classes))


@cache
def item_markers() -> tuple[tuple[re.Pattern[str], int], ...]:
    """The numbering markers, each anchored at the line start, with its level, in the order they
    are tried (一、 at 3, （一） at 4, 1. at 5, （1） at 6, ① at 7, bullets at 8, 一是 at 9)."""
    return tuple((rule.regex, int(rule.get("level"))) for rule in vocabulary().by_group("marker"))


# The article marker (`第X条`): it shares level 3 with `一、`, and a reader that keeps an article's
# number in its text asks for the markers without it.
ARTICLE_MARKER = "vocab.marker_article.v1"


def item_marker_alternation(levels: range | tuple[int, ...], *, articles: bool = True) -> str:
    """The markers of `levels` as one alternation without their `^` (for a larger pattern);
    `articles=False` leaves out the article marker `第X条`."""
    chosen = (
        rule.regex.pattern.removeprefix("^")
        for rule in vocabulary().by_group("marker")
        if int(rule.get("level")) in levels and (articles or rule.id != ARTICLE_MARKER)
    )
    return "(?:" + "|".join(chosen) + ")"


def doc_number() -> re.Pattern[str]:
    """A document number with the issuer's prefix (`示政办发〔2021〕3号`); groups prefix, year, serial."""
    return vocabulary().by_group("number")[0].regex


def doc_number_core() -> re.Pattern[str]:
    """The bracketed year and serial of a document number alone (`〔2021〕3号`)."""
    return vocabulary().by_group("number_core")[0].regex


@cache
def outline_start() -> re.Pattern[str]:
    """What opens a numbered heading or item on a PDF line (`1.2 `, `3、`, `（二）`, `A)`, `[4]`,
    `●`, `第五条`, `附件`): the PDF reader keeps a line break before it."""
    return vocabulary().by_group("outline_start")[0].regex


@cache
def title_line() -> re.Pattern[str]:
    """A line that names a document (`关于…的通知`, `…会议纪要`): the model never takes it for a
    measure. The genre words it was trained with (see `vocabulary.yaml`)."""
    return vocabulary().by_group("title_line")[0].regex


@cache
def title_genre() -> re.Pattern[str]:
    """The genre that ends a title (`…的实施意见`), group 1 without the `的`: every genre word, the
    compounds whose modifier makes another document (`实施意见`, `工作方案`), `规划` and `决议`."""
    return vocabulary().by_group("title_genre")[0].regex


@cache
def clause_opening() -> re.Pattern[str]:
    """What may precede a clause's subject (a marker, `会议要求，`, `同时，`, `请`, `由`), matched
    where the clause opens: the model's subject gate reads the name after it."""
    return vocabulary().by_group("clause_opening")[0].regex


@cache
def model_cue(group: ModelCue) -> re.Pattern[str]:
    """One of the spaCy model's cue patterns: the role words around a unit name, what opens a
    clause without a subject, and a task table's header and time cells (see `vocabulary.yaml`)."""
    return vocabulary().by_group(group)[0].regex


def modals() -> tuple[str, ...]:
    """The modal cues that follow the subject of a requirement (要, 应当, 必须 …)."""
    return vocabulary().words("modals")


def issuer_aliases() -> tuple[tuple[str, str], ...]:
    """Two spellings of one issuer or unit name (`rules/lexicons/aliases.txt`): variant → normal
    form, in file order (a rewrite applies them in turn; a search matches either)."""
    return load_lexicon_pairs("aliases.txt")
