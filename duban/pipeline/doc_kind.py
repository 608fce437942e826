"""Document kind from the content as well as the title: a small learned decision.

A title's genre word misleads on real pages (a 通知 that is a progress report, a news page that is
minutes, a 报告 in the title of a notice that issues tasks), and many pages have no usable title.
So the kind is decided from a dozen features: the title's genre (as a hint, not a verdict), and
how densely the text uses the cue words of minutes (`会议强调`, `主持召开`), reports (`已完成`,
`截至`, figures), directives (`要`, `牵头`, `完成时限`) and news (`记者`, `电`, `来源`).

The weights are a multinomial logistic regression trained on the dev corpus's gold kinds
(`python -m duban.pipeline.doc_kind_training ../shared/corpus/dev`), which writes
`rules/lexicons/xcheck_kind.yaml` and prints the leave-one-out accuracy next to the title rules'.
"""

from __future__ import annotations

import logging
import math
import re
from functools import lru_cache
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

KINDS = ("policy", "minutes", "report", "other")
WEIGHTS = Path(__file__).resolve().parents[1] / "rules" / "lexicons" / "xcheck_kind.yaml"
_HEAD = 6000

_TITLE_POLICY = re.compile(
    r"(?:通知|意见|办法|方案|规定|决定|措施|细则|要点|清单|分工|计划|条例|规则|通告|公告)$"
)
_TITLE_MINUTES = re.compile(r"纪要|会议$|召开.{0,30}会|会议强调|座谈会|推进会|办公会")
_TITLE_REPORT = re.compile(r"报告|汇报|通报|总结|情况|公示|答复|进展|成效|结果")
_CUES = {
    "minutes": re.compile(
        r"会议(?:指出|强调|要求|认为|明确|决定|研究|听取|审议|传达|学习|议定|原则同意)|主持召开|主持会议|出席会议|参加会议|参会|纪要如下"
    ),
    "report": re.compile(
        r"已完成|已经完成|完成了|截至|截止|累计|同比|增长|下降|进展顺利|情况如下|报告如下|汇报如下|通报如下|取得|成效|"
        r"正在推进|已建成|已开展|超额完成|滞后|存在的问题|下一步"
    ),
    "policy": re.compile(
        r"要|必须|应当|务必|不得|严禁|牵头单位|责任单位|配合单位|完成时限|各地|各部门|各单位|请|现将|印发给你们|通知如下|意见如下"
    ),
    "news": re.compile(r"记者|\d日电|来源[:：]|本报讯|据介绍|据了解|新闻|报道|发布会|(?:说|表示)[，,:：]"),
}
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|亿元|万元|个|项|件|户|家|人次|公里)")
_NUMBER = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号")

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
    "figures",
    "doc_number",
    "bias",
)


def features(text: str, title: str) -> list[float]:
    """The feature vector of a document (densities per thousand characters, log-scaled)."""
    head = text[:_HEAD]
    size = max(len(head), 200) / 1000

    def density(pattern: re.Pattern[str]) -> float:
        return math.log1p(len(pattern.findall(head)) / size)

    return [
        float(bool(_TITLE_POLICY.search(title))),
        float(bool(_TITLE_MINUTES.search(title))),
        float(bool(_TITLE_REPORT.search(title))),
        float("印发" in title or "分解" in title or "分工" in title),
        float(not title),
        density(_CUES["minutes"]),
        density(_CUES["report"]),
        density(_CUES["policy"]),
        density(_CUES["news"]),
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
