"""Rich Text Format (.rtf), read without Word or LibreOffice: offices still exchange documents
as RTF (Word's and WPS's “另存为 RTF”), and a `.doc` that an office system wrote as RTF is read
here too (`doc._other_format`).

An RTF file is 7-bit text of control words (`\\par`, `\\f3`), control symbols (`\\~`, `\\'b9`)
and groups (`{...}`). Groups nest to any depth, so they are walked with an explicit stack of
group states (no recursion) and a hostile file nested deeper than `MAX_DEPTH` is refused.
Characters outside ASCII come either as `\\uN` (a signed 16-bit code, followed by `\\ucN`
fallback characters a Unicode reader skips) or as runs of `\\'hh` bytes in the code page of the
current font (`\\fN` → the font table's `\\fcharsetN`) or of the document (`\\ansicpgN`): a
Chinese character is two such bytes, so a run is decoded as a whole.

What the other Word loaders leave out is left out here too: the font, colour and style tables,
document information, pictures and objects, headers, footers and footnotes, list numbers written
for old readers (`\\listtext`, `\\pntext`: python-docx does not give a paragraph's number), and
every `{\\* ...}` group a reader may ignore; a field keeps its result, not its code. Table rows
(`\\cell` … `\\row`) come out as the .docx loader's (`cells.row_line`), with the table in
`RawPage.tables`; a cell that continues a vertical merge (`\\clvmrg`) reads as the merged cell,
as python-docx gives it in every row, and one that continues a horizontal merge (`\\clmrg`) is
left out, as python-docx gives a merged cell once. A nested table's text stays in its outer cell.
A document whose own text is next to nothing has its PNG/JPEG pictures read by OCR as a .docx's
are (`rtf_pictures`, `loaders.pictures`); one with nothing to read is E035.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from duban.base.errors import DubanError, E
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.ocr import word_no_text
from duban.pipeline.loaders.pictures import Block, Picture, few_words, scanned

# Deeper nesting than any editor writes (Word's own files stay under about 30 levels): a file
# nested deeper is hostile or broken, and is refused rather than walked.
MAX_DEPTH = 1000

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word, its parameter, its delimiting space
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the current code page
    rb"|\\(.)"  # control symbol
    rb"|([{}])"
    rb"|([^\\{}\r\n]+)"  # text
    rb"|[\r\n]+",  # line ends in the file are not text
    re.DOTALL,
)

# Groups whose text is not body text (`{\*...}` groups are skipped too, whatever they are).
_SKIPPED = frozenset({
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "headerl", "headerr",
    "headerf", "footer", "footerl", "footerr", "footerf", "footnote", "annotation", "fldinst", "listtable",
    "listoverridetable", "revtbl", "rsidtbl", "filetbl", "listtext", "pntext", "pntxta", "pntxtb",
    "themedata", "colorschememapping", "datastore", "latentstyles", "xmlnstbl", "generator", "shp",
    "shpgrp", "nonshppict", "xe", "tc", "txe", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc", "atnid",
    "atnauthor", "bkmkstart", "bkmkend", "objdata", "result", "userprops", "docvar", "template",
})  # fmt: skip
_PICT = re.compile(rb"\\pict(?![a-zA-Z])")
_BREAKS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "tab": "\t"}
_SYMBOLS = {
    "emdash": "\u2014", "endash": "\u2013", "emspace": "\u2003", "enspace": "\u2002",
    "qmspace": "\u2005", "bullet": "\u2022", "lquote": "\u2018", "rquote": "\u2019",
    "ldblquote": "\u201c", "rdblquote": "\u201d", "zwj": "\u200d", "zwnj": "\u200c",
}  # fmt: skip
_CONTROL_SYMBOLS = {
    "~": "\u00a0",
    "_": "\u2011",
    "-": "",
    "\\": "\\",
    "{": "{",
    "}": "}",
    "\n": "\n",
    "\r": "\n",
}
# \fcharsetN → the code page of a font's bytes; \ansicpgN names a code page directly.
_CHARSETS = {0: "cp1252", 128: "cp932", 129: "cp949", 134: "gbk", 136: "cp950", 161: "cp1253", 162: "cp1254"}
_CODE_PAGES = {936: "gbk", 950: "cp950", 932: "cp932", 949: "cp949", 1252: "cp1252"}


@dataclass(frozen=True)
class _State:
    """What a group inherits from the one it is in and changes only for itself."""

    skip: bool = False
    uc: int = 1  # fallback characters after \uN
    font: int = -1  # \fN: its \fcharset is the code page of \'hh bytes (-1: the \deffN font)
    fonts: bool = False  # inside the font table: its \fN\fcharsetN are read
    deleted: bool = False  # text deleted under tracked changes (\deleted), dropped as .docx's

    @property
    def mute(self) -> bool:
        """Whether the group's characters are not body text."""
        return self.skip or self.deleted


