"""Metadata by rules: title, document number (文号), issuer, date (成文日期) and kind."""

from __future__ import annotations

import re

from pipeline.model import DocKind, Document, Metadata
from pipeline.numerals import cn_digits_to_int
from pipeline.script import to_simplified
from pipeline.structure import line_spans, match_marker

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fa5A-Za-z]{0,14}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号"
)
_DATE = re.compile(
    r"((?:19|20)\d{2}|[二][〇○零O０][〇○零一二三四五六七八九O０]{2})\s*年\s*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,4})\s*日"
)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_TITLE_HINT = re.compile(
    r"关于|通知|意见|办法|方案|规定|决定|纪要|报告|规则|细则|要点|清单|通报|措施|计划|会议|情况"
)
_ISSUER_SUFFIX = re.compile(
    r"(人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|党组|党委|[局厅委部署院办])$"
)
_MINUTES = re.compile(
    r"会议纪要|纪要如下|会议要求|会议强调|会议指出|会议传达|会议听取|会议研究|会议审议|会议学习|主持召开|召开.{0,12}会议"
)
_REPORT = re.compile(
    r"情况的?报告|情况汇报|汇报如下|报告如下|落实情况|整改情况|进展情况|工作总结|通报|督查报告|已完成|截至目前|截至\d"
)
_NEWS = re.compile(r"来源[:：]|记者|\d日电|新闻发布会|本报讯|据介绍|据了解|(?:说|表示)[,，:：]")
_POLICY = re.compile(r"通知|意见|办法|方案|规定|决定|措施|实施细则|规则|要点|清单|分工")


def parse_date(text: str) -> str | None:
    """An ISO date from `2021年1月25日`, `二〇二一年一月二十五日` or `2021-01-25`."""
    m = _DATE.search(text)
    if m:
        year = int(m.group(1)) if m.group(1).isdigit() else cn_digits_to_int(m.group(1), positional=True)
        month = cn_digits_to_int(m.group(2))
        day = cn_digits_to_int(m.group(3))
        if year and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    m = _ISO_DATE.search(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def parse_metadata(doc: Document) -> Metadata:
    text = doc.analysis_text
    lines = [(s, e) for s, e in line_spans(text)]
    head = lines[:8]
    number_match = _doc_number(text, head)
    title = _title(doc.text, text, lines[:6])
    date = _date(text, lines)
    issuer = _issuer(doc.text, title, lines)
    return Metadata(
        title=title,
        kind=_kind(text, to_simplified(title) if title else ""),
        doc_number=doc.text[number_match.start() : number_match.end()] if number_match else None,
        issuer=issuer,
        date=date,
    )


def _doc_number(text: str, head: list[tuple[int, int]]) -> re.Match[str] | None:
    """The document's own number: a line of its own, or closing a title line; never a quoted one."""
    for start, end in head:
        line = text[start:end].strip()
        m = DOC_NUMBER.search(text, start, end)
        if not m:
            continue
        rest = len(line) - (m.end() - m.start())
        closes_title = text[m.end() : end].strip(" )）") == "" and "《" not in line and "根据" not in line
        if rest <= 2 or closes_title:
            return m
    return None


_GENRE_END = re.compile(
    r"(?:通知|意见|办法|方案|规定|决定|纪要|报告|规则|细则|要点|清单|通报|通告|公告|批复|措施|计划|会议)$"
)
_FIELD = re.compile(r"^[^，。；（(《]{1,12}[:：]")
_CHROME = re.compile(
    r"首页|当前位置|您的位置|来源[:：]|发布时间|浏览次数|新闻头条|>|\d{1,2}:\d{2}|字号|打印|分享"
)


def _title(text: str, analysis: str, head: list[tuple[int, int]]) -> str | None:
    """The most title-like line of the head: a genre word (通知, 纪要 …), no web-page chrome."""
    best: tuple[int, int, str] | None = None
    for rank, (start, end) in enumerate(head):
        line = analysis[start:end].strip()
        if not line or len(line) > 80 or DOC_NUMBER.fullmatch(line) or _DATE.fullmatch(line):
            continue
        if (
            _CHROME.search(line)
            or _FIELD.match(line)
            or match_marker(line) is not None
            or re.search("[。，,]", line)
        ):
            continue
        if line.endswith(("：", ":", "，", ",")):
            continue
        score = 3 * bool(_GENRE_END.search(line)) + 2 * ("关于" in line) + bool(_TITLE_HINT.search(line))
        if best is None or (score, -rank) > (best[0], -best[1]):
            best = (score, rank, text[start:end].strip())
    return best[2] if best and (best[0] > 0 or best[1] < 2) else None


def _date(text: str, lines: list[tuple[int, int]]) -> str | None:
    """The signing date: a line that is only a date near the end, else a date opening the text.

    Minutes and reports often open with their date (`2023年6月8日，局长主持召开…`); a date inside
    a closing sentence (`本办法自2024年1月1日起施行`) is not the signing date.
    """
    for start, end in reversed(lines[-8:]):
        line = text[start:end].strip()
        m = _DATE.search(line) or _ISO_DATE.search(line)
        if m and len(line) - (m.end() - m.start()) <= 2:
            return parse_date(line)
    for start, end in lines[:6]:
        line = text[start:end].strip()
        m = _DATE.match(line) or _ISO_DATE.match(line)
        if m:
            return parse_date(line[: m.end()])
    return None


def _issuer(text: str, title: str | None, lines: list[tuple[int, int]]) -> str | None:
    if title:
        m = re.match(r"^(.{2,40}?)关于", title)
        if m:
            return m.group(1).strip()
    for idx in range(len(lines) - 1, max(len(lines) - 8, 0) - 1, -1):
        start, end = lines[idx]
        line = text[start:end].strip()
        if parse_date(line) and len(line) <= 20 and idx > 0:
            prev = text[lines[idx - 1][0] : lines[idx - 1][1]].strip()
            if len(prev) <= 40 and _ISSUER_SUFFIX.search(prev):
                return prev
    return None


def _kind(text: str, title: str) -> DocKind:
    if len(_NEWS.findall(text[:2000])) >= 2:
        return "report"
    if "纪要" in title or re.search(r"会议$|召开.*会议", title):
        return "minutes"
    if re.search(r"报告|汇报|通报|情况|总结", title) and not re.search(r"印发.*报告.*通知|分工", title):
        return "report"
    if _POLICY.search(title):
        return "policy"
    minutes = len(_MINUTES.findall(text))
    report = len(_REPORT.findall(text))
    policy = len(re.findall(r"要|应当|必须|负责|牵头", text)) // 8
    best = max(minutes * 2, report, policy)
    if best == 0:
        return "other"
    if best == minutes * 2:
        return "minutes"
    if best == report:
        return "report"
    return "policy"
