"""Plain text, Markdown and HTML: detect the encoding instead of assuming UTF-8."""

from __future__ import annotations

import codecs
import html
import re
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.errors import DubanError, E
from pipeline.model import RawDocument, RawPage

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order when the bytes are not UTF-8; GB18030 is a superset of GBK and GB2312.
_CJK_CODECS = ("gb18030", "big5")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode document bytes: BOM, then strict UTF-8, then the CJK codecs, then a detector."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec)
    if _looks_utf16(data):
        return data.decode("utf-16-le" if data[1] == 0 else "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in _CJK_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_cjk_share(text), codec, text))
    if candidates:
        return max(candidates)[2]
    best = from_bytes(data).best()
    if best is None:
        raise DubanError(E.ENCODING_UNKNOWN, path=source)
    return str(best)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    return max(zeros_even, zeros_odd) > len(sample) // 4


def _cjk_share(text: str) -> float:
    """Share of common CJK ideographs: the right codec yields frequent characters, not rare ones."""
    if not text:
        return 0.0
    common = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fa5")
    return common / len(text)


def load_text(path: Path, source: str) -> RawDocument:
    text = decode_bytes(path.read_bytes(), source)
    return RawDocument(source=source, format="text", pages=[RawPage(1, text, "text")])


_BLOCK_TAGS = re.compile(r"(?is)<\s*(br|/p|/div|/li|/tr|/h[1-6]|/table|/section)\b[^>]*>")
_CELL_TAGS = re.compile(r"(?is)<\s*/t[dh]\s*>")
_DROP = re.compile(r"(?is)<(script|style|head)\b.*?</\1\s*>")
_TAGS = re.compile(r"(?s)<[^>]+>")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page with block elements as line breaks and cells as ` | `."""
    markup = _DROP.sub("", markup)
    markup = _CELL_TAGS.sub(" | ", markup)
    markup = _BLOCK_TAGS.sub("\n", markup)
    text = html.unescape(_TAGS.sub("", markup))
    return re.sub(r"\n[ \t\u3000]*\n+", "\n", text)


def load_html(path: Path, source: str) -> RawDocument:
    text = html_to_text(decode_bytes(path.read_bytes(), source))
    return RawDocument(source=source, format="html", pages=[RawPage(1, text, "html")])