class _Damaged(Exception):
    """The file's groups do not balance or nest too deep: E016 with this detail."""


def load_rtf(path: Path, source: str) -> RawDocument:
    data = path.read_bytes()
    if not data.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"{\\rtf"):
        raise DubanError(E.RTF_NOT_RTF, path=source)
    try:
        lines, tables, warnings = read_rtf(data, source)
    except _Damaged as exc:
        raise DubanError(E.RTF_CORRUPT, path=source, detail=str(exc)) from exc
    count = len(_PICT.findall(data)) - data.count(b"\\nonshppict")  # Word writes both forms
    if count > 0 and few_words([Block(lines)], count):  # a scan pasted in as pictures: OCR them
        document = scanned([Block(lines, tables, rtf_pictures(data))], source, "rtf", "rtf")
        if document is not None:
            document.warnings.extend(warnings)
            return document
    if not any(line.strip() for line in lines):
        detail = f"有 {count} 张图片，不像扫描页或无法识别" if count > 0 else "正文是空的"
        raise word_no_text(source, detail, docx=False)
    page = RawPage(1, "\n".join(lines), "rtf", tables=tables)
    return RawDocument(source=source, format="rtf", pages=[page], warnings=warnings)


# Inside a `\\pict` group: `\\binN` raw bytes, a control word, a control symbol, a brace, hex digits,
# anything else (spaces, line ends).
_PICT_TOKEN = re.compile(
    rb"\\bin(-?\d{1,10}) ?|\\([a-zA-Z]{1,32})(?:-?\d{1,10})? ?|\\.|([{}])|([0-9a-fA-F]+)|[^\\{}0-9a-fA-F]+",
    re.DOTALL,
)
_NONSHP = re.compile(rb"\\nonshppict\s*$")
# The picture formats Pillow decodes; WMF/EMF drawings and bare DIBs are left out.
_BLIPS = {b"pngblip", b"jpegblip"}


