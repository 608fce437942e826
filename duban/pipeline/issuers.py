"""The issuer (发文机关) of a document, by rules (`rules/kinds.yaml`, the `issuer_*` groups).

Staff filter and facet searches and ledgers by issuer, so a value must be one or more issuing
bodies and nothing else. The sources, the first that gives a name winning:

1. a letterhead (`某区人民政府文件`): the body in full;
2. the title's prefix before `关于` or a release verb (`…印发《`, `…转发某部关于`), when it reads as
   bodies: a prefix that tells a speech, a meeting or an act (`在…会议上强调`, `召开会议审议《`,
   `学习传达《`) is none, page furniture glued before it (`【预警信息】`, dates, `主题分类`) is cut,
   and joint issuers keep (or get back) their `、`;
3. the signature: the line or lines of bodies above the signing date (joint issuers on successive
   lines), or a body beside it;
4. a page field that names the issuing body (`发文机关：`, `发布机构：`);
5. a read-out headline's meeting body (`某某主持召开国务院常务会议`, `某政治局召开会议`);
6. a statute's enactment line (`…第十届某人民代表大会常务委员会第十一次会议通过`): its legislature;
7. a page's source field (`来源：`) whose value ends as a body does.

Names are matched on the simplified analysis text and returned in the document's own script
(script conversion keeps lengths).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from duban.base.dates import CN_DATE, FIGURE_DATE, parse_date
from duban.base.model import Document
from duban.base.script import strip_pinyin, to_simplified
from duban.pipeline.layout import layout_rules
from duban.rules.ruleset import load_rule_file

_KINDS = load_rule_file("kinds").require(
    (
        "issuer_suffix",
        "issuer_end_extra",
        "issuer_release",
        "issuer_lead",
        "issuer_not_name",
        "issuer_chrome",
        "issuer_joint_head",
        "issuer_letterhead",
        "issuer_field",
        "issuer_source_field",
        "issuer_meeting",
        "issuer_enacted",
        "issuer_no_place",
        "page_chrome",
        "site_tail",
    )
)
_SUFFIX = _KINDS.regex("issuer_suffix")
_END_EXTRA = _KINDS.regex("issuer_end_extra")
_RELEASE = _KINDS.regex("issuer_release")
_LEAD = _KINDS.regex("issuer_lead")
_NOT_NAME = _KINDS.regex("issuer_not_name")
_JOINT_HEAD = _KINDS.regex("issuer_joint_head")
_LETTERHEAD = _KINDS.regex("issuer_letterhead")
_FIELD = _KINDS.regex("issuer_field")
_SOURCE = _KINDS.regex("issuer_source_field")
_MEETING = _KINDS.regex("issuer_meeting")
_ENACTED = _KINDS.regex("issuer_enacted")
_NO_PLACE = _KINDS.regex("issuer_no_place")
_SITE_TAIL = _KINDS.regex("site_tail")
# Furniture glued before a name: the issuer group's own shapes, the page chrome of headlines and
# the field names of a portal's information block (`rules/layout.yaml`), tried in that order.
_GLUED = re.compile(
    "|".join(
        (
            _KINDS.regex("issuer_chrome").pattern,
            _KINDS.regex("page_chrome").pattern,
            "|".join(
                re.escape(w) for w in sorted(layout_rules().words("chrome_fields"), key=len, reverse=True)
            ),
        )
    )
)
# What no name holds: a quoted title, a colon, sentence punctuation.
_NO_NAME_CHAR = re.compile(r"[《》〈〉:：，,。；;！!？?]")
# A body's term of office (`第十三届`), dropped from a meeting body's name.
_TERM = re.compile(r"第?[一二三四五六七八九十]+届")
# A value that names a news outlet, not an issuing body.
_OUTLET = re.compile(r"(?:报|报社|社|台|电视台|网|新闻|在线)$")
# How far into the text a letterhead, the title line and page fields are looked for.
_HEAD_CHARS = 4000
_HEAD_LINES = 12
_TAIL_LINES = 8
_SIGNATURE_LINES = 3
_ENACTMENT_LINES = 4  # a statute's name, perhaps a blank or a bracket, then its enactment line
_MAX_NAME = 40
_MAX_FIELD = 40


def ends_as_body(name: str) -> bool:
    """Whether a name ends as an issuing body's does (`…人民政府`, `…局`, `中共中央`, `…领导小组`)."""
    return bool(_SUFFIX.search(name) or _END_EXTRA.search(name))


