"""Plain text, Markdown and HTML: detect the encoding instead of assuming UTF-8."""

from __future__ import annotations

import codecs
import html
import re
from pathlib import Path

from charset_normalizer import from_bytes

from duban.base.errors import DubanError, E
from duban.base.model import RawDocument, RawPage

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Tried in order when the bytes are not UTF-8; GB18030 is a superset of GBK and GB2312.
_CJK_CODECS = ("gb18030", "big5")
# UTF-8 with a few bad bytes (a truncated download, one damaged sector) is read with them replaced:
# at most this share of the characters may be bad, and the good multi-byte characters must
# outnumber the bad ones many times over, so a GBK file (bad almost everywhere) is not taken for it.
_BAD_SHARE = 0.01
_BAD_MIN = 8
_GOOD_PER_BAD = 20


def decode_with_warnings(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode document bytes: BOM, UTF-16 by its zero bytes, strict UTF-8, UTF-8 with a few bad
    bytes replaced, the CJK codecs, then a detector; with a warning for each repair made.

    NUL padding (left by some export tools and by files truncated in copying) is removed first when
    it is not the zero bytes of UTF-16, so UTF-8 after padding reads as UTF-8, not as Hangul.
    """
    warnings: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec != "utf-8" and len(body) % 2:
                warnings.append(f"{source}：UTF-16 文件的字节数为奇数，末尾不完整的字符已舍去")
                body = body[:-1]
            return _lenient(body, codec, source, warnings), warnings
    if b"\0" in data:
        wide = _utf16_codec(data)
        if wide is not None:
            if len(data) % 2:
                warnings.append(f"{source}：UTF-16 文件的字节数为奇数，末尾不完整的字符已舍去")
                data = data[:-1]
            return _lenient(data, wide, source, warnings), warnings
        zeros = data.count(0)
        data = data.replace(b"\0", b"")
        warnings.append(f"{source}：文件中有 {zeros} 个空字节（NUL），已删除")
        if not data.strip():
            raise DubanError(E.FILE_EMPTY, path=source)
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    mostly = _mostly(data, "utf-8")
    if mostly is not None:
        text, bad = mostly
        warnings.append(f"{source}：有 {bad} 处字节不是有效的 UTF-8，已替换为 �；文件可能下载不完整")
        return text, warnings
    candidates = []
    for codec in _CJK_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_cjk_share(text), codec, text))
    if candidates:
        return max(candidates)[2], warnings
    mostly = _mostly(data, "gb18030")
    if mostly is not None:
        text, bad = mostly
        warnings.append(f"{source}：有 {bad} 处字节不是有效的 GB18030 编码，已替换为 �；文件可能已损坏")
        return text, warnings
    best = from_bytes(data).best()
    if best is None:
        raise DubanError(E.ENCODING_UNKNOWN, path=source)
    return str(best), warnings


def _lenient(data: bytes, codec: str, source: str, warnings: list[str]) -> str:
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    if bad:
        warnings.append(f"{source}：有 {bad} 处字节无法按 {codec} 解码，已替换为 �")
    return text


def _utf16_codec(data: bytes) -> str | None:
    """UTF-16 without a BOM shows its zero bytes at one parity (the high byte of ASCII characters);
    padding puts them everywhere, and UTF-8 has none, so zeros at both parities are not UTF-16."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    many, few = max(zeros_even, zeros_odd), min(zeros_even, zeros_odd)
    if many < 2 or few * 4 > many:
        return None
    return "utf-16-le" if zeros_odd > zeros_even else "utf-16-be"


def _mostly(data: bytes, codec: str) -> tuple[str, int] | None:
    """The text with bad bytes replaced, and how many there were, when the file is in `codec` but
    for a few bad bytes; None when it is some other encoding."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch >= "\u0800" and ch != "\ufffd")
    if bad <= max(_BAD_MIN, len(text) * _BAD_SHARE) and good >= bad * _GOOD_PER_BAD:
        return text, bad
    return None


def _cjk_share(text: str) -> float:
    """Share of common CJK ideographs: the right codec yields frequent characters, not rare ones."""
    if not text:
        return 0.0
    common = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fa5")
    return common / len(text)


def load_text(path: Path, source: str) -> RawDocument:
    text, warnings = decode_with_warnings(path.read_bytes(), source)
    return RawDocument(source=source, format="text", pages=[RawPage(1, text, "text")], warnings=warnings)


_BLOCK_TAGS = re.compile(r"(?is)<\s*(br|/p|/div|/li|/tr|/h[1-6]|/table|/section)\b[^<>]*>")
_CELL_TAGS = re.compile(r"(?is)<\s*/t[dh]\s*>")
_HIDDEN = re.compile(r"(?is)<\s*(/?)\s*(script|style|head)\b[^<>]*>")
# A tag ends at `>`; stopping at the next `<` too keeps an unclosed `<a ` from being matched
# (and re-scanned) to the end of the text at every later `<`, which made the stripping quadratic.
_TAGS = re.compile(r"<[^<>]+>")


def _drop_hidden(markup: str) -> str:
    """Remove script, style and head elements in one pass over their tags (linear even when
    thousands of them are never closed: an unclosed one hides the rest of the page, as in browsers)."""
    out: list[str] = []
    keep_from = 0
    hidden: str | None = None
    for match in _HIDDEN.finditer(markup):
        closing, name = match.group(1), match.group(2).lower()
        if hidden is None and not closing:
            out.append(markup[keep_from : match.start()])
            hidden = name
        elif hidden == name and closing:
            keep_from = match.end()
            hidden = None
    if hidden is None:
        out.append(markup[keep_from:])
    return "".join(out)


# Elements whose source line breaks are shown as written.
_PRE = re.compile(r"(?is)<\s*(/?)\s*(pre|textarea)\b[^<>]*>")
# Wide East Asian characters (CJK punctuation and ideographs, kana, full-width forms; not Hangul):
# a source line break between two of them shows as nothing (CSS Text 3, segment break
# transformation), any other as one space.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_WIDE_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_WIDE}])")
_SOURCE_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
# A break that only separates two tags (`</p>` and the next `<p>`) is layout of the source.
_TAG_BREAK = re.compile(r"(?<=>)[ \t\r\f]*\n[ \t\r\n\f]*(?=<)")


def _fold_source_breaks(markup: str) -> str:
    """Source line breaks shown as a browser shows them: as a space or nothing, not a new line.

    Editors wrap long paragraphs in the source (LibreOffice's and Outlook's HTML export break a
    `<p>` at about 80 columns), so a kept break cut a sentence or an article's number from its
    text (`第一条` then `为了…` on the next line). Breaks inside `<pre>` and `<textarea>` stay. A
    page with no block tag at all is a text file under an `.html` name; its lines are kept."""
    if _BLOCK_TAGS.search(markup) is None:
        return markup

    def fold(part: str) -> str:
        return _SOURCE_BREAK.sub(" ", _WIDE_BREAK.sub("", _TAG_BREAK.sub("", part)))

    out: list[str] = []
    keep_from = 0
    inside = False
    for match in _PRE.finditer(markup):
        closing = bool(match.group(1))
        if not inside and not closing:
            out.append(fold(markup[keep_from : match.end()]))
            keep_from = match.end()
            inside = True
        elif inside and closing:
            out.append(markup[keep_from : match.end()])
            keep_from = match.end()
            inside = False
    tail = markup[keep_from:]
    out.append(tail if inside else fold(tail))
    return "".join(out)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page with block elements as line breaks and cells as ` | `."""
    markup = _fold_source_breaks(_drop_hidden(markup))
    markup = _CELL_TAGS.sub(" | ", markup)
    markup = _BLOCK_TAGS.sub("\n", markup)
    text = html.unescape(_TAGS.sub("", markup))
    return re.sub(r"\n[ \t\u3000]*\n+", "\n", text)


def load_html(path: Path, source: str) -> RawDocument:
    text, warnings = decode_with_warnings(path.read_bytes(), source)
    return RawDocument(
        source=source, format="html", pages=[RawPage(1, html_to_text(text), "html")], warnings=warnings
    )
