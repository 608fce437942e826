"""Document kind from the content as well as the title: a small learned decision.

A title's genre word misleads on real pages (a 通知 that is a progress report, a news page that is
minutes, a 报告 in the title of a notice that issues tasks), and many pages have no usable title.
So the kind is decided from a dozen features: the title's genre (as a hint, not a verdict), and
how densely the text uses the cue words of minutes (`会议强调`, `主持召开`), reports (`已完成`,
`截至`, figures), an inspection's findings (`检查发现`, `问题清单`: reports too), directives (`要`,
`牵头`, `完成时限`) and news (`记者`, `电`, `来源`).

The weights are a multinomial logistic regression trained on the dev corpus's gold kinds
(`python -m duban.pipeline.doc_kind_training ../shared/corpus/dev`), which writes
`rules/lexicons/xcheck_kind.yaml` and prints the leave-one-out accuracy next to the title rules'.
"""

from __future__ import annotations

import logging
import math
import re
from functools import lru_cache

import yaml

from duban.rules.ruleset import lexicon_path, load_rule_file
from duban.rules.vocabulary import doc_number_core, genres

log = logging.getLogger(__name__)

KINDS = ("policy", "minutes", "report", "other")
WEIGHTS = lexicon_path("xcheck_kind.yaml")
_HEAD = 6000

# Title and text cues of each kind (`rules/kinds.yaml`): the features the weights were fitted on.
_KINDS = load_rule_file("kinds").require(
    (
        "title_task_division",
        "title_meeting",
        "title_report",
        "title_tail",
        "text_minutes",
        "text_report",
        "text_policy",
        "text_news",
        "text_findings",
        "figure",
    )
)
_TITLE_POLICY = re.compile(genres("core", "measures", "plan", "statute", "notice", "division"))
_TITLE_DIVISION = _KINDS.regex("title_task_division")
_TITLE_MEETING = _KINDS.regex("title_meeting")
_TITLE_REPORT = _KINDS.regex("title_report")
# What closes a title without being its genre: a bracketed number or note (`（豫政〔2023〕5号）`,
# `（节选）`, `（2016年3月4日—3月10日）`).
_TITLE_TAIL = _KINDS.regex("title_tail")
_CUES = {
    "minutes": _KINDS.regex("text_minutes"),
    "report": _KINDS.regex("text_report"),
    "policy": _KINDS.regex("text_policy"),
    "news": _KINDS.regex("text_news"),
    "findings": _KINDS.regex("text_findings"),
}
_FIGURE = _KINDS.regex("figure")
_NUMBER = doc_number_core()

FEATURES = (
    "title_policy",
    "title_minutes",
    "title_report",
    "title_issues",
    "no_title",
    "minutes_cues",
    "report_cues",
    "policy_cues",
    "news_cues",
    "findings_cues",
    "figures",
    "doc_number",
    "bias",
)


def title_genre(title: str) -> str | None:
    """The kind a title names by its genre, read as Chinese titles are built: a genre word that
    closes the title is its genre (`关于分解落实《政府工作报告》…的通知` is a notice, `…事故报告和调查
    处理条例` a statute, `…任务分解` a division of tasks); else a headline that reports a meeting
    names minutes, and a word of account (`报告`, `通报`, `情况`) a report. Words inside a quoted
    title and a bracketed tail (`（豫政〔2023〕5号）`, `（节选）`) are not the title's own."""
    while (tail := _TITLE_TAIL.search(title)) and tail.start() > 0:
        title = title[: tail.start()]
    title = re.sub(r"《[^《》]*》", "《》", title).strip()
    # A letter is of the genre of what it sends (`征求…修改意见的函`, `…办理情况的函`).
    title = title.removesuffix("的函")
    closing = [m.end() for pattern in (_TITLE_POLICY, _TITLE_DIVISION) for m in pattern.finditer(title)]
    if title and max(closing, default=-1) == len(title):
        return "policy"
    if _TITLE_MEETING.search(title):
        return "minutes"
    return "report" if _TITLE_REPORT.search(title) else None


def features(text: str, title: str) -> list[float]:
    """The feature vector of a document (densities per thousand characters, log-scaled)."""
    head = text[:_HEAD]
    size = max(len(head), 200) / 1000
    genre = title_genre(title)

    def density(pattern: re.Pattern[str]) -> float:
        return math.log1p(len(pattern.findall(head)) / size)

    return [
        float(genre == "policy"),
        float(genre == "minutes"),
        float(genre == "report"),
        float("印发" in title or "分解" in title or "分工" in title),
        float(not title),
        density(_CUES["minutes"]),
        density(_CUES["report"]),
        density(_CUES["policy"]),
        density(_CUES["news"]),
        density(_CUES["findings"]),
        density(_FIGURE),
        float(bool(_NUMBER.search(head[:300]))),
        1.0,
    ]


@lru_cache(maxsize=1)
def weights() -> dict[str, list[float]] | None:
    """The trained weights per kind, validated; None when the file is absent."""
    if not WEIGHTS.is_file():
        return None
    data = yaml.safe_load(WEIGHTS.read_text(encoding="utf-8"))
    found = data.get("weights") if isinstance(data, dict) else None
    if (
        not isinstance(found, dict)
        or set(found) != set(KINDS)
        or any(len(v) != len(FEATURES) for v in found.values())
        or data.get("features") != list(FEATURES)
    ):
        raise ValueError(f"{WEIGHTS.name}: weights do not match the features of pipeline.doc_kind")
    return {k: [float(x) for x in v] for k, v in found.items()}


def probabilities(
    text: str, title: str, table: dict[str, list[float]] | None = None
) -> dict[str, float] | None:
    """The probability of each kind, or None when no weights are available."""
    table = table or weights()
    if table is None:
        return None
    x = features(text, title)
    scores = {k: sum(w * v for w, v in zip(table[k], x, strict=True)) for k in KINDS}
    top = max(scores.values())
    exp = {k: math.exp(v - top) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def predict(text: str, title: str, table: dict[str, list[float]] | None = None) -> str | None:
    """The most likely kind, or None when no weights are available."""
    found = probabilities(text, title, table)
    return max(KINDS, key=lambda k: found[k]) if found else None
