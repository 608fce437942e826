"""Word 97-2003 binary files (.doc, .dot) and Kingsoft WPS files that use the same format (.wps,
.wpt), read without Word or LibreOffice: lower units still send many of them in nightly batches.

A .doc is an OLE2 compound file (read with `olefile`) whose `WordDocument` stream starts with the
File Information Block ([MS-DOC] 2.5.1). The FIB says which table stream holds the piece table
(`fWhichTblStm`: `1Table` or `0Table`), whether the file is encrypted, and how many characters
the main document has (`ccpText`); the stories after them (footnotes, headers, comments,
endnotes) are not body text and are not read, as the .docx loader leaves them out. The text-box
story is read as the .docx loader reads boxes (`_text_boxes`): official documents put real text in
boxes (a red-headed notice's issuer line or title, a boxed note, a flow chart's steps), and the
same document read differently as .doc and as .docx. PlcftxbxTxt gives each box's range in the
story with the shape it belongs to, PlcSpaMom each shape's anchor (`\\x08`) in the main text
(`_anchor_boxes`, a grouped shape anchored by its group): a box's paragraphs are lines right after
the paragraph holding its anchor, once; a box whose shape has no anchor comes after the last
paragraph. The header text-box story is left out as headers are.
The piece table (the `PlcPcd` inside the `Clx`, after any `Prc` property entries) maps character
positions to byte offsets: a piece is either 8-bit text (`fCompressed`: Latin-1 with the spec's
own mapping of 0x82–0x9F) or UTF-16LE, and pieces are read in character order, not file order.

Word marks structure with control characters, which become what the pipeline reads:
paragraph marks (`\\r`) and page or section breaks (`\\x0c`) end a line, a line break (`\\x0b`)
breaks the line as python-docx does, a field (`\\x13 code \\x14 result \\x15`, nested to any
depth) keeps only its result, and object anchors, footnote and comment references are dropped.
In a table each cell ends with `\\x07` and so does each row; the row's mark is the one whose
paragraph properties (the PAPX in the formatted disk pages, [MS-DOC] 2.9.137) carry `fTtp`, so
rows come out as the .docx loader's do (`cells.row_line`), with the table in `RawPage.tables`; a
cell that continues a vertical merge (the row's table definition) reads as the merged cell, as
python-docx gives it in every row (a task table's unit merged down over several tasks). Without
paragraph properties a row's end is guessed (a cell mark right after another). Text deleted under
tracked changes (`fRMarkDel` in the character properties) is dropped, as the .docx loader drops
`w:del` runs; inserted text is kept, as the .docx loader keeps `w:ins` runs.

A scan pasted into a .doc is read by OCR as one pasted into a .docx is (`loaders.pictures`): when the
document's own text is next to nothing, its pictures are taken in document order and the page-like
ones read. An inline picture is a `\\x01` whose character properties carry sprmCPicLocation, the
offset in the `Data` stream of a PICF header and an OfficeArtInlineSpContainer whose BLIP store
entry holds the picture ([MS-DOC] 2.9.192, [MS-ODRAW] 2.2.23); a floating picture is a `\\x08`
anchor in PlcSpaMom whose shape names (`pib`) an entry of the drawing group's BLIP store in the table
stream, its bytes there or at `foDelay` in the WordDocument stream ([MS-DOC] 2.9.171). JPEG, PNG,
DIB and TIFF pictures are read; drawings (EMF, WMF, PICT) are not pages and are skipped. Every
offset and length is checked: a damaged picture is only a picture not read.

A file named .doc is often something else (a web page, an RTF or a .docx saved under the old name by an
office system, an Excel sheet renamed, an OpenDocument file or a PowerPoint 97-2003 deck): what can
be read is read with the right loader (a workbook by `loaders.sheet`, an OpenDocument file by
`loaders.odf`, a deck by `loaders.ppt`) and a warning; anything else is E022 saying what the file is.
"""

from __future__ import annotations

import bisect
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import NoReturn

import olefile

from duban.base.errors import DubanError, E
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders import OLE_MAGIC, unsupported
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.ocr import word_no_text
from duban.pipeline.loaders.pictures import Block, Picture, few_words, nothing_detail, scanned
from duban.pipeline.loaders.relabel import error_detail, looks_like_html, relabelled, spaced

_WORD_97 = 0xA5EC  # FibBase.wIdent of Word 97 and later
_WORD_95 = 0xA5DC  # an older identifier of the Word 6.0 / 95 family
_NFIB_97 = 0xC0  # Word 97 writes 0xC1 (0xC0 in its betas); Word 6.0 wrote 0x65, Word 95 0x68
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
_F_OBFUSCATED = 0x8000
_FKP = 512

# FibRgLw97 and FibRgFcLcb97: the indexes of the fields read.
_CCP_TEXT = 3
_CCP_TXBX = 9  # after ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn and ccpEdn: the stories follow one another
_PLCF_BTE_CHPX = 12
_PLCF_BTE_PAPX = 13
_CLX = 33
_PLC_SPA_MOM = 40
_DGG_INFO = 50
_PLCF_TXBX_TXT = 56
_FTXBXS = 22  # bytes of a text box's entry in PlcftxbxTxt
_FSPA = 26  # bytes of a shape anchor's entry in PlcSpaMom

# Paragraph and character sprms read ([MS-DOC] 2.6.1, 2.6.2).
_P_IN_TABLE = 0x2416
_P_TTP = 0x2417
_P_ITAP = 0x6649
_C_RMARK_DEL = 0x0800
_C_PIC_LOCATION = 0x6A03  # the offset of a picture's PICF in the Data stream
_C_F_DATA = 0x0806  # the offset is a form field's data, not a picture
_T_VERT_MERGE = 0xD62B
_TABLE_DEFINITION = 0xD608  # its operand size is a 2-byte count
_TC80 = 20  # bytes of a cell's entry in the table definition
_CONTINUES = 1  # TCGRF.vertMerge of a cell merged with the one above
_CHANGE_TABS = 0xC615  # its operand size may be 255 with a count of its own
# Prm0 ([MS-DOC] 2.9.215): the isprm values of the two table marks.
_PRM_IN_TABLE = 0x18
_PRM_TTP = 0x19

# The bytes of a compressed piece that are not their Latin-1 character (FcCompressed, 2.9.73).
_COMPRESSED = {
    0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020", 0x87: "\u2021",
    0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039", 0x8C: "\u0152", 0x91: "\u2018",
    0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014",
    0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153", 0x9F: "\u0178",
}  # fmt: skip
_COMPRESSED_TABLE = str.maketrans({chr(byte): char for byte, char in _COMPRESSED.items()})

# Characters kept as text; every other control character is a mark handled below or dropped
# (picture and drawing anchors \x01 \x08, footnote and comment references \x02 \x05, ...).
_KEEP = {"\t": "\t", "\x0b": "\n", "\x1e": "-"}  # tab, line break, non-breaking hyphen
_CONTROL = re.compile(r"[\x00-\x1f]")