def split_joint(name: str) -> list[str]:
    """The bodies of a joint issuer printed without separators (`某部某部某总局`): cut after a body's
    end where the rest opens as another body (`issuer_joint_head`), never before a sub-unit
    (`办公室`, `宣传部`)."""
    parts: list[str] = []
    start = 0
    for i in range(2, len(name) - 1):
        if i - start >= 2 and ends_as_body(name[start:i]) and _JOINT_HEAD.match(name[i:]):
            parts.append(name[start:i])
            start = i
    parts.append(name[start:])
    return parts


def _gaps(doc: Document, start: int, end: int) -> set[int]:
    """Positions in `start..end` of `doc.text` where normalisation dropped characters (a break or a
    run of spaces) or where whitespace stands: the cuts between a line's segments."""
    cuts = {i for i in range(start, end) if doc.text[i].isspace()}
    cuts.update(i for i in range(start + 1, end) if doc.dropped_between(i - 1, i))
    return cuts


def _segments(simple: str, gaps: set[int]) -> list[tuple[int, int]]:
    """The non-blank runs of `simple` between gaps (positions relative to `simple`)."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in sorted(gaps | {len(simple)}):
        if i < start:
            continue
        s, e = start, i
        while s < e and simple[s].isspace():
            s += 1
        while e > s and simple[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        start = i + 1 if i < len(simple) and simple[i].isspace() else i
    return out


def _named(simple: str) -> bool:
    return (
        2 <= len(simple) <= _MAX_NAME
        and not _NO_NAME_CHAR.search(simple)
        and not _NOT_NAME.search(simple)
        and not simple[0].isdigit()
    )


def _join(original: str, simple: str, spans: list[tuple[int, int]]) -> str | None:
    """The bodies in `spans` (each split where glued), joined by `、`, in the original script."""
    names: list[str] = []
    for s, e in spans:
        # Pinyin annotations (`建設(shè)`) are the same in both scripts: removed alike, lengths agree.
        plain, bare = strip_pinyin(original[s:e]), strip_pinyin(simple[s:e])
        at = 0
        for part in split_joint(bare):
            names.append(plain[at : at + len(part)].strip())
            at += len(part)
    names = [n for n in names if n]
    return "、".join(names) if names else None


def name_of_prefix(original: str, simple: str, gaps: set[int], single: bool = False) -> str | None:
    """The issuer a title's prefix names, or None: cut at a release verb, an approval lead and
    page furniture glued before it dropped; the segments (between `gaps`) that read as bodies back to
    the line's start are a joint issuer, and after furniture only the last one counts (a site's
    name may stand between). `single`: the prefix must be one body that ends as one."""
    verb = _RELEASE.search(simple)
    end = verb.start() if verb else len(simple)
    start = 0
    lead = _LEAD.match(simple, 0, end)
    if lead:
        start = lead.end()
    chrome = None
    for found in _GLUED.finditer(simple, start, end):
        chrome = found  # the last piece of furniture: the name starts after it
    glued = chrome is not None
    if chrome is not None:
        start = chrome.end()
    if _NOT_NAME.search(simple, start, end):
        return None
    if end == len(simple) and len(simple) in gaps and not ends_as_body(simple[start:end].strip()):
        return None  # a line of its own above the title (`通知与公告`), not a name glued to it
    spans = [
        (s + start, e + start)
        for s, e in _segments(simple[start:end], {g - start for g in gaps if start <= g < end})
    ]
    if not spans:
        return None
    last = spans[-1]
    if not _named(simple[last[0] : last[1]]):
        return None
    kept = [last]
    if not glued and not single:
        earlier = spans[:-1]
        if earlier and all(_named(simple[s:e]) and ends_as_body(simple[s:e]) for s, e in earlier):
            kept = spans
    if (single or verb) and not ends_as_body(simple[last[0] : last[1]]):
        return None  # `我国发布《`, `某地政府欢迎中央公布《`: a release told of, by no issuer
    return _join(original, simple, kept)


def _title_cut(title: str) -> int | None:
    """Where a title's issuer part ends: before `关于` or the first `《`, else before a release verb;
    None when the title names no issuer there (`关于…`, a bracket with no release verb before it)."""
    about = title.find("关于")
    quote = title.find("《")
    ends = [i for i in (about, quote) if i >= 2]
    if ends:
        cut = min(ends)
        if "《" in title[:cut] or (cut == quote and not _RELEASE.search(title, 0, cut)):
            return None
        return cut
    verb = _RELEASE.search(title)
    if verb and verb.start() >= 2 and ends_as_body(title[: verb.start()].strip()):
        return verb.start()
    return None


def _from_title(doc: Document, title: str) -> str | None:
    simple = to_simplified(title)
    cut = _title_cut(simple)
    if cut is None:
        return None
    prefix = simple[:cut].strip()
    if not prefix:
        return None
    # The title's line in the text: the head may print bodies the title reader cut off at a gap
    # (`中共中央办公厅 国务院办公厅印发《…`), and shows where a space or a break stood between them.
    text = doc.analysis_text
    anchor = simple[cut : cut + 10]
    pos = text.find(prefix[-4:] + anchor, 0, _HEAD_CHARS) if len(anchor) >= 4 else -1
    if pos >= 0:
        pos += len(prefix[-4:])
        line_start = text.rfind("\n", 0, pos) + 1
        line = text[line_start:pos]
        if re.sub(r"\s", "", line).endswith(re.sub(r"\s", "", prefix)):
            gaps = {g - line_start for g in _gaps(doc, line_start, pos)}
            return name_of_prefix(doc.text[line_start:pos], line, gaps)
    gaps = {i for i, ch in enumerate(prefix) if ch.isspace()}
    # The line not found whole (pinyin annotations in the text): the prefix on a line of its own
    # still shows as the prefix followed by a break.
    found = text.find(prefix, 0, _HEAD_CHARS)
    if found >= 0 and text[found + len(prefix) : found + len(prefix) + 1].isspace():
        gaps.add(len(prefix))
    at = title.find(title[:cut].strip())
    return name_of_prefix(title[at : at + len(prefix)], prefix, gaps)


def _letterhead(doc: Document, lines: list[tuple[int, int]]) -> str | None:
    text = doc.analysis_text
    for start, end in lines[:_HEAD_LINES]:
        line = text[start:end].strip()
        m = _LETTERHEAD.match(line)
        if not m:
            continue
        at = start + text[start:end].find(line)
        body = m.group("body").strip()
        gaps = {g - at for g in _gaps(doc, at, at + len(body))}
        name = name_of_prefix(doc.text[at : at + len(body)], body, gaps)
        if name and ends_as_body(to_simplified(name)):
            return name
    return None


def _body_line(line: str) -> bool:
    line = strip_pinyin(line)
    return len(line) <= _MAX_NAME and _named(line) and ends_as_body(line) and not _GLUED.search(line)


def _signature(doc: Document, lines: list[tuple[int, int]]) -> str | None:
    """The bodies above the signing date (one line, or joint issuers on successive lines), or a
    body beside it on its line (`某局办公室 2021年8月16日`)."""
    text = doc.analysis_text
    for idx in range(len(lines) - 1, max(len(lines) - _TAIL_LINES, 0) - 1, -1):
        start, end = lines[idx]
        line = text[start:end].strip()
        if not parse_date(line):
            continue
        if len(line) <= 20:
            spans: list[tuple[int, int]] = []
            for j in range(idx - 1, max(idx - 1 - _SIGNATURE_LINES, -1), -1):
                s, e = lines[j]
                above = text[s:e].strip()
                if not _body_line(above):
                    break
                at = s + text[s:e].find(above)
                spans.insert(0, (at, at + len(above)))
            if spans:
                return _join(doc.text, text, spans)
        date = CN_DATE.search(line) or FIGURE_DATE.search(line)
        if date and len(line) - date.end() <= 2:
            before = line[: date.start()].strip()
            if before and _body_line(before):
                at = start + text[start:end].find(before)
                return _join(doc.text, text, [(at, at + len(before))])
    return None


def _field_value(text: str, label: re.Pattern[str]) -> tuple[int, int] | None:
    """Where the value of the first field `label` gives in the head stands: up to a space, a
    break or the next field name."""
    for m in label.finditer(text, 0, _HEAD_CHARS):
        end = m.end()
        stop = min(len(text), end + _MAX_FIELD)
        for i in range(end, stop):
            if text[i].isspace() or text[i] in "|｜•·":
                stop = i
                break
        nxt = _GLUED.search(text, end + 1, stop)
        if nxt:
            stop = nxt.start()
        value = text[end:stop].strip()
        if value:
            return end, end + len(value)
    return None


def _field(doc: Document, label: re.Pattern[str], placed: bool) -> str | None:
    """The body a page field names; `placed`: only a name with its place (`某县政府办`, not `县府办`)."""
    found = _field_value(doc.analysis_text, label)
    if found is None:
        return None
    s, e = found
    value = doc.analysis_text[s:e]
    if not _body_line(value) or _SITE_TAIL.search(value) or _OUTLET.search(value):
        return None
    if placed and _NO_PLACE.match(value):
        return None
    return _join(doc.text, doc.analysis_text, [(s, e)])


def _meeting(title: str) -> str | None:
    simple = to_simplified(title)
    m = _MEETING.match(simple)
    if not m:
        return None
    body = m.group("body")
    if not (_named(body) and ends_as_body(body)) or _NO_PLACE.match(body) or _GLUED.search(body):
        return None
    # The body, not its term: `第十三届全国人民代表大会常务委员会` files under `全国人民代表大会常务委员会`.
    term = _TERM.search(body)
    name = title[m.start("body") : m.end("body")]
    if term:
        name = name[: term.start()] + name[term.end() :]
    return name or None


def _enacted(doc: Document, lines: list[tuple[int, int]]) -> str | None:
    """The body whose session passed a statute, from the enactment line under its name (its term
    dropped, as a meeting body's is)."""
    text = doc.analysis_text
    for start, end in lines[:_ENACTMENT_LINES]:
        # normalisation joins the name and the lines under it (no end punctuation): the line is
        # found after the name, never after a sentence of the body
        m = _ENACTED.search(text, start, end)
        if m and not _NO_NAME_CHAR.search(text, start, m.start()):
            return _meeting(doc.text[m.start("session") : m.end("session")])
    return None


def read_issuer(doc: Document, title: str | None, lines: list[tuple[int, int]]) -> str | None:
    """The document's issuer: the first of the sources in the module's docstring that names one."""
    readers: list[Callable[[], str | None]] = [lambda: _letterhead(doc, lines)]
    if title:
        readers.append(lambda: _from_title(doc, title))
    readers += [
        lambda: _signature(doc, lines),
        lambda: _field(doc, _FIELD, placed=False),
    ]
    if title:
        readers.append(lambda: _meeting(title))
    readers.append(lambda: _enacted(doc, lines))
    readers.append(lambda: _field(doc, _SOURCE, placed=True))
    for reader in readers:
        name = reader()
        if name:
            return name
    return None