def rtf_pictures(data: bytes) -> list[Picture]:
    """The PNG and JPEG pictures of an RTF document in order (`{\\pict ... hex}` groups), each once:
    Word writes a picture twice, in `{\\*\\shppict{\\pict ...}}` and again for old readers in
    `{\\nonshppict{\\pict ...}}`, which is skipped. A picture's data is the hex digits (or the
    `\\binN` bytes) of its own group, not of the groups inside it (`\\picprop`, `\\blipuid`); it
    is never larger than the file."""
    out: list[Picture] = []
    for found in _PICT.finditer(data):
        start = data.rfind(b"{", 0, found.start())
        if start < 0 or _NONSHP.search(data, max(0, start - 40), start):
            continue
        depth, kind, at = 0, b"", found.end()
        parts: list[bytes] = []
        while at < len(data):
            token = _PICT_TOKEN.match(data, at)
            if token is None:
                break
            at = token.end()
            binary, word, brace, digits = token.group(1, 2, 3, 4)
            if brace == b"{":
                depth += 1
            elif brace == b"}":
                if depth == 0:
                    break
                depth -= 1
            elif depth:
                continue
            elif binary is not None:
                size = max(int(binary), 0)
                parts.append(data[at : at + size].hex().encode())
                at += size
            elif word is not None and word in _BLIPS:
                kind = word
            elif digits is not None:
                parts.append(digits)
        if kind:
            hexa = b"".join(parts)
            out.append(Picture(bytes.fromhex(hexa[: len(hexa) // 2 * 2].decode("ascii"))))
    return out


def read_rtf(data: bytes, source: str) -> tuple[list[str], list[list[list[str]]], list[str]]:
    """The lines, tables and warnings of an RTF document's body."""
    builder = _Builder()
    fonts: dict[int, str] = {}
    document = "cp1252"  # \ansicpgN: the code page of \'hh bytes in a font without a charset
    default = -1  # \deffN
    state = _State()
    stack: list[_State] = []
    pending = bytearray()  # a run of \'hh bytes, decoded when it ends
    skip_chars = 0  # fallback characters of the last \uN still to skip
    defining = -1  # the font being defined in the font table
    star = False  # the last token was \*
    at = data.find(b"{")
    end = len(data)
    while at < end:
        match = _TOKEN.match(data, at)
        if match is None:  # a lone backslash at the end
            break
        at = match.end()
        word, hexa, symbol, brace, text = match.group(1, 3, 4, 5, 6)
        if hexa is not None:
            if skip_chars:
                skip_chars -= 1
            elif not state.mute:
                pending.append(int(hexa, 16))
            continue
        if match.lastindex is None:  # a line end in the file, not text: a \'hh run goes on
            continue
        if pending:
            builder.text(_decoded(pending, fonts.get(state.font) or fonts.get(default) or document))
            pending.clear()
        if text is not None:
            if skip_chars:
                dropped = min(skip_chars, len(text))
                skip_chars -= dropped
                text = text[dropped:]
            if text and not state.mute:
                builder.text(text.decode("latin-1"))
            continue
        if brace is not None:
            skip_chars = 0
            star = False
            if brace == b"{":
                if len(stack) >= MAX_DEPTH:
                    raise _Damaged(f"分组嵌套超过 {MAX_DEPTH} 层")
                stack.append(state)
            else:
                state = stack.pop()
                if not stack:
                    break  # the document's own group has closed: what follows is not RTF
            continue
        if symbol is not None:
            if symbol == b"*":
                star = True
                continue
            if skip_chars:
                skip_chars -= 1
            elif not state.mute:
                builder.text(_CONTROL_SYMBOLS.get(symbol.decode("latin-1"), ""))
            continue
        name = word.decode("ascii")
        param = match.group(2)
        value = int(param) if param is not None else None
        first = star
        star = False
        if name == "bin" and value:  # binary data follows: skip its bytes
            at += max(value, 0)
            continue
        if first or name in _SKIPPED:
            if name == "fonttbl":
                state = replace(state, skip=True, fonts=True)
            else:
                state = replace(state, skip=True, fonts=False)
            continue
        if state.fonts:
            if name == "f" and value is not None:
                defining = value
            elif name == "fcharset" and value is not None and defining >= 0:
                fonts[defining] = _CHARSETS.get(value, "")
            continue
        if name == "u" and value is not None:
            skip_chars = state.uc
            if not state.mute:
                builder.text(chr(value % 65536))  # signed 16 bits: -27321 is 0x954D
            continue
        skip_chars = 0
        if name == "uc" and value is not None:
            state = replace(state, uc=max(value, 0))
        elif name == "ansicpg" and value is not None:
            document = _CODE_PAGES.get(value, f"cp{value}")
            if not _known(document):
                document = "cp1252"
        elif name == "deff" and value is not None:
            default = value
        elif name == "deleted":
            state = replace(state, deleted=value != 0)
        elif name == "plain":
            state = replace(state, deleted=False, font=-1)
        elif name == "f" and value is not None:
            state = replace(state, font=value)
        elif state.skip:
            continue
        elif name in _BREAKS:
            if name == "par":
                builder.paragraph()
            else:
                builder.text(_BREAKS[name])
        elif name in _SYMBOLS:
            builder.text(_SYMBOLS[name])
        elif name == "pard":
            builder.in_table = False
        elif name == "intbl":
            builder.in_table = True
        elif name == "cell":
            builder.cell()
        elif name == "nestcell":
            builder.text("\n")  # a nested cell's text stays in the outer cell, a line of its own
        elif name == "row":
            builder.row()
        elif name == "trowd":
            builder.define_row()
        elif name in ("clvmrg", "clmrg"):
            builder.flag(name)
        elif name == "cellx" and value is not None:
            builder.cell_edge(value)
    warnings: list[str] = []
    if stack:
        if len(stack) > 1 or at < end:
            raise _Damaged(f"文件不完整：有 {len(stack)} 个分组没有结束（文件可能被截断）")
        warnings.append(f"{source}：RTF 文档缺少最后的右花括号，可能不完整")
    if pending:
        builder.text(_decoded(pending, fonts.get(state.font) or fonts.get(default) or document))
    builder.finish()
    lines, tables = builder.lines, builder.tables
    if any(_SURROGATE.search(line) for line in lines):  # characters beyond U+FFFF: \uN pairs
        lines = [_paired(line) for line in lines]
        tables = [[[_paired(cell) for cell in row] for row in table] for table in tables]
    return lines, tables, warnings


_SURROGATE = re.compile("[\ud800-\udfff]")


def _paired(text: str) -> str:
    """A character beyond U+FFFF comes as two `\\uN` (a UTF-16 surrogate pair): joined, and a
    lone half replaced, so that the text can be written as UTF-8."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _decoded(data: bytearray, encoding: str) -> str:
    """A run of \\'hh bytes in its code page (a byte that is no character there is U+FFFD)."""
    return data.decode(encoding, "replace")


def _known(encoding: str) -> bool:
    try:
        "".encode(encoding)
    except LookupError:
        return False
    return True


class _Builder:
    """Lines and tables as the .docx loader makes them: a paragraph is a line, a table row a line
    of cells joined by ` | `, merged cells as python-docx gives them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.in_table = False
        self._paragraph: list[str] = []
        self._cell: list[str] = []  # the current cell's paragraphs
        self._row: list[str] = []
        self._table: list[list[str]] | None = None
        self._edges: list[int] = []  # right edges of the row's cells (\cellx)
        self._flags: list[str] = []  # merge flags of the cells defined so far in the row
        self._flag = ""
        self._above: dict[int, str] = {}  # the previous row's cells by their right edge

    def text(self, text: str) -> None:
        self._paragraph.append(text)

    def paragraph(self) -> None:
        line = "".join(self._paragraph)
        self._paragraph = []
        if self.in_table:
            self._cell.append(line)
            return
        self._close_table()
        self.lines.append(line)

    def define_row(self) -> None:
        self._edges = []
        self._flags = []
        self._flag = ""

    def flag(self, name: str) -> None:
        self._flag = name

    def cell_edge(self, edge: int) -> None:
        self._edges.append(edge)
        self._flags.append(self._flag)
        self._flag = ""

    def cell(self) -> None:
        self._cell.append("".join(self._paragraph))
        self._paragraph = []
        self._row.append(cell_text("\n".join(self._cell)))
        self._cell = []

    def row(self) -> None:
        if self._paragraph and "".join(self._paragraph).strip():
            self.cell()  # text before the row's mark: a cell not closed
        self._paragraph = []
        self._cell = []
        cells: list[str] = []
        above: dict[int, str] = {}
        for index, text in enumerate(self._row):
            flag = self._flags[index] if index < len(self._flags) else ""
            edge = self._edges[index] if index < len(self._edges) else -1 - index
            if flag == "clmrg":
                continue
            if flag == "clvmrg" and not text:
                text = self._above.get(edge, "")
            above[edge] = text
            cells.append(text)
        self._above = above
        self._row = []
        if self._table is None:
            self._table = []
        self._table.append(cells)
        self.lines.append(row_line(cells))

    def _close_table(self) -> None:
        if self._row:
            self.row()
        self._above = {}
        if self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def finish(self) -> None:
        if self._paragraph:
            in_table, self.in_table = self.in_table, False
            if not in_table or not self._row:
                self.paragraph()
            else:
                self.cell()
        self._close_table()
        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