class _Damaged(Exception):
    """The file's structure contradicts itself: reported as E020 with this detail."""


@dataclass(frozen=True)
class _Piece:
    cp: int  # first character position
    text: str
    fc: int  # byte offset of its first character in the WordDocument stream
    width: int  # bytes a character: 1 compressed, 2 UTF-16
    prm: int


@dataclass(frozen=True)
class _Mark:
    """What the properties of a paragraph say about the table it is in."""

    in_table: bool = False
    ttp: bool = False  # the row's end
    depth: int = 0  # 1 in a table, 2 and more in a table inside a cell
    # At a row's end: each cell's left edge (twips) and the cells that continue a vertical merge
    # (TC80.tcgrf.vertMerge 1, or sprmTVertMerge), whose text is the merged cell's above them.
    edges: tuple[int, ...] = ()
    continued: frozenset[int] = frozenset()


@dataclass(frozen=True)
class _Anchor:
    """Where a picture of the main document is kept: an inline picture's PICF offset in the Data
    stream (`inline`), or a floating picture's anchor character position (PlcSpaMom)."""

    inline: bool
    at: int


@dataclass
class _Runs:
    """Paragraph property runs in byte offsets of the WordDocument stream, sorted by their start,
    with what each says about tables."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    marks: list[_Mark] = field(default_factory=list)

    def at(self, fc: int) -> _Mark | None:
        index = bisect.bisect_right(self.starts, fc) - 1
        if index >= 0 and fc < self.ends[index]:
            return self.marks[index]
        return None


def load_doc(path: Path, source: str) -> RawDocument:
    data = path.read_bytes()
    if not data.startswith(OLE_MAGIC):
        return _other_format(path, source, data)
    try:
        names, streams = _streams(data)
    except MemoryError:
        raise
    except Exception as exc:  # olefile fails on a damaged file in many ways of its own: all are E020
        raise DubanError(
            E.DOCX_CORRUPT, path=source, detail=f"OLE 复合文件损坏：{error_detail(exc)}"
        ) from exc
    if "WordDocument" not in streams:
        return _other_ole(path, source, names)
    try:
        builder, warnings = _read(streams, source, path.suffix.lower())
    except _Damaged as exc:
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=f"文件结构损坏：{exc}") from exc
    except (struct.error, IndexError, ValueError) as exc:
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=f"文件结构损坏：{error_detail(exc)}") from exc
    lines, tables = builder.lines, builder.tables
    blocks = builder.blocks()
    count = len(builder.pictures)
    if count and few_words(blocks, count):  # a scan pasted in as pictures: OCR them
        _fill_pictures(data, streams, builder.pictures)
        document = scanned(blocks, source, "doc", "msdoc")
        if document is not None:
            document.warnings.extend(warnings)
            return document
    if not any(line.strip() for line in lines):
        # a picture not read (a drawing, a picture in a group or a text box) would leave a scan
        # silently empty: it is an error whose hint is to save the file as .docx
        if count:
            detail = nothing_detail(blocks)
        else:
            detail = "有图片数据，可能是粘贴的扫描图片" if "Data" in names else "正文是空的"
        raise word_no_text(source, detail, docx=False)
    page = RawPage(1, "\n".join(lines), "msdoc", tables=tables)
    return RawDocument(source=source, format="doc", pages=[page], warnings=warnings)


def _streams(data: bytes) -> tuple[set[str], dict[str, bytes]]:
    """The names of the compound file's streams, and the contents of those a Word document is
    read from."""
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        names = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
        wanted = ("WordDocument", "0Table", "1Table")
        streams = {name: ole.openstream(name).read() for name in wanted if name in names}
    return names, streams


def _read(streams: dict[str, bytes], source: str, suffix: str) -> tuple[_Builder, list[str]]:
    word = streams["WordDocument"]
    if len(word) < 0x22:
        raise _Damaged("WordDocument 流过短")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident == _WORD_95 or (ident == _WORD_97 and nfib < _NFIB_97):
        raise DubanError(
            E.DOC_NOT_WORD,
            path=source,
            suffix=suffix,
            what=" Word 6.0/95 或更早版本的文档",
            remedy="duban 读取 Word 97 及以后的 .doc；请在 Word/WPS 中打开后另存为 .docx，再处理另存的文件。",
        )
    if ident != _WORD_97:
        raise _Damaged(f"文件信息块标识为 0x{ident:04X}，不是 Word 文档的 0xA5EC")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & _F_ENCRYPTED:
        detail = "文件经过 XOR 混淆" if flags & _F_OBFUSCATED else "文件已加密"
        raise DubanError(E.DOC_ENCRYPTED, path=source, detail=detail)
    counts, places = _fib_arrays(word)
    table_name = "1Table" if flags & _F_WHICH_TABLE else "0Table"
    table = streams.get(table_name)
    if table is None:
        raise _Damaged(f"缺少表流 {table_name}")
    ccp_text = counts[_CCP_TEXT]
    grpprls, pieces = _pieces(word, table, places[_CLX], ccp_text)
    warnings: list[str] = []
    papx = _paragraph_runs(word, table, places[_PLCF_BTE_PAPX], warnings, source)
    deleted, located = _character_runs(word, table, places[_PLCF_BTE_CHPX], warnings, source)
    anchors = _floating_anchors(table, places[_PLC_SPA_MOM] if len(places) > _PLC_SPA_MOM else (0, 0))
    pictures = _Located(located, anchors)
    builder = _Builder(guess_rows=not papx.starts)
    boxes = _text_boxes(word, table, counts, places, grpprls, papx, deleted)
    unmatched = _anchor_boxes(boxes, table, places, builder) if boxes else []
    for piece in pieces:
        _assemble(piece, grpprls, papx, deleted, builder, pictures)
    builder.finish()
    for cp, left in sorted(builder.boxes.items()):  # anchors not met: only kept if not deleted
        if not _deleted_at(pieces, deleted, cp):
            unmatched.extend(left)
    builder.place(sorted(unmatched, key=lambda box: box.index))
    if builder.open_fields:
        warnings.append(f"{source}：有 {builder.open_fields} 个域没有结束标记，其后的文字可能缺失")
    return builder, warnings


def _fib_arrays(word: bytes) -> tuple[tuple[int, ...], list[tuple[int, int]]]:
    """FibRgLw (character counts) and FibRgFcLcb (offset and size pairs), found by the counts the
    FIB gives for each part rather than fixed offsets, as writers other than Word size them."""
    csw = struct.unpack_from("<H", word, 0x20)[0]
    at = 0x22 + 2 * csw
    cslw = struct.unpack_from("<H", word, at)[0]
    counts = struct.unpack_from(f"<{cslw}I", word, at + 2)
    at += 2 + 4 * cslw
    pairs = struct.unpack_from("<H", word, at)[0]
    if cslw <= _CCP_TEXT or pairs <= _CLX:
        raise _Damaged("文件信息块不完整")
    flat = struct.unpack_from(f"<{2 * pairs}I", word, at + 2)
    return counts, list(zip(flat[0::2], flat[1::2], strict=True))


def _pieces(
    word: bytes, table: bytes, clx: tuple[int, int], ccp_text: int, first: int = 0
) -> tuple[list[bytes], list[_Piece]]:
    """The Prc property lists and the pieces of text from character position `first` up to
    `ccp_text` (the main document's by default; a text box's with both given), in character
    order."""
    at, size = clx
    end = at + size
    if size == 0 or end > len(table):
        raise _Damaged("片段表（CLX）超出表流")
    grpprls: list[bytes] = []
    while at < end and table[at] == 0x01:  # Prc: a list of properties pieces may refer to
        count = struct.unpack_from("<h", table, at + 1)[0]
        if count < 0:
            raise _Damaged("片段表（CLX）中的属性长度为负")
        grpprls.append(table[at + 3 : at + 3 + count])
        at += 3 + count
    if at >= end or table[at] != 0x02:
        raise _Damaged("片段表（CLX）中没有 Pcdt")
    length = struct.unpack_from("<I", table, at + 1)[0]
    plc = table[at + 5 : at + 5 + length]
    count, rest = divmod(length - 4, 12)
    if length < 16 or rest or len(plc) < length:
        raise _Damaged("片段表（PlcPcd）长度不对")
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces: list[_Piece] = []
    for index in range(count):
        start, stop = cps[index], min(cps[index + 1], ccp_text)
        if start >= ccp_text:
            break
        if stop < start:
            raise _Damaged("片段表中的字符位置不是递增的")
        if first and stop <= first:
            continue
        skip = max(0, first - start)  # the characters of the piece before `first`
        start += skip
        raw, prm = struct.unpack_from("<IH", plc, 4 * (count + 1) + 8 * index + 2)
        offset = raw & 0x3FFFFFFF
        chars = stop - start
        if raw & 0x40000000:
            offset = offset // 2 + skip
            data = word[offset : offset + chars]
            text = data.decode("latin-1").translate(_COMPRESSED_TABLE)
            width = 1
        else:
            offset += 2 * skip
            data = word[offset : offset + 2 * chars]
            text = data.decode("utf-16-le", errors="replace")
            width = 2
        if len(data) < chars * width:
            raise _Damaged("正文片段超出 WordDocument 流（文件可能被截断）")
        pieces.append(_Piece(start, text, offset, width, prm))
    return grpprls, pieces


def _paragraph_runs(
    word: bytes, table: bytes, plc: tuple[int, int], warnings: list[str], source: str
) -> _Runs:
    """What the paragraph properties (PAPX) of each run of paragraphs say about tables."""
    runs = _Runs()
    for start, end, grpprl in sorted(_fkp_runs(word, table, plc, True, warnings, source)):
        runs.starts.append(start)
        runs.ends.append(end)
        runs.marks.append(_mark(_sprms(grpprl)))
    return runs


def _character_runs(
    word: bytes, table: bytes, plc: tuple[int, int], warnings: list[str], source: str
) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
    """From the character properties: the byte ranges of text deleted under tracked changes, and
    the byte ranges whose picture character (`\\x01`) names a picture in the Data stream, with its
    offset (sprmCPicLocation, unless sprmCFData says it is a form field's data)."""
    found: list[tuple[int, int]] = []
    located: list[tuple[int, int, int]] = []
    for start, end, grpprl in sorted(_fkp_runs(word, table, plc, False, warnings, source)):
        sprms = list(_sprms(grpprl))
        if any(sprm == _C_RMARK_DEL and operand[:1] not in (b"", b"\x00") for sprm, operand in sprms):
            if found and found[-1][1] == start:
                found[-1] = (found[-1][0], end)
            else:
                found.append((start, end))
        location = _picture_location(sprms)
        if location is not None:
            located.append((start, end, location))
    return found, located


def _picture_location(sprms: list[tuple[int, bytes]]) -> int | None:
    """The Data stream offset a run's properties give its picture character, if any."""
    location = None
    data = False
    for sprm, operand in sprms:
        if sprm == _C_PIC_LOCATION and len(operand) == 4:
            location = struct.unpack("<I", operand)[0]
        elif sprm == _C_F_DATA:
            data = operand[:1] not in (b"", b"\x00")
    return None if data else location


@dataclass
class _Located:
    """Where the main document's picture characters point: the inline pictures' character runs
    (byte ranges with their Data stream offset) and the floating pictures' anchor positions."""

    inline: list[tuple[int, int, int]] = field(default_factory=list)
    floating: set[int] = field(default_factory=set)

    def picture(self, fc: int) -> int | None:
        index = bisect.bisect_right(self.inline, (fc, 2**32, 0)) - 1
        if index >= 0 and self.inline[index][0] <= fc < self.inline[index][1]:
            return self.inline[index][2]
        return None


def _floating_anchors(table: bytes, plc: tuple[int, int]) -> set[int]:
    """The character positions of the main document's floating shapes (PlcSpaMom: CPs, then an
    FSPA of 26 bytes each)."""
    at, size = plc
    count = (size - 4) // 30
    if count <= 0 or at + size > len(table):
        return set()
    return set(struct.unpack_from(f"<{count}I", table, at))


@dataclass
class _Box:
    """A text box of the main document, read: its lines and tables as the builder makes them
    (`rows`: which lines are which table's rows), the shape id its entry names (`lid`), its place in
    the text-box story (`index`) and, once its anchor is known, the order it is read in among the
    boxes of one paragraph (`key`)."""

    lid: int
    index: int
    lines: list[str]
    tables: list[list[list[str]]]
    rows: dict[int, int]
    key: tuple[int, ...] = ()


def _text_boxes(
    word: bytes,
    table: bytes,
    counts: tuple[int, ...],
    places: list[tuple[int, int]],
    grpprls: list[bytes],
    papx: _Runs,
    deleted: list[tuple[int, int]],
) -> list[_Box]:
    """The main document's text boxes with text, in the order of the text-box story.

    The story follows the main text, footnotes, headers, macros, comments and endnotes in
    character positions; PlcftxbxTxt gives each box's range in it (its last character ends the
    box) with an FTXBXS naming its shape (`lid`). Linked boxes (a chain of shapes) share one
    range and one entry, named after the chain's first shape, so their text is read once; an
    entry kept for reuse after its box was deleted (`fReusable`) holds no box. The header
    text-box story (ccpHdrTxbx) is not read, as headers are not."""
    if len(counts) <= _CCP_TXBX or len(places) <= _PLCF_TXBX_TXT:
        return []
    at, size = places[_PLCF_TXBX_TXT]
    story = counts[_CCP_TXBX]
    if size == 0 or story == 0:
        return []
    count, rest = divmod(size - 4, 4 + _FTXBXS)
    if count <= 0 or rest or at + size > len(table):
        raise _Damaged("文本框位置表（PlcftxbxTxt）超出表流或长度不对")
    cps = struct.unpack_from(f"<{count + 1}I", table, at)
    if any(later < earlier for earlier, later in pairwise(cps)) or cps[-1] > story:
        raise _Damaged("文本框位置表（PlcftxbxTxt）中的字符位置不对")
    base = sum(counts[_CCP_TEXT:_CCP_TXBX])
    clx = places[_CLX]
    _, pieces = _pieces(word, table, clx, base + cps[-1], base + cps[0])
    boxes: list[_Box] = []
    for index in range(count):
        entry = at + 4 * (count + 1) + _FTXBXS * index
        reusable = struct.unpack_from("<h", table, entry + 8)[0]
        lid = struct.unpack_from("<i", table, entry + 14)[0]
        start, stop = base + cps[index], base + cps[index + 1]
        if reusable or stop <= start:
            continue
        within = list(_within(pieces, start, stop))
        if within and within[-1].text.endswith("\r"):  # the box's end mark
            last = within[-1]
            within[-1] = replace(last, text=last.text[:-1])
        builder = _Builder(guess_rows=not papx.starts)
        for piece in within:
            _assemble(piece, grpprls, papx, deleted, builder)
        builder.finish(trim=False)
        if builder.lines:
            boxes.append(_Box(lid, index, builder.lines, builder.tables, builder._rows))
    return boxes


def _within(pieces: list[_Piece], start: int, stop: int) -> Iterator[_Piece]:
    """The parts of `pieces` (in character order) between character positions `start` and `stop`,
    found by bisection: a crafted file's many boxes and pieces cost no more than their sum."""
    index = max(0, bisect.bisect_right(pieces, start, key=lambda piece: piece.cp) - 1)
    for piece in pieces[index:]:
        if piece.cp >= stop:
            break
        first, last = max(start, piece.cp), min(stop, piece.cp + len(piece.text))
        if first < last:
            skip = first - piece.cp
            fc = piece.fc + skip * piece.width
            yield replace(piece, cp=first, text=piece.text[skip : last - piece.cp], fc=fc)


def _anchor_boxes(
    boxes: list[_Box], table: bytes, places: list[tuple[int, int]], builder: _Builder
) -> list[_Box]:
    """Give the builder each box by its anchor's character position, and return the boxes whose
    shape has no anchor (they are read after the last paragraph, never lost).

    PlcSpaMom gives each floating shape's anchor (the `\\x08` in the main text) with its FSPA:
    the shape id (`spid`) and its place on the page. A box whose shape is in a group is anchored
    by the group (`_grouped`). Boxes anchored in one paragraph are read top to bottom, then left
    to right, then as anchored: a flow chart's steps, however the writer ordered them
    (LibreOffice writes a group's boxes as frames in the reverse order)."""
    at, size = places[_PLC_SPA_MOM] if len(places) > _PLC_SPA_MOM else (0, 0)
    count = (size - 4) // (4 + _FSPA)
    anchors: dict[int, tuple[int, int, int]] = {}  # spid -> (cp, top, left)
    if count > 0 and at + size <= len(table):
        cps = struct.unpack_from(f"<{count}I", table, at)
        for index in range(count):
            spid, left, top = struct.unpack_from("<Iii", table, at + 4 * (count + 1) + _FSPA * index)
            anchors.setdefault(spid, (cps[index], top, left))
    groups = _grouped(table, places) if any(box.lid not in anchors for box in boxes) else {}
    unmatched: list[_Box] = []
    for box in boxes:
        anchor = anchors.get(box.lid) or anchors.get(groups.get(box.lid, -1))
        if anchor is None:
            unmatched.append(box)
            continue
        cp, top, left = anchor
        box.key = (top, left, cp, box.index)
        builder.boxes.setdefault(cp, []).append(box)
    return unmatched


_SPGR_CONTAINER = 0xF003


def _grouped(table: bytes, places: list[tuple[int, int]]) -> dict[int, int]:
    """The shapes of the main document's drawing that sit in a group, each with the id of the
    outermost group's own shape, the one PlcSpaMom anchors ([MS-ODRAW] 2.2.16: a group's first
    shape container is the group's own)."""
    if len(places) <= _DGG_INFO:
        return {}
    start, size = places[_DGG_INFO]
    end = start + size
    if size == 0 or end > len(table):
        return {}
    at = start
    for _, _, _, stop in _records(table, start, end):  # the drawing group's container
        at = stop
        break
    found: dict[int, int] = {}
    while at < end:  # OfficeArtWordDrawing: a byte (0 the main document), then a drawing container
        main = table[at] == 0
        for kind, _, body, stop in _records(table, at + 1, end):
            if kind == _DG_CONTAINER and main:
                for inner, _, first, last in _records(table, body, stop):
                    if inner == _SPGR_CONTAINER:  # the drawing's own group: its groups are walked
                        for child, _, low, high in _records(table, first, last):
                            if child == _SPGR_CONTAINER:
                                _members(table, low, high, None, found, 1)
            at = stop
            break
        else:
            break
    return found


def _members(data: bytes, start: int, end: int, group: int | None, found: dict[int, int], depth: int) -> None:
    """Each shape of a group container (and of the groups in it) with its outermost group's id."""
    if depth > _NESTING:
        return
    for kind, _, body, stop in _records(data, start, end):
        if kind == _SP_CONTAINER:
            spid = next(
                (
                    struct.unpack_from("<I", data, first)[0]
                    for inner, _, first, last in _records(data, body, stop)
                    if inner == _FSP and last - first >= 4
                ),
                0,
            )
            if group is None:
                group = spid
            elif spid:
                found[spid] = group
        elif kind == _SPGR_CONTAINER and group is not None:
            _members(data, body, stop, group, found, depth + 1)


def _deleted_at(pieces: list[_Piece], deleted: list[tuple[int, int]], cp: int) -> bool:
    """Whether the main text's character at `cp` was deleted under tracked changes."""
    for piece in _within(pieces, cp, cp + 1):
        if piece.text:
            fc = piece.fc
            index = bisect.bisect_right(deleted, (fc, 2**32)) - 1
            return index >= 0 and deleted[index][0] <= fc < deleted[index][1]
    return False


def _fkp_runs(
    word: bytes, table: bytes, plc: tuple[int, int], paragraphs: bool, warnings: list[str], source: str
) -> Iterator[tuple[int, int, bytes]]:
    """The runs of the formatted disk pages a bin table points to (PlcBtePapx or PlcBteChpx).
    A damaged page loses only the table rows or deletions it would have shown."""
    at, size = plc
    count = (size - 4) // 8
    if size < 12 or at + size > len(table):
        return
    pages = struct.unpack_from(f"<{count}I", table, at + 4 * (count + 1))
    for number in dict.fromkeys(pages):  # a page named twice (only in a crafted file) is read once
        start = (number & 0x3FFFFF) * _FKP
        try:
            yield from list(_fkp(word[start : start + _FKP], paragraphs))
        except (struct.error, IndexError, _Damaged):
            kind = "段落" if paragraphs else "字符"
            warnings.append(f"{source}：{kind}属性页损坏，表格的行或修订删除的文字可能读错")


def _fkp(page: bytes, paragraphs: bool) -> Iterator[tuple[int, int, bytes]]:
    """Runs of one formatted disk page: (first byte, byte after the last, their grpprl)."""
    if len(page) < _FKP:
        raise _Damaged("属性页超出 WordDocument 流")
    runs = page[_FKP - 1]
    bounds = struct.unpack_from(f"<{runs + 1}I", page, 0)
    entry = 13 if paragraphs else 1  # BxPap is 13 bytes, a CHPX offset one
    for index in range(runs):
        offset = 2 * page[4 * (runs + 1) + entry * index]
        grpprl = b""
        if offset:
            size = page[offset]
            if paragraphs:
                start = offset + 1
                if size == 0:
                    size, start = 2 * page[offset + 1], offset + 2
                else:
                    size = 2 * size - 1
                grpprl = page[start + 2 : start + size]  # after the style index
            else:
                grpprl = page[offset + 1 : offset + 1 + size]
        yield bounds[index], bounds[index + 1], grpprl


def _sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    """The sprms of a property list with their operands ([MS-DOC] 2.2.5.1: the size is in the
    sprm's top three bits, variable sizes in the operand's first byte)."""
    at = 0
    while at + 2 <= len(grpprl):
        sprm = grpprl[at] | grpprl[at + 1] << 8
        at += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm == _TABLE_DEFINITION:
                if at + 2 > len(grpprl):
                    return
                size = (grpprl[at] | grpprl[at + 1] << 8) + 1
            elif sprm == _CHANGE_TABS and at < len(grpprl) and grpprl[at] == 255:
                return  # a rare long form, only ever in paragraph tab stops: nothing read follows
            else:
                size = grpprl[at] + 1 if at < len(grpprl) else 1
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        yield sprm, grpprl[at : at + size]
        at += size


def _mark(sprms: Iterator[tuple[int, bytes]]) -> _Mark:
    """What a paragraph's properties say about the table it is in."""
    in_table = ttp = False
    depth = 0
    edges: tuple[int, ...] = ()
    continued: set[int] = set()
    for sprm, operand in sprms:
        value = operand[0] if operand else 0
        if sprm == _P_IN_TABLE:
            in_table = bool(value)
        elif sprm == _P_TTP:
            ttp = bool(value)
        elif sprm == _P_ITAP and len(operand) == 4:
            depth = struct.unpack("<i", operand)[0]
        elif sprm == _TABLE_DEFINITION:
            edges, merged = _table_definition(operand)
            continued = set(merged)
        elif sprm == _T_VERT_MERGE and len(operand) >= 3:  # a later change: cb, cell, vertMerge
            (continued.add if operand[2] == _CONTINUES else continued.discard)(operand[1])
    if depth > 1:  # a table inside a cell: its cells' and rows' marks are paragraph marks
        return _Mark(in_table=True, depth=depth)
    if not ttp:
        return _Mark(in_table=in_table, depth=1 if in_table else 0)
    return _Mark(in_table=True, ttp=True, depth=1, edges=edges, continued=frozenset(continued))


def _table_definition(operand: bytes) -> tuple[tuple[int, ...], list[int]]:
    """The cells' left edges and the vertically continued cells of a row, from sprmTDefTable's
    operand (its 2-byte size, the cell count, the cells' edges, then a TC80 for each cell)."""
    if len(operand) < 3:
        return (), []
    cells = operand[2]
    edges_end = 3 + 2 * (cells + 1)
    if len(operand) < edges_end:
        return (), []
    edges = struct.unpack_from(f"<{cells}h", operand, 3)
    merged = [
        index
        for index in range(cells)
        if len(operand) >= edges_end + _TC80 * index + 2
        and (struct.unpack_from("<H", operand, edges_end + _TC80 * index)[0] >> 5) & 3 == _CONTINUES
    ]
    return edges, merged


def _with_prm(mark: _Mark | None, prm: int, grpprls: list[bytes]) -> _Mark:
    """A paragraph's table properties with its piece's property modifier applied (Word's fast
    saves put them there): a Prm1 names a Prc's list, a Prm0 holds one sprm."""
    mark = mark or _Mark()
    if not prm:
        return mark
    extra: list[tuple[int, bytes]] = []
    if prm & 1:
        index = prm >> 1
        if index < len(grpprls):
            extra = list(_sprms(grpprls[index]))
    else:
        isprm, value = (prm >> 1) & 0x7F, prm >> 8
        sprm = {_PRM_IN_TABLE: _P_IN_TABLE, _PRM_TTP: _P_TTP}.get(isprm)
        if sprm is not None:
            extra = [(sprm, bytes([value]))]
    if not any(sprm in (_P_IN_TABLE, _P_TTP, _P_ITAP) for sprm, _ in extra):
        return mark
    base: list[tuple[int, bytes]] = [(_P_IN_TABLE, bytes([mark.in_table])), (_P_TTP, bytes([mark.ttp]))]
    if mark.depth > 1:
        base.append((_P_ITAP, struct.pack("<i", mark.depth)))
    changed = _mark(iter(base + extra))
    return replace(changed, edges=mark.edges, continued=mark.continued) if changed.ttp else changed


class _Builder:
    """Lines and tables from the characters of the main document, as the .docx loader makes
    them: a paragraph is a line, a table row is a line of cells joined by ` | `."""

    def __init__(self, guess_rows: bool = False) -> None:
        # Without paragraph properties a row's end is guessed: a cell mark right after another.
        self._guess_rows = guess_rows
        self._after_cell = False
        self.lines: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._paragraph: list[str] = []
        self._cell: list[str] = []
        self._row: list[str] = []
        self._table: list[list[str]] | None = None
        self._edges: tuple[int, ...] = ()  # of the previous row's cells
        self._fields: list[bool] = []  # open fields: True once past the separator (the result)
        self._hidden = 0  # open fields still in their code
        # The pictures, each with the line it is in (the paragraph or row being read), and the
        # lines that are table rows with their table's index: for `blocks`.
        self.pictures: list[tuple[int, Picture, _Anchor]] = []
        self._rows: dict[int, int] = {}
        # The text boxes by their anchor's character position, and those anchored in the paragraph
        # being read: they are placed after it (`place`).
        self.boxes: dict[int, list[_Box]] = {}
        self._pending: list[_Box] = []

    @property
    def open_fields(self) -> int:
        return len(self._fields)

    def text(self, text: str) -> None:
        if not self._hidden and text:
            self._paragraph.append(text)
            self._after_cell = False

    def picture(self, anchor: _Anchor) -> None:
        """A picture in the text being read; its bytes are read only if the document may be a scan
        (`_fill_pictures`)."""
        if not self._hidden:
            self.pictures.append((len(self.lines), Picture(None), anchor))

    def anchor(self, cp: int) -> None:
        """A shape anchor whose shape holds text boxes: they follow the paragraph it is in."""
        self._pending.extend(self.boxes.pop(cp, []))

    def place(self, boxes: list[_Box]) -> None:
        """Each box's lines after the lines read so far, its tables among the document's, as the
        .docx loader reads a box after its anchor paragraph."""
        for box in boxes:
            first, tables = len(self.lines), len(self.tables)
            self.lines.extend(box.lines)
            self.tables.extend(box.tables)
            for line, number in box.rows.items():
                self._rows[first + line] = tables + number

    def _place_pending(self) -> None:
        if self._pending:
            self.place(sorted(self._pending, key=lambda box: box.key))
            self._pending = []

    def _place_in_cell(self) -> None:
        """Boxes anchored in a table cell are part of the cell, a line a paragraph or row, as the
        .docx loader reads them (`docx._cell_text`)."""
        for box in sorted(self._pending, key=lambda box: box.key):
            self._cell.extend(box.lines)
        self._pending = []

    def blocks(self) -> list[Block]:
        """The lines as `loaders.pictures` reads them: a paragraph a block, a table's rows one block,
        each with its pictures; pictures in blank paragraphs at the end make a last block."""
        blocks: list[Block] = []
        owner: list[int] = []
        table = -1
        for index, line in enumerate(self.lines):
            number = self._rows.get(index)
            if number is None:
                blocks.append(Block([line]))
            elif number == table and blocks and blocks[-1].in_table:
                blocks[-1].lines.append(line)
            else:
                blocks.append(Block([line], [self.tables[number]], in_table=True))
            table = -1 if number is None else number
            owner.append(len(blocks) - 1)
        for place, picture, _ in self.pictures:
            if place < len(owner):
                blocks[owner[place]].pictures.append(picture)
            else:
                if not blocks or blocks[-1].lines:
                    blocks.append(Block([]))
                blocks[-1].pictures.append(picture)
        return blocks

    def field(self, char: str) -> None:
        if char == "\x13":
            self._fields.append(False)
            self._hidden += 1
        elif char == "\x14":
            if self._fields and not self._fields[-1]:
                self._fields[-1] = True
                self._hidden -= 1
        elif self._fields and not self._fields.pop():  # the end of a field still in its code
            self._hidden -= 1

    def paragraph(self, mark: _Mark) -> None:
        if self._hidden:
            return  # a paragraph mark inside a field's code is part of the code
        line = "".join(self._paragraph)
        self._paragraph = []
        self._after_cell = False
        if mark.in_table:
            self._cell.append(line)
            self._place_in_cell()
            return
        self._close_table()
        self.lines.append(line)
        self._place_pending()

    def cell(self, mark: _Mark) -> None:
        if mark.ttp or (self._guess_rows and self._after_cell):
            self._end_row(mark)
            self._after_cell = False
            return
        self._cell.append("".join(self._paragraph))
        self._paragraph = []
        self._place_in_cell()
        self._row.append(cell_text("\n".join(self._cell)))
        self._cell = []
        self._after_cell = True

    def _end_row(self, mark: _Mark | None = None) -> None:
        if self._paragraph or self._cell:  # text before the row's mark: a cell not closed
            self._cell.append("".join(self._paragraph))
            self._paragraph = []
            self._place_in_cell()
            self._row.append(cell_text("\n".join(self._cell)))
            self._cell = []
        if self._table is None:
            self._table = []
        if mark is not None and mark.continued and self._table:
            self._fill_merged(mark, self._table[-1])
        self._edges = mark.edges if mark is not None else ()
        self._table.append(self._row)
        self._rows[len(self.lines)] = len(self.tables)
        self.lines.append(row_line(self._row))
        self._row = []

    def _fill_merged(self, mark: _Mark, above: list[str]) -> None:
        """A cell that continues a vertical merge reads as the merged cell, as python-docx gives
        it in every row the merge spans: the cell above with the same left edge (else the same
        place) in the previous row."""
        for index in mark.continued:
            if index >= len(self._row) or self._row[index]:
                continue
            place = index
            if index < len(mark.edges) and mark.edges[index] in self._edges:
                place = self._edges.index(mark.edges[index])
            if place < len(above):
                self._row[index] = above[place]

    def _close_table(self) -> None:
        if self._row or self._cell:
            self._end_row()
        self._edges = ()
        if self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def finish(self, trim: bool = True) -> None:
        """Close what is open; the main document's blank last lines are dropped (`trim`), a
        box's are kept as the .docx loader keeps them."""
        if self._paragraph:
            self.paragraph(_Mark())
        self._close_table()
        while trim and self.lines and not self.lines[-1].strip():
            self.lines.pop()
        self._place_pending()


def _assemble(
    piece: _Piece,
    grpprls: list[bytes],
    papx: _Runs,
    deleted: list[tuple[int, int]],
    builder: _Builder,
    located: _Located | None = None,
) -> None:
    """Feed one piece's characters to the builder, split at its control characters, without the
    text deleted under tracked changes; a picture character with a picture is noted where it is."""
    text = piece.text
    for start, stop in _kept(piece, deleted):
        at = start
        for match in _CONTROL.finditer(text, start, stop):
            builder.text(text[at : match.start()])
            at = match.end()
            char = match.group()
            if char in _KEEP:
                builder.text(_KEEP[char])
            elif char in "\x13\x14\x15":
                builder.field(char)
            elif char == "\x01" and located is not None:
                location = located.picture(piece.fc + match.start() * piece.width)
                if location is not None:
                    builder.picture(_Anchor(True, location))
            elif char == "\x08":
                cp = piece.cp + match.start()
                if located is not None and cp in located.floating:
                    builder.picture(_Anchor(False, cp))
                if cp in builder.boxes:
                    builder.anchor(cp)
            elif char in "\r\x0c\x07":
                mark = _with_prm(papx.at(piece.fc + match.start() * piece.width), piece.prm, grpprls)
                if char == "\x07" and mark.depth <= 1:
                    builder.cell(mark)
                else:
                    builder.paragraph(mark)
        builder.text(text[at:stop])


def _kept(piece: _Piece, deleted: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The stretches of a piece (indexes into its text) outside the deleted byte ranges."""
    end = len(piece.text)
    if not deleted:
        yield 0, end
        return
    first, last = piece.fc, piece.fc + end * piece.width
    at = 0
    index = max(0, bisect.bisect_right(deleted, (first, first)) - 1)
    for start, stop in deleted[index:]:
        if start >= last:
            break
        if stop <= first:
            continue
        cut_from = max(0, (start - first) // piece.width)
        cut_to = min(end, -(-(stop - first) // piece.width))
        if cut_from > at:
            yield at, cut_from
        at = max(at, cut_to)
    if at < end:
        yield at, end


# OfficeArt records ([MS-ODRAW] 2.2): the containers walked and the records read.
_DGG_CONTAINER = 0xF000
_BSTORE = 0xF001
_DG_CONTAINER = 0xF002
_SP_CONTAINER = 0xF004
_FBSE = 0xF007
_FSP = 0xF00A
_FOPT = 0xF00B
_PIB = 0x0104  # the shape property naming its picture: a 1-based index into the BLIP store
_MM_SHAPEFILE = 0x0066  # a PICF whose picture has a name (cchPicName, stPicName) before it
_FBSE_SIZE = 36
_NESTING = 16  # containers deeper than this (only in a crafted file) are not walked
# Bitmap BLIPs, by record type: their pictures are kept whole after one 16-byte UID (two when the
# record instance is odd: the instance values of each type differ only in that bit) and a tag
# byte. Metafile BLIPs (EMF 0xF01A, WMF 0xF01B, PICT 0xF01C) are drawings, not pages.
_BITMAPS = {0xF01D, 0xF01E, 0xF01F, 0xF029, 0xF02A}
_DIB = 0xF01F


def _records(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """The OfficeArt records between `start` and `end`: (type, the 16 bits of version and
    instance, body start, body end).
    Stops at a record that runs past `end`; each step moves on, so a damaged length never loops."""
    end = min(end, len(data))
    at = start
    while at + 8 <= end:
        head, kind, size = struct.unpack_from("<HHI", data, at)
        body = at + 8
        if body + size > end:
            return
        yield kind, head, body, body + size
        at = body + size


def _fill_pictures(
    data: bytes, streams: dict[str, bytes], pictures: list[tuple[int, Picture, _Anchor]]
) -> None:
    """Give each picture of a document that may be a scan its bytes (left None when they cannot be
    found or are a drawing): an inline picture's from the Data stream, a floating one's from the
    drawing group's BLIP store. A damaged stream or record is only a picture not read."""
    word = streams["WordDocument"]
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = ole.openstream("Data").read() if ole.exists("Data") else b""
    except Exception:  # the stream was listed when the file was opened; damaged past that, no pictures
        stream = b""
    floating: dict[int, bytes | None] | None = None
    for _, picture, anchor in pictures:
        try:
            if anchor.inline:
                picture.data = _inline_picture(stream, word, anchor.at)
            else:
                if floating is None:
                    floating = _floating_pictures(streams)
                picture.data = floating.get(anchor.at)
        except (struct.error, IndexError, ValueError, RecursionError):
            picture.data = None


def _inline_picture(stream: bytes, word: bytes, at: int) -> bytes | None:
    """An inline picture's bytes: a PICF at `at` in the Data stream (its size `lcb` covering it
    all, its header `cbHeader` bytes), then the shape and its BLIP store entries."""
    if at + 8 > len(stream):
        return None
    lcb, header = struct.unpack_from("<IH", stream, at)
    mm = struct.unpack_from("<H", stream, at + 6)[0]
    end = at + lcb
    body = at + header
    if header < 8 or end > len(stream) or body >= end:
        return None
    if mm == _MM_SHAPEFILE:
        body += 1 + stream[body]
    for kind, _, start, stop in _records(stream, body, end):
        if kind == _FBSE:
            found = _fbse_picture(stream, start, stop, word)
            if found is not None:
                return found
        elif kind in _BITMAPS:
            return _blip(stream, kind, start, stop)
    return None


def _fbse_picture(data: bytes, start: int, stop: int, word: bytes) -> bytes | None:
    """The picture of a BLIP store entry (OfficeArtFBSE): the BLIP after its name when it is
    embedded, else the one at `foDelay` in the delay stream, which for Word is WordDocument."""
    if stop - start < _FBSE_SIZE:
        return None
    size, _, delay = struct.unpack_from("<III", data, start + 20)
    embedded = start + _FBSE_SIZE + data[start + 33]
    for kind, _, body, end in _records(data, embedded, stop):
        return _blip(data, kind, body, end) if kind in _BITMAPS else None
    if size == 0 or delay + 8 > len(word):
        return None
    for kind, _, body, end in _records(word, delay, min(len(word), delay + size)):
        return _blip(word, kind, body, end) if kind in _BITMAPS else None
    return None


def _blip(data: bytes, kind: int, start: int, stop: int) -> bytes | None:
    """A bitmap BLIP's picture bytes, a DIB given the file header Pillow needs."""
    instance = struct.unpack_from("<H", data, start - 8)[0] >> 4  # `_records` has read the header
    body = start + 16 * (2 if instance & 1 else 1) + 1
    if body >= stop:
        return None
    picture = data[body:stop]
    return _bmp(picture) if kind == _DIB else picture


def _bmp(dib: bytes) -> bytes | None:
    """A DIB (a BITMAPINFOHEADER, its colour table and its pixels) as a .bmp file."""
    if len(dib) < 40:
        return None
    header, _, _, _, bits, compression = struct.unpack_from("<IiiHHI", dib, 0)
    used = struct.unpack_from("<I", dib, 32)[0]
    colours = used or (1 << bits if bits <= 8 else 0)
    masks = 12 if compression == 3 and header == 40 else 0
    offset = 14 + header + masks + 4 * colours
    return b"BM" + struct.pack("<IHHI", 14 + len(dib), 0, 0, offset) + dib


def _floating_pictures(streams: dict[str, bytes]) -> dict[int, bytes | None]:
    """The floating pictures of the main document by their anchor's character position: PlcSpaMom
    names each anchor's shape (spid), the shape's properties name its BLIP store entry (`pib`),
    and the drawing group's BLIP store in the table stream holds or points to its bytes."""
    word = streams["WordDocument"]
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    table = streams.get("1Table" if flags & _F_WHICH_TABLE else "0Table", b"")
    _, places = _fib_arrays(word)
    if len(places) <= _DGG_INFO:
        return {}
    at, size = places[_PLC_SPA_MOM]
    count = (size - 4) // 30
    if count <= 0 or at + size > len(table):
        return {}
    cps = struct.unpack_from(f"<{count}I", table, at)
    spids = [struct.unpack_from("<I", table, at + 4 * (count + 1) + 26 * index)[0] for index in range(count)]
    start, size = places[_DGG_INFO]
    end = start + size
    if size == 0 or end > len(table):
        return {}
    store: list[tuple[int, int]] = []  # the BLIP store's entries: (body start, body end)
    shapes: dict[int, int] = {}  # spid -> pib
    at = start
    for kind, _, body, stop in _records(table, start, end):
        at = stop
        if kind == _DGG_CONTAINER:
            for inner, _, first, last in _records(table, body, stop):
                if inner == _BSTORE:
                    store = [(s, e) for _, _, s, e in _records(table, first, last)]
        break
    while at < end:  # OfficeArtWordDrawing: a byte (0 the main document), then a drawing container
        main = table[at] == 0
        for kind, _, body, stop in _records(table, at + 1, end):
            if kind == _DG_CONTAINER and main:
                _shapes(table, body, stop, shapes, 0)
            at = stop
            break
        else:
            break
    found: dict[int, bytes | None] = {}
    for cp, spid in zip(cps, spids, strict=True):
        pib = shapes.get(spid, 0)
        if 0 < pib <= len(store):
            first, last = store[pib - 1]
            kind = struct.unpack_from("<H", table, first - 6)[0]  # the entry's record type
            if kind == _FBSE:
                found[cp] = _fbse_picture(table, first, last, word)
            elif kind in _BITMAPS:
                found[cp] = _blip(table, kind, first, last)
    return found


def _shapes(data: bytes, start: int, end: int, shapes: dict[int, int], depth: int) -> None:
    """Each shape's picture (`pib`) by its id, from the shape containers of a drawing and of the
    groups in it."""
    if depth > _NESTING:
        return
    for kind, head, body, stop in _records(data, start, end):
        if kind == _SP_CONTAINER:
            spid = pib = 0
            for inner, inner_head, first, last in _records(data, body, stop):
                if inner == _FSP and last - first >= 4:
                    spid = struct.unpack_from("<I", data, first)[0]
                elif inner == _FOPT:
                    for index in range(min(inner_head >> 4, (last - first) // 6)):
                        opid, value = struct.unpack_from("<HI", data, first + 6 * index)
                        if opid & 0x3FFF == _PIB:
                            pib = value
            if spid and pib:
                shapes[spid] = pib
        elif head & 0xF == 0xF:  # another container: a group of shapes, walked for its shapes
            _shapes(data, body, stop, shapes, depth + 1)


def _other_format(path: Path, source: str, data: bytes) -> RawDocument:
    """A file named .doc that is not a compound file: read it with the loader of what it is, or
    say what it is."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf\r\n\t ")
    suffix = path.suffix.lower() or ".doc"
    lowered = head[:1024].lower()
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        if kind == "docx":
            from duban.pipeline.loaders.docx import load_docx

            return relabelled(load_docx(path, source), source, suffix, ".docx 文件")
        if kind == "xlsx":
            from duban.pipeline.loaders.sheet import load_sheet

            return relabelled(load_sheet(path, source), source, suffix, "Excel 表格（.xlsx）")
        if kind == "pptx":
            from duban.pipeline.loaders.pptx import load_pptx

            return relabelled(load_pptx(path, source), source, suffix, "PowerPoint 演示文稿（.pptx）")
        if kind == "odf":  # the OpenDocument loader gives the warning, naming the kind it found
            from duban.pipeline.loaders.odf import load_odf

            return load_odf(path, source)
        _refuse(path, source, "ZIP 压缩包")
    if head.startswith(b"%PDF-"):
        from duban.pipeline.loaders.pdf import load_pdf

        return relabelled(load_pdf(path, source), source, suffix, "PDF 文件")
    if lowered.startswith(b"mime-version:") or b"\nmime-version:" in lowered[:512]:
        return _load_mhtml(path, source, data, suffix)
    if looks_like_html(lowered):
        from duban.pipeline.loaders.text import load_html

        return relabelled(load_html(path, source), source, suffix, "网页（HTML）文件")
    if head.startswith(b"{\\rtf"):
        from duban.pipeline.loaders.rtf import load_rtf

        return relabelled(load_rtf(path, source), source, suffix, "RTF 文档")
    if b"<?mso-application" in lowered or b"<w:worddocument" in lowered:
        _refuse(path, source, "Word 2003 XML 文档")
    _refuse(path, source, "无法识别的格式")


def _refuse(path: Path, source: str, what: str) -> NoReturn:
    """The error for a file duban cannot read as what its name says: a .wps or .wpt that is not
    in Word's format keeps the hint it had before this loader (WPS's own format is not read)."""
    suffix = path.suffix.lower()
    if suffix in (".wps", ".wpt"):
        raise unsupported(path, source)
    remedy = {
        "Word 2003 XML 文档": "请在 Word/WPS 中打开后另存为 .docx，再处理另存的文件。",
    }.get(what, "请确认文件来源，用生成它的程序打开后另存为 .docx 或 PDF，再处理另存的文件。")
    raise DubanError(
        E.DOC_NOT_WORD, path=source, suffix=suffix or "（无扩展名）", what=spaced(what), remedy=remedy
    )


def _other_ole(path: Path, source: str, names: set[str]) -> RawDocument:
    """A compound file without a Word document in it: an encrypted Office 2007+ file, or another
    program's file renamed."""
    if "EncryptedPackage" in names:  # Office 2007 and later keep a password-protected file so
        raise DubanError(E.DOC_ENCRYPTED, path=source, detail="Office 2007 及以后版本的加密文件")
    if "Workbook" in names or "Book" in names:  # an Excel or WPS workbook (BIFF) renamed
        from duban.pipeline.loaders.sheet import load_sheet

        suffix = path.suffix.lower() or ".doc"
        return relabelled(load_sheet(path, source), source, suffix, "Excel 或 WPS 表格文件")
    if "PowerPoint Document" in names:  # a PowerPoint 97-2003 (or WPS) deck renamed
        from duban.pipeline.loaders.ppt import load_ppt

        suffix = path.suffix.lower() or ".doc"
        return relabelled(load_ppt(path, source), source, suffix, "PowerPoint 97-2003 演示文稿（.ppt）")
    if "VisioDocument" in names:
        _refuse(path, source, "Visio 绘图")
    _refuse(path, source, "其他程序的 OLE 复合文件")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            odf = "content.xml" in names or _odf_mimetype(package)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if odf:
        return "odf"
    return "zip"


def _odf_mimetype(package: zipfile.ZipFile) -> bool:
    """Whether the package's `mimetype` member names an OpenDocument file (`.odt`, `.ods`, ...)."""
    try:
        info = package.getinfo("mimetype")
        if info.file_size > 100:
            return False
        return package.read(info).startswith(b"application/vnd.oasis.opendocument.")
    except (
        KeyError,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        ValueError,
        zlib.error,
    ):
        return False


def _load_mhtml(path: Path, source: str, data: bytes, suffix: str) -> RawDocument:
    """A single-file web page (MHTML: what Word's “save as web page” and many office systems'
    “export to Word” write) under a Word name."""
    from duban.pipeline.loaders.mhtml import read_mhtml

    document = read_mhtml(data, source)
    if document is None:
        _refuse(path, source, "没有网页正文的 MHTML 文件")
    return relabelled(document, source, suffix, "单文件网页（MHTML）")
