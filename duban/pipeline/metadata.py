"""Metadata by rules: title, document number (文号), issuer, date (成文日期) and kind."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

from duban.base.dates import CN_DATE, FIGURE_DATE, parse_date
from duban.base.model import DocKind, Document, Metadata
from duban.base.script import TONE_MARK, strip_pinyin, to_simplified
from duban.pipeline.doc_kind import probabilities as kind_probabilities
from duban.pipeline.doc_kind import title_genre
from duban.pipeline.issuers import ends_as_body, read_issuer
from duban.pipeline.structure import line_spans, match_marker
from duban.pipeline.titles import vocab
from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import doc_number, doc_number_core, genres

DOC_NUMBER = doc_number()
# The bracketed year and serial every document number holds: searched first, because it opens with
# its bracket and `re` skips to one, while `DOC_NUMBER` opens with up to 14 optional characters of
# prefix, tried at every position of a line. A line without the core holds no document number.
_NUMBER_CORE = doc_number_core()
# A regulation's number is the decree (令) that promulgated it (`rules/doc_numbers.yaml`).
_DECREES = load_rule_file("doc_numbers").require(("decree", "dated"))
_DECREE = _DECREES.regex("decree")
_DATED = _DECREES.regex("dated")
_ADDRESSEE = re.compile("[:：]")
# Kind cues, page chrome and headline shapes (`rules/kinds.yaml`).
_KINDS = load_rule_file("kinds").require(
    (
        "title_hint",
        "genre_end_extra",
        "issuer_suffix",
        "minutes_cue",
        "report_cue",
        "news_cue",
        "self_report",
        "release_headline",
        "page_chrome",
        "meeting_headline",
        "meeting_event",
        "statute_history_act",
        "statute_first_chapter",
        "statute_name",
        "dateline",
        "site_tail",
        "date_signed_field",
        "date_meeting_field",
        "date_published_field",
        "date_signing_lead",
        "date_range_on",
        "date_colophon",
        "date_meeting_held",
    )
)
# A word that makes a line read as a title (a genre word, `关于`, `会议`, `情况`); only asked whether
# it occurs, so the order of the alternatives does not matter.
_TITLE_HINT = re.compile(
    genres("core", "measures", "plan", "record") + "|" + _KINDS.regex("title_hint").pattern
)
_ISSUER_SUFFIX = _KINDS.regex("issuer_suffix")
_MINUTES = _KINDS.regex("minutes_cue")
_REPORT = _KINDS.regex("report_cue")
_NEWS = _KINDS.regex("news_cue")
_SELF_REPORT = _KINDS.regex("self_report")
_RELEASE_HEADLINE = _KINDS.regex("release_headline")
# How far into the text a report's own opening (`现将…汇报如下`) is looked for.
_OPENING = 400


def _unchanged(text: str) -> str:
    return text


def parse_metadata(doc: Document) -> Metadata:
    text = doc.analysis_text
    lines = [(s, e) for s, e in line_spans(text)]
    head = lines[:8]
    # `strip_pinyin` searches with a look-behind, tried at every position of every head line;
    # most documents have no toned vowel in their head at all, and it changes none of their lines.
    # The head is the title's first `_HEAD_CHARS` characters and the number's first eight lines.
    end = max(_HEAD_CHARS, head[-1][1] if head else 0)
    annotated = TONE_MARK.search(text, 0, end) or TONE_MARK.search(doc.text, 0, end)
    unpinyin = strip_pinyin if annotated else _unchanged
    number = _doc_number(text, head, unpinyin)
    pieces = _pieces(doc)
    title = _title(doc, unpinyin, pieces)
    date = _date(doc, text, pieces)
    issuer = read_issuer(doc, title, lines)
    return Metadata(
        title=title,
        kind=_kind(text, to_simplified(title) if title else ""),
        doc_number=number,
        issuer=issuer,
        date=date,
    )


def _doc_number(
    text: str, head: list[tuple[int, int]], unpinyin: Callable[[str], str] = strip_pinyin
) -> str | None:
    """The document's own number: a line of its own, or closing a title line; never a quoted one.

    Read with pinyin annotations removed: a mirror page's `国办发(fā)〔2018〕15号` is `国办发〔2018〕15号`.
    """
    lines = [unpinyin(text[start:end]).strip() for start, end in head]
    for line in lines:
        m = DOC_NUMBER.search(line) if _NUMBER_CORE.search(line) else None
        if not m:
            continue
        rest = len(line) - (m.end() - m.start())
        closes_title = line[m.end() :].strip(" )）") == "" and "《" not in line and "根据" not in line
        if rest <= 2 or closes_title:
            return m.group()
        after_title = _after_title(line, m.start(), m.start("year"))
        if after_title is not None:
            return line[after_title : m.end()]
    return _decree(lines)


def _after_title(line: str, start: int, end: int) -> int | None:
    """Where a number that follows its title on one line starts (`…的批复国函〔2001〕5号某某厅：…`,
    a page whose breaks normalisation joined): the first cut in the number's prefix, between `start`
    and its bracket `end`, after which what precedes is a title (see `_title_ends`)."""
    return next((cut for cut in range(start, end) if _title_ends(line[:cut])), None)


def _title_ends(before: str) -> bool:
    """`before` ends as a title does (a genre word) and is no sentence or quotation."""
    before = before.strip()
    return bool(_GENRE_END.search(before)) and not _SENTENCE.search(before) and "《" not in before


def _decree(lines: list[str]) -> str | None:
    """The decree (令) number of a regulation: a heading line of its own (`某某国务院令第706号`),
    else the latest one on the history that follows the title (`…条例1994年…令第142号发布`).

    A regulation revised by later decrees lists each (`1994年…令第142号发布 … 2018年…令第707号
    第四次修订`): the real corpus's `doc_number` is the latest, the decree that promulgated the text
    as it reads now, so each dated event replaces the one before; a joint event (`某委员会令第10号、
    某部令第1号发布`) keeps its first decree, as that field does. The history is the run of lines
    under the title that open with a date (or the title's line, normalisation joins them): it ends
    at the first sentence or addressee, so a decree in the body is quoted, never read.
    """
    latest = None
    for line in lines:
        decree = _DECREE.search(line)
        if decree is not None and len(line) - (decree.end() - decree.start()) <= 2:
            return decree.group()
        dates = [m.start() for m in _DATED.finditer(line)]
        before = line[: dates[0]].strip(" （(") if dates else line
        if _SENTENCE.search(before) or _ADDRESSEE.search(before):
            break  # the body (or an addressee) begins: the history is over
        if decree is None or not dates:
            continue
        for start, end in zip(dates, [*dates[1:], len(line)], strict=True):
            decree = _DECREE.search(line, start, end)
            latest = decree.group() if decree else latest
    return latest


_GENRE_END = re.compile(
    "(?:"
    + genres("core", "measures", "plan", "statute", "notice", "division", "record", "reply")
    + "|"
    + _KINDS.regex("genre_end_extra").pattern
    + ")$"
)
_FIELD = re.compile(r"^(?P<label>[^，。；（(《]{1,12})[:：]")
_CHROME = _KINDS.regex("page_chrome")
_URL = re.compile(r"https?://[\x21-\x7e]*|www\.[\x21-\x7e]*")
_SENTENCE = re.compile(r"[。，,；;！!？?]")
_MEETING_HEADLINE = _KINDS.regex("meeting_headline")
_MEETING_EVENT = _KINDS.regex("meeting_event")
# A request to the reader (`请各地认真执行`) is the body's, never a headline's further part.
_REQUEST_OPENING = ("请", "要求", "务必", "望")
_BODY = re.compile(r"[。，,；;]")
# A news dateline (`据新华社武汉2月1日电`, `本报讯`) opens the body, it is never the title.
_DATELINE = _KINDS.regex("dateline")


def _balanced(line: str) -> bool:
    return line.count("(") + line.count("（") == line.count(")") + line.count("）")


_SITE_TAIL = _KINDS.regex("site_tail")
# How far into a page the title is looked for: portal pages put 20+ lines of chrome first.
_HEAD_CHARS = 4000
_HEAD_PIECES = 60
_NEWLINE = re.compile("\n")
_MAX_JOIN = 6


def _pieces(doc: Document) -> list[tuple[int, int]]:
    """The head's raw lines, as spans of `doc.text`.

    Normalisation joins a line without end punctuation to the next one, even across blank lines,
    so a headline, a spam line and a `来源：` line may reach us as one line. The raw-offset map still
    shows where characters were dropped between two kept ones: a break (or a run of spaces) was
    there, so the head is cut at every such gap as well as at every newline.
    """
    text, offsets = doc.text, doc.original_offsets
    limit = min(len(text), _HEAD_CHARS)
    # Cut points found by C-level scans rather than a loop over every head character: this runs
    # once per document, and short documents are most of a nightly batch.
    cuts = {m.start() for m in _NEWLINE.finditer(text, 0, limit)}
    if len(offsets) == len(text):
        cuts.update(_offset_jumps(offsets[:limit]))
    out: list[tuple[int, int]] = []
    start = 0
    for i in sorted(cuts):
        end = i if text[i] == "\n" else i + 1
        if text[start:end].strip():
            out.append((start, end))
        start = i + 1
        if len(out) >= _HEAD_PIECES:
            return out
    if text[start:limit].strip():
        out.append((start, limit))
    return out


def _offset_jumps(offsets: list[int]) -> list[int]:
    """Each i whose next raw offset jumps by more than one (`offsets[i] + 1 < offsets[i + 1]`).

    Found by C-level scans rather than a Python loop over character pairs: the steps between
    neighbours are one `map`, and a head holds few distinct jump sizes (a dropped break, a dropped
    run of spaces), each located by `list.index` over the steps. Half the time of a `compress`
    over two chained maps, which this replaced."""
    steps = list(map(operator.sub, offsets[1:], offsets))
    jumps: list[int] = []
    for step in set(steps):
        if step > 1:
            at = -1
            for _ in range(steps.count(step)):
                at = steps.index(step, at + 1)
                jumps.append(at)
    return jumps


def _headline_label(line: str) -> bool:
    """`水利部部长：…`, `国办：…`: a speaker or body opening a headline, not a page field."""
    m = _FIELD.match(line)
    if m is None:
        return False
    label = m.group("label").strip()
    rest = line[m.end() :]
    return (
        label not in vocab().field_labels
        and label.endswith(vocab().headline_speakers)
        and len(rest) >= 8
        and not re.search("[:：]", rest)
    )


def clean_title(line: str, unpinyin: Callable[[str], str] = strip_pinyin) -> str:
    """A title line without pinyin annotations, a spam prefix ending in a URL, or a site name after it.

    `沈阳某医院 http://x.net/关于…的通知` keeps what follows the address; `…的通知_滚动新闻_某网`
    and `…的通知-某某在线` are cut at the separator when the head is a title or the tail a site.
    """
    line = unpinyin(line).strip()
    found = list(_URL.finditer(line))
    if found and len(line) - found[-1].end() >= 6:
        line = line[found[-1].end() :].strip()
    for sep in vocab().separators:
        head, found_sep, tail = line.partition(sep)
        if found_sep and len(head.strip()) >= 6:
            tail_parts = [t.strip() for t in re.split(r"[_|｜-]", tail) if t.strip()]
            if _GENRE_END.search(head.strip()) or (tail_parts and _SITE_TAIL.search(tail_parts[-1])):
                line = head.strip()
    return line


_TITLE_MIN, _TITLE_MAX = 5, 90  # a title's length in characters
# What a quoted title says is never page chrome: its words (`《…〈公司法〉注册资本登记管理制度的规定》`,
# `《…著作权登记…》`) and a title quoted inside it with ASCII angles (`《国务院关于修改<某某条例>的决定》`,
# as news pages print it; not a breadcrumb's `>`). Chrome is looked for outside the quotes only.
_QUOTED_TITLE = re.compile(r"《[^《》]{0,80}》")


def _title_like(line: str, first: bool) -> bool:
    """No chrome, field, item marker, sentence punctuation, address line or bare number/date."""
    if not _TITLE_MIN <= len(line) <= _TITLE_MAX or DOC_NUMBER.fullmatch(line) or CN_DATE.fullmatch(line):
        return False
    if (
        _CHROME.search(_QUOTED_TITLE.sub("《》", line))
        or match_marker(line) is not None
        or _SENTENCE.search(line)
    ):
        return False
    if (
        line.count("_") >= 2
        or line.count("·") >= 2
        or "|" in line
        or "\t" in line
        or line.startswith(("——", "(", "（", "各", "·", "•"))
    ):
        return False
    if _DATELINE.search(line) or not _balanced(line):
        return False
    if re.search("[:：]", line) and not (first and _headline_label(line)):
        return False
    return not line.endswith(("：", ":"))


def _title_score(line: str) -> int:
    core = line.rsplit("：", 1)[-1].rsplit(":", 1)[-1]
    return (
        3 * bool(_GENRE_END.search(core))
        + 2 * ("关于" in core)
        + bool(_TITLE_HINT.search(core))
        + bool(_MEETING_HEADLINE.search(core))
        + _headline_label(line)
    )


def _title(
    doc: Document,
    unpinyin: Callable[[str], str] = strip_pinyin,
    pieces: list[tuple[int, int]] | None = None,
) -> str | None:
    """The most title-like line or run of lines of the head, after web-page chrome.

    A run of up to six raw lines (`通 知` is two) is one title when it starts with a title-like line on its own
    (a meeting headline split by spaces) or ends with a genre word (a title wrapped over lines,
    `关于…的` / `通 知`). Among candidates the best score wins, then the earliest, then the longest;
    a line with no title word at all is taken only when nothing better comes before it and it is
    followed by a page field (`来源：`, `发布日期：`), the way portal pages print a headline.
    """
    text = doc.analysis_text
    pieces = _pieces(doc) if pieces is None else pieces
    raw = [unpinyin(text[s:e]).strip() for s, e in pieces]
    simplified = [clean_title(text[s:e], unpinyin) for s, e in pieces]
    best: tuple[int, int, int] | None = None
    if _statute_head(simplified):
        best = (0, 0, 1)  # the statute's own name: no later heading or history line outranks it
    for i in range(len(pieces) if best is None else 0):
        for n in range(1, _MAX_JOIN + 1):
            if i + n > len(pieces):
                break
            parts = simplified[i : i + n]
            joined = "".join(parts)
            colon_first = i == 0 and _colon_headline(parts[0], joined, simplified[n : n + 4])
            if n == 1 and i == 0 and not colon_first and _COLON_HEADLINE.fullmatch(joined):
                continue  # `四川：环保督察全覆盖 守护环境安全`: the headline may go on over its parts
            if not (_title_like(joined, first=True) or colon_first) or any(
                re.search("[:：]", p) or not _balanced(p) for p in parts[1:]
            ):
                if n == 1 and len(joined) < _TITLE_MIN and ends_as_body(joined):
                    continue  # a short issuer on its own (`中办 国办印发《…》`): the run goes on from it
                break
            if n > 1 and (
                any(DOC_NUMBER.search(p) or CN_DATE.search(p) or p.startswith("各") for p in parts)
                or "".join(parts[:-1]).startswith(parts[-1])
                or simplified[i + n - 2] != raw[i + n - 2]
                or (
                    parts[-1].startswith("关于")
                    and _GENRE_END.search(parts[-1])
                    and _GENRE_END.search(parts[-2])
                )
            ):
                # a date, a number or an address line ends a title, and so does a cut site name;
                # a title printed again under itself (a page's headline, then its heading wrapped
                # over two lines) ends where it starts over;
                # a whole title ends where the notice that issues it (`关于印发《…》的通知`) begins
                break
            score = _title_score(joined)
            if colon_first and (n == 1 or all(len(p) >= 6 for p in parts)):
                # `某省：整改落实提速 真刀真枪破难题`: the headline and its further parts
                score = max(score, 1)
            elif n > 1 and (
                _MEETING_HEADLINE.search(parts[0])
                or _RELEASE_HEADLINE.search(joined)
                or (
                    _MEETING_EVENT.search(parts[0])
                    and _headline_position(joined, simplified[i + n : i + n + 4])
                )
                or (
                    i == 0
                    and all(len(p) >= 6 for p in parts)
                    and not any(match_marker(p) or p.startswith(_REQUEST_OPENING) for p in parts[1:])
                    and _headline_position(joined, simplified[i + n : i + n + 4])
                )
            ):
                # `…主持召开…会议 学习贯彻… 全面落实…`: a read-out headline runs on over its parts;
                # so does news of a release told in two (`某某签署国务院令 公布《…条例》`), and a
                # headline that first tells the meeting held (`…举行第二次全体会议 某某出席`) when
                # the body follows the run; so does a page's first line told in parts
                # (`某督查完成进驻 聚焦…督促责任落实`) when the body follows it, unless a part is
                # short (a byline), opens an item (`一、…`) or asks something of the reader.
                score = max(score, _title_score(parts[0]))
            elif n > 1 and not (
                _title_score(parts[0]) > 0 or _GENRE_END.search(joined) or ends_as_body(parts[0])
            ):
                # a run goes on from a title word, to a genre word, or from an issuing body
                # (`中共中央办公厅 国务院办公厅印发《…》`: the first of two issuers on its own)
                continue
            if score == 0 and not _headline_position(joined, simplified[i + n : i + n + 4]):
                continue
            key = (score, -i, n)
            if best is None or key > best:
                best = key
    if best is None:
        return None
    # The title keeps the document's own script: cut the original the way its simplified form was cut
    # (script conversion and pinyin removal keep lengths, so the offsets agree). Only the winner's
    # pieces are cut so, not every piece of the head.
    first = -best[1]
    lines = []
    for k in range(first, first + best[2]):
        s, e = pieces[k]
        at = max(raw[k].find(simplified[k]), 0)
        lines.append(unpinyin(doc.text[s:e]).strip()[at : at + len(simplified[k])])
    return "".join(lines)


def _colon_headline(first: str, run: str, after: list[str]) -> bool:
    """Whether a news page's first line `first`, told as `who or where: what` (`四川：实打实狠抓整改
    落实`, `国务院督查组：不得以任何理由放松调控`, `【栏目】某省：…`), opens the headline `run` (it and
    its further parts), the body under it: a headline, though its colon would make another line a
    page field. The part before the colon (after a column's `【…】` aside) is short, no field label
    and no figure; what follows it is a phrase in words (not a sentence, not a number such as a
    hotline's `新闻热线:0855-…` or `客服热线:0755-…` above a title)."""
    m = _COLON_HEADLINE.fullmatch(first)
    return (
        m is not None
        and len(run) - m.end("label") > 8
        and _TITLE_MIN <= len(run) <= _TITLE_MAX
        and m.group("label").strip() not in vocab().field_labels
        and not re.search("[:：。；;]", run[m.end("label") + 1 :])
        and re.search("[\u4e00-\u9fff]{4}", run[m.end("label") + 1 :]) is not None
        and not _CHROME.search(_QUOTED_TITLE.sub("《》", run))
        and _headline_position(run, after)
    )


_COLON_HEADLINE = re.compile(
    r"(?:【[^】]{1,30}】)?(?P<label>[^，。；：:【】\d]{2,16})[:：](?=[\u4e00-\u9fff“《]|\d+[\u4e00-\u9fff])[^:：。；;]+"
)


def _statute_head(lines: list[str]) -> bool:
    """Whether the head is a statute's: its name on the first line, then its history (a bare date
    and the act, `2009年7月25日 北京市…常务委员会第十二次会议通过`, `…国务院令第561号公布`) or its
    first chapter (`第一章 总则`). Scoring the lines would let a later heading with a genre word
    (`第一节 一般规定`, `…计划`) or the history line itself (`…会议通过`) outrank the name."""
    if len(lines) < 2 or CN_DATE.search(lines[0]):
        return False
    if not (_title_like(lines[0], first=True) or _STATUTE_NAME.fullmatch(lines[0])):
        return False
    if _FIRST_CHAPTER.match(lines[1]):
        return True
    return (
        len(lines) >= 3
        and CN_DATE.fullmatch(lines[1]) is not None
        and _HISTORY_ACT.search(lines[2]) is not None
    )


# A statute's history line, the first chapter that may follow its name, and its name as such
# (`rules/kinds.yaml`).
_HISTORY_ACT = _KINDS.regex("statute_history_act")
_FIRST_CHAPTER = _KINDS.regex("statute_first_chapter")
_STATUTE_NAME = _KINDS.regex("statute_name")


def _headline_position(line: str, after: list[str]) -> bool:
    """A line with no title word is a headline when a page field, a news dateline or the body follows it."""
    if len(line) < 8 or not after:
        return False
    for nxt in after:
        if _FIELD.match(nxt) is not None and not _headline_label(nxt):
            return True
        if (len(nxt) >= 30 and _BODY.search(nxt) is not None) or _DATELINE.search(nxt):
            return True
    return False


_SIGNED_FIELD = _KINDS.regex("date_signed_field")
_MEETING_FIELD = _KINDS.regex("date_meeting_field")
_PUBLISHED_FIELD = _KINDS.regex("date_published_field")
_SIGNING_LEAD = _KINDS.regex("date_signing_lead")
# A date that opens a range (`2020年11月1日至11月30日，…抽查`) dates the period a report covers.
_RANGE_ON = _KINDS.regex("date_range_on")
# A colophon's printing line (`某局办公室 2021年8月16日印发`): the date of a document whose
# signature was not kept.
_COLOPHON = _KINDS.regex("date_colophon")
# A read-out's opening sentence that dates its meeting (`…。2021年2月3日，县政府召开…`).
_MEETING_HELD = _KINDS.regex("date_meeting_held")
# A speech's dateline under its title: a dash run or an opening bracket, the date, where it was
# delivered (`——2024年1月16日在某市人民代表大会第三次会议上`, `（2024年1月29日在…会议上）`).
_SPEECH_OPEN = re.compile(r"^(?:[—―－-]{1,2}|[（(])\s*")
_SPEECH_LINE = _KINDS.regex("date_speech_line")
_SENTENCE_START = frozenset("。！？!? \u3000\t")
# The head lines a minutes' or a statute's opening date may stand on (`2023年6月8日，…主持召开`,
# `1986年4月5日 国务院发布`), and those a page's fields and furniture fill.
_OPENING_PIECES = 6
_FIELD_PIECES = 24
# A signing date stands alone on its line: at most this many other characters (`日` spacing, a dot).
_ALONE = 2
# How far a date line near the end may be from it and still be the signature (`…人民政府 / 日期`).
_TAIL_PIECES = 8
# How far `_piece_at` looks for a line's ends on either side of a position.
_PIECE_REACH = 80


def _date(doc: Document, text: str, head: list[tuple[int, int]]) -> str | None:
    """The document's date: the day it was signed, else the day its meeting met, else the day its
    page was published; None when its text prints none of these.

    Read on the raw lines (`head` are the head's, `_pieces`), not the normalised ones: normalisation joins a line without
    end punctuation to the next, so a statute's `1986年4月5日 国务院发布` reached this reader glued to
    its title and an issuer's name to its date (on the dev corpus 41 of the 66 documents whose text
    prints their recorded day had it read, none wrongly). In order:
    - a page's signing field (`成文日期：…`, the date on the line or the next);
    - the signature: a line that is a date alone, either among the last lines or, when an annex
      follows, under the issuer's name or a cover note's closing request (`特此通知。`); else a
      colophon's printing line (`某局办公室 2021年8月16日印发`);
    - a date opening one of the first lines: minutes and reports open with their day, statutes with
      the day they were first adopted or issued (`2023年6月8日，局长主持…`, `2006年4月29日 …会议通过`;
      the first of a statute's dated lines, as the cross-check's lower bound for its issue wants),
      but not one opening a range (`2020年11月1日至11月30日，…`: the period a report covers); or a
      speech's dateline there (`——2024年1月16日在…会议上`, `_speech_date`);
    - a `会议时间：` field or an opening sentence that says when the meeting was held
      (`…。2021年2月3日，县政府召开…`); a page's publication field (`发布时间：…`); a date on a line of page
      furniture (`… 2006年01月27日 来源：…`, a line with no sentence punctuation: the furniture
      words, `注册` or a clock time, stand in body text too); not a date alone on a line of the head, which may be
      a table's cell as well as a newspaper page's date.
    A date inside a sentence (`本办法自2024年1月1日起施行`, a deadline) is none of these.
    """
    found = _field_date(text, head, _SIGNED_FIELD)
    if found:
        return found
    # the raw lines that hold a date and where the last lines begin, read once for both
    dated, tail = _date_lines(doc, text), _tail_pieces(doc, text)
    found = _signature(doc, text, dated, tail) or _colophon(text, dated, tail)
    if found:
        return found
    for start, end in head[:_OPENING_PIECES]:
        line = text[start:end].strip()
        m = CN_DATE.match(line) or FIGURE_DATE.match(line)
        if m and not _RANGE_ON.match(line[m.end() :]):
            return parse_date(line[: m.end()])
        found = _speech_date(line)
        if found:
            return found
    found = _field_date(text, head, _MEETING_FIELD) or _meeting_held(text, head)
    found = found or _field_date(text, head, _PUBLISHED_FIELD)
    if found:
        return found
    for start, end in head[:_FIELD_PIECES]:
        line = text[start:end]
        if (
            _CHROME.search(line)
            and not _BODY.search(line)
            and (m := CN_DATE.search(line) or FIGURE_DATE.search(line))
        ):
            return parse_date(m.group())
    return None


def _speech_date(line: str) -> str | None:
    """The day a speech's dateline says it was delivered (`_SPEECH_OPEN`, `_SPEECH_LINE`): a work
    report delivered to a people's congress prints it under its title, and nowhere else."""
    lead = _SPEECH_OPEN.match(line)
    m = CN_DATE.match(line, lead.end()) if lead else None
    if m and _SPEECH_LINE.match(line[m.end() :]):
        return parse_date(m.group())
    return None


def _meeting_held(text: str, head: list[tuple[int, int]]) -> str | None:
    """The day a read-out's opening lines say its meeting was held: a date that opens a sentence
    and its clause (`_MEETING_HELD`)."""
    for start, end in head[:_OPENING_PIECES]:
        line = text[start:end]
        for m in CN_DATE.finditer(line):
            opens = m.start() == 0 or line[m.start() - 1] in _SENTENCE_START
            if opens and _MEETING_HELD.match(line[m.end() :]):
                return parse_date(m.group())
    return None


def _field_date(text: str, head: list[tuple[int, int]], label: re.Pattern[str]) -> str | None:
    """The date a labelled field of the head gives, on the label's line or the next
    (`• 成文日期：` / `2023-05-04` on two lines of a portal's field list)."""
    pieces = head[:_FIELD_PIECES]
    for i, (start, end) in enumerate(pieces):
        line = text[start:end]
        m = label.search(line)
        if m is None:
            continue
        rest = line[m.end() :].strip()
        if not rest and i + 1 < len(pieces):
            rest = text[pieces[i + 1][0] : pieces[i + 1][1]].strip()
        day = CN_DATE.match(rest) or FIGURE_DATE.match(rest)
        if day:
            return parse_date(day.group())
    return None


def _signature(doc: Document, text: str, dated: list[tuple[int, int]], tail: int) -> str | None:
    """The signing date (see `_date`): the last date alone among the last lines (those from `tail`
    on), else the first date alone under an issuer's name or a cover note's closing request;
    `dated` are the raw lines that hold a date (`_date_lines`)."""
    alone = [(s, e) for s, e in dated if _date_alone(text[s:e])]
    if not alone:
        return None
    for start, end in reversed(alone):
        if start >= tail:
            return parse_date(text[start:end])
    for start, end in alone:
        above = _line_above(doc, text, start)
        if above is not None and (
            (len(above) <= 40 and _ISSUER_SUFFIX.search(above)) or _SIGNING_LEAD.search(above)
        ):
            return parse_date(text[start:end])
    return None


def _colophon(text: str, dated: list[tuple[int, int]], tail: int) -> str | None:
    """The printing date of a colophon line among the last lines (`_COLOPHON`), its issuer before it
    (`dated` and `tail` as `_signature` reads them)."""
    for start, end in reversed(dated):
        if start < tail:
            break
        line = text[start:end].strip()
        m = CN_DATE.search(line)
        if m and _COLOPHON.match(line[m.end() :]) and _ISSUER_SUFFIX.search(line[: m.start()].strip()):
            return parse_date(m.group())
    return None


def _date_alone(line: str) -> bool:
    line = line.strip()
    m = CN_DATE.search(line) or FIGURE_DATE.search(line)
    return m is not None and len(line) - (m.end() - m.start()) <= _ALONE


def _date_lines(doc: Document, text: str) -> list[tuple[int, int]]:
    """The raw line (`_piece_at`) of every date the text writes, each once, in order."""
    out: dict[tuple[int, int], None] = {}
    for pattern in (CN_DATE, FIGURE_DATE):
        for m in pattern.finditer(text):
            out[_piece_at(doc, text, m.start())] = None
    return sorted(out)


def _piece_at(doc: Document, text: str, pos: int) -> tuple[int, int]:
    """The raw line around `pos`: between newlines, and cut where the offset map shows that
    normalisation dropped a break (`_pieces`); at most `_PIECE_REACH` characters either side, so
    that a page flattened into one line full of dates is not walked once per date (a longer line
    is no date line, no issuer's name and no closing request's end anyway)."""
    start = max(text.rfind("\n", 0, pos) + 1, pos - _PIECE_REACH)
    end = text.find("\n", pos, pos + _PIECE_REACH)
    end = min(len(text), pos + _PIECE_REACH) if end < 0 else end
    for i in range(pos, start, -1):
        if doc.dropped_between(i - 1, i):
            start = i
            break
    for i in range(pos, end - 1):
        if doc.dropped_between(i, i + 1):
            end = i + 1
            break
    return start, end


def _line_above(doc: Document, text: str, start: int) -> str | None:
    """The nearest raw line above the one starting at `start` that is not blank, stripped."""
    pos = start - 1
    while pos > 0:
        s, e = _piece_at(doc, text, pos - 1 if text[pos] == "\n" else pos)
        line = text[s:e].strip()
        if line:
            return line
        pos = s - 1
    return None


def _tail_pieces(doc: Document, text: str) -> int:
    """Where the last `_TAIL_PIECES` raw lines that are not blank begin."""
    pos, count = len(text), 0
    while pos > 0 and count < _TAIL_PIECES:
        s, _ = _piece_at(doc, text, pos - 1)
        if text[s:pos].strip():
            count += 1
        pos = s
    return pos


# The learned kind overrides the title rules only when it is this sure of itself: extraction reads a
# document by its kind, and on unseen documents an unsure override cost more than it fixed.
KIND_CONFIDENCE = 0.8


def _kind(text: str, title: str) -> DocKind:
    """The title rules, overridden by the learned decision (`pipeline.doc_kind`) when it is sure.

    A headline that only tells of a release (`国务院印发《…纲要》`: `release_headline`, no genre word
    of its own) is news whatever the text: its summary's `要` are the released document's, and they
    are what makes the learned decision sure of a policy."""
    if title_genre(title) is None and _RELEASE_HEADLINE.search(title):
        return "other"
    rules = _kind_by_rules(text, title)
    found = kind_probabilities(text, title)
    if found is None:
        return rules
    best = max(found, key=lambda k: found[k])
    if best != rules and found[best] >= KIND_CONFIDENCE:
        return best  # type: ignore[return-value]
    return rules


def _kind_by_rules(text: str, title: str) -> DocKind:
    """The kind the title's genre names (`doc_kind.title_genre`), a news page's being a report
    unless its headline names a meeting; without a genre word, a report's own opening in the first
    person (`self_report`), else the densest cues of the text."""
    genre = title_genre(title)
    if genre == "minutes":
        return "minutes"
    if len(_NEWS.findall(text[:2000])) >= 2:
        return "report"
    if genre == "report":
        return "report"
    if genre == "policy":
        return "policy"
    if _SELF_REPORT.search(text, 0, _OPENING):
        return "report"  # a work report's many `要` (next year's tasks) outnumber its accounts
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
