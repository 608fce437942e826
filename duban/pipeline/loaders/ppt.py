"""PowerPoint 97-2003 binary decks (.ppt, .pps, and WPS 演示's older .dps saves in the same
format), read without PowerPoint or LibreOffice: lower units still send reports as old decks.

A .ppt is an OLE2 compound file (read with `olefile`) whose `PowerPoint Document` stream is a tree
of records ([MS-PPT] 2.3.1: an 8-byte header — version and instance, type, length — and a
container's children inside its length). Where each object lives is found as PowerPoint finds it:
the `Current User` stream gives the offset of the newest `UserEditAtom`; each edit points to the one
before it and to a `PersistDirectoryAtom` mapping persist ids to stream offsets (newer edits win, as
a fast save appends them); the newest edit names the `DocumentContainer`, whose
`SlideListWithTextContainer` (instance 0: slides; 1 is the masters', 2 the notes') lists the slides
in presentation order, each a `SlidePersistAtom` naming its `SlideContainer`, followed by the text
of its placeholders (`TextHeaderAtom`, then `TextCharsAtom` in UTF-16LE or `TextBytesAtom` in 8-bit,
characters U+0000–U+00FF).

A slide's own text is in its drawing (`PPDrawing` → the Office Art shape tree): each shape with text
has an `OfficeArtClientTextbox` holding either the text atoms (text boxes; LibreOffice writes all
text so) or an `OutlineTextRefAtom`, the index of one of the slide's texts in the slide list
(PowerPoint's placeholders): that text is read there, once. A text of the slide list no shape
refers to is read after the shapes, so none is lost. Pages, order and what is left out follow
`loaders.pptx`: a shown slide a page numbered by its place in the deck; its title (a title
placeholder, or a text whose header says title) first, then the shapes top to bottom, left to right
by their anchors (a group's children placed on the slide through the group's coordinate space);
`\\r` ends a line and `\\x0b` breaks one; hidden slides (`SSSlideInfoAtom.fHidden`), notes, masters,
and date, footer and slide-number placeholders left out.

A table is a group of cell shapes (the group's options carry `tableProperties`): its cells are read
into rows by their places (same top edge: one row; left to right within it) as `cell | cell` lines
(`cells.row_line`) with the table in `RawPage.tables`. A merged cell is one shape: its text is read
once, in the row where it starts (the .pptx loader repeats a vertically merged cell in each row).

Every offset and length is checked against the stream and its container before it is used, the
edit chain and groups are bounded, so a damaged file ends as E052 and never loops; an encrypted deck
(an `EncryptedSummary` stream, the encrypted `Current User` token, or a `CryptSession10Container`
named by the edit) is E051; a deck with no text on any shown slide E053. A `.ppt` that is really a
`.pptx` (or a PDF) is read with that loader and a warning; a `.dps` in zip form, and a
password-protected `.pptx` (an OLE file with an `EncryptedPackage` stream: E033) under any of these
names, are the .pptx loader's.
"""

from __future__ import annotations

import io
import logging
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import olefile

from duban.base.errors import DubanError, E
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders import OLE_MAGIC, unsupported
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.relabel import error_detail, relabelled
from duban.pipeline.loaders.slides import SlideBlock, no_text_detail, reading_order, slide_page

log = logging.getLogger(__name__)

EXTRACTOR = "msppt"
_ZIP_MAGIC = b"PK\x03\x04"
_STREAM = "PowerPoint Document"
_CURRENT_USER = "Current User"

# Record types ([MS-PPT] 2.13.24, [MS-ODRAW] 2.2).
_DOCUMENT = 0x03E8
_SLIDE = 0x03EE
_SLIDE_SHOW_INFO = 0x03F9
_SLIDE_PERSIST = 0x03F3
_DRAWING = 0x040C
_PLACEHOLDER = 0x0BC3
_OUTLINE_TEXT_REF = 0x0F9E
_TEXT_HEADER = 0x0F9F
_TEXT_CHARS = 0x0FA0
_TEXT_BYTES = 0x0FA8
_SLIDE_LIST = 0x0FF0
_USER_EDIT = 0x0FF5
_CURRENT_USER_ATOM = 0x0FF6
_PERSIST_DIRECTORY = 0x1772
_CRYPT_SESSION = 0x2F14
_DG = 0xF002
_SPGR = 0xF003
_SP = 0xF004
_FSGR = 0xF009
_FSP = 0xF00A
_FOPT = 0xF00B
_CLIENT_TEXTBOX = 0xF00D
_CHILD_ANCHOR = 0xF00F
_CLIENT_ANCHOR = 0xF010
_CLIENT_DATA = 0xF011
_TERTIARY_FOPT = 0xF122

_ENCRYPTED_TOKEN = 0xF3D1C4DF  # CurrentUserAtom.headerToken of an encrypted deck
_HIDDEN = 0x0004  # SlideShowSlideInfoAtom: fHidden
_DELETED = 0x0008  # OfficeArtFSP: fDeleted
_CONNECTOR = 0x0100  # OfficeArtFSP: fConnector
_LINE = 20  # msosptLine: what a table's borders are drawn as
_TABLE_PROPERTIES = 0x039F  # an Office Art option a table's group carries
# PlaceholderAtom.placementId: titles, and the chrome repeated on every slide.
_TITLES = frozenset({0x01, 0x03, 0x0D, 0x0F, 0x11})
_CHROME = frozenset({0x07, 0x08, 0x09, 0x0A})
_TITLE_TEXTS = frozenset({0, 6})  # TextHeaderAtom.textType: title, centered title
_NOTES_TEXT = 2
_MAX_DEPTH = 64  # groups nested deeper than this are a hostile file's
_MAX_EDITS = 10_000  # user edits in a chain: far more than any save history


class _Damaged(Exception):
    """The deck's structure contradicts itself: reported as E052 with this detail."""


@dataclass(frozen=True)
class _Record:
    type: int
    instance: int
    version: int
    start: int  # of the data, after the header
    end: int

    @property
    def container(self) -> bool:
        return self.version == 0xF


@dataclass
class _Text:
    """One text of a slide: its header's type and its lines."""

    kind: int
    lines: list[str]


@dataclass
class _Shape:
    """What the loader needs of one Office Art shape."""

    flags: int = 0
    kind: int = 0  # the shape type (MSOSPT): 1 a rectangle, 20 a line
    anchor: tuple[float, float, float, float] | None = None  # left, top, right, bottom
    group_space: tuple[float, float, float, float] | None = None
    placeholder: int | None = None
    texts: list[_Text] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)
    table: bool = False


Transform = tuple[float, float, float, float]  # x' = x * sx + dx, y' = y * sy + dy
_IDENTITY: Transform = (1.0, 0.0, 1.0, 0.0)


def load_ppt(path: Path, source: str) -> RawDocument:
    """Read a binary deck into one page of text per shown slide; a catalogued error naming the
    file when it cannot be read (`__doc__`)."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        from duban.pipeline.loaders.pptx import load_pptx

        document = load_pptx(path, source)
        if suffix == ".dps":  # WPS writes .dps as Office Open XML by default: nothing to warn of
            return document
        return relabelled(document, source, suffix, "PowerPoint 演示文稿（.pptx）")
    if not data.startswith(OLE_MAGIC):
        return _other_format(path, source, data, suffix)
    try:
        names, streams = _streams(data)
    except MemoryError:
        raise
    except Exception as exc:  # olefile fails on a damaged file in many ways of its own: all are E052
        raise DubanError(E.PPT_CORRUPT, path=source, detail=f"OLE 复合文件损坏：{error_detail(exc)}") from exc
    if "EncryptedPackage" in names:  # a password-protected .pptx (E033), whatever its name
        from duban.pipeline.loaders.pptx import load_pptx

        return load_pptx(path, source)
    if "EncryptedSummary" in names:
        raise DubanError(E.PPT_ENCRYPTED, path=source, detail="文件已用密码加密")
    if _STREAM not in streams:
        return _other_ole(path, source, names, suffix)
    try:
        pages, listed, shown = _Reader(streams, source).read()
    except _Damaged as exc:
        raise DubanError(E.PPT_CORRUPT, path=source, detail=f"文件结构损坏：{exc}") from exc
    except (struct.error, IndexError, ValueError) as exc:
        raise DubanError(E.PPT_CORRUPT, path=source, detail=f"文件结构损坏：{error_detail(exc)}") from exc
    if not pages:
        raise DubanError(E.PPT_NO_TEXT, path=source, detail=no_text_detail(listed, shown))
    return RawDocument(source=source, format="ppt", pages=pages)


def _streams(data: bytes) -> tuple[set[str], dict[str, bytes]]:
    """The names of the compound file's streams, and the two a deck is read from."""
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        names = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
        wanted = (_STREAM, _CURRENT_USER)
        streams = {name: ole.openstream(name).read() for name in wanted if name in names}
    return names, streams


# -- records -------------------------------------------------------------------------------------


class _Reader:
    """Reads the records of one `PowerPoint Document` stream, every offset and length checked."""

    def __init__(self, streams: dict[str, bytes], source: str) -> None:
        self.data = streams[_STREAM]
        self.user = streams.get(_CURRENT_USER, b"")
        self.source = source

    def record(self, at: int, end: int | None = None) -> _Record:
        """The record whose header is at `at`, which must lie within `end` (the stream's end, or
        its container's)."""
        limit = len(self.data) if end is None else min(end, len(self.data))
        if at < 0 or at + 8 > limit:
            raise _Damaged(f"记录位置 {at} 超出范围")
        head, kind, length = struct.unpack_from("<HHI", self.data, at)
        if at + 8 + length > limit:
            raise _Damaged(f"位置 {at} 的记录（类型 0x{kind:04X}）长度超出范围")
        return _Record(kind, head >> 4, head & 0xF, at + 8, at + 8 + length)

    def children(self, parent: _Record) -> Iterator[_Record]:
        """A container's child records in order; each ends past its start, so this ends."""
        at = parent.start
        while at + 8 <= parent.end:
            child = self.record(at, parent.end)
            yield child
            at = child.end
        # a few trailing bytes shorter than a header are padding some writers leave

    def atom(self, record: _Record, size: int) -> bytes:
        if record.end - record.start < size:
            raise _Damaged(f"记录（类型 0x{record.type:04X}）过短")
        return self.data[record.start : record.end]

    # -- where the objects are -------------------------------------------------------------------

    def current_edit(self) -> int:
        """The offset of the newest user edit, from `Current User`; without a usable one (some
        writers leave it out or short), the last edit among the stream's top-level records."""
        user = self.user
        if len(user) >= 20 and struct.unpack_from("<H", user, 2)[0] == _CURRENT_USER_ATOM:
            token, offset = struct.unpack_from("<II", user, 12)
            if token == _ENCRYPTED_TOKEN:
                raise DubanError(E.PPT_ENCRYPTED, path=self.source, detail="文件已用密码加密")
            return int(offset)
        found = -1
        at = 0
        while at + 8 <= len(self.data):
            top = self.record(at)
            if top.type == _USER_EDIT:
                found = at
            at = top.end
        if found < 0:
            raise _Damaged("Current User 流缺失，也找不到编辑记录")
        return found

    def directory(self) -> tuple[dict[int, int], int]:
        """Persist id → stream offset over the whole edit chain (newest first wins), and the
        persist id of the document."""
        persist: dict[int, int] = {}
        offset = self.current_edit()
        seen: set[int] = set()
        document = -1
        crypt = 0
        while True:
            if offset in seen or len(seen) >= _MAX_EDITS:
                raise _Damaged("编辑记录链循环")
            seen.add(offset)
            edit = self.record(offset)
            if edit.type != _USER_EDIT:
                raise _Damaged(f"位置 {offset} 处不是 UserEditAtom")
            body = self.atom(edit, 28)
            last, directory_at, document_id = struct.unpack_from("<III", body, 8)
            if document < 0:
                document = document_id
                if len(body) >= 32:
                    crypt = struct.unpack_from("<I", body, 28)[0]
            self.read_directory(directory_at, persist)
            if not last:
                break
            offset = last
        if crypt and crypt in persist:
            at = persist[crypt]
            if at + 8 <= len(self.data) and struct.unpack_from("<H", self.data, at + 2)[0] == _CRYPT_SESSION:
                raise DubanError(E.PPT_ENCRYPTED, path=self.source, detail="文件已用密码加密")
        return persist, document

    def read_directory(self, at: int, persist: dict[int, int]) -> None:
        directory = self.record(at)
        if directory.type != _PERSIST_DIRECTORY:
            raise _Damaged(f"位置 {at} 处不是 PersistDirectoryAtom")
        pos = directory.start
        while pos + 4 <= directory.end:
            value = struct.unpack_from("<I", self.data, pos)[0]
            first, count = value & 0xFFFFF, value >> 20
            pos += 4
            if pos + 4 * count > directory.end:
                raise _Damaged("持久化目录条目超出范围")
            for index in range(count):
                persist.setdefault(first + index, struct.unpack_from("<I", self.data, pos + 4 * index)[0])
            pos += 4 * count

    # -- slides ----------------------------------------------------------------------------------

    def slide_list(self, persist: dict[int, int], document_id: int) -> list[tuple[int, list[_Text]]]:
        """Each slide's persist id and its placeholders' texts, in presentation order."""
        if document_id not in persist:
            raise _Damaged("找不到文档容器")
        document = self.record(persist[document_id])
        if document.type != _DOCUMENT or not document.container:
            raise _Damaged("文档容器类型不符")
        slides: list[tuple[int, list[_Text]]] = []
        for child in self.children(document):
            if child.type != _SLIDE_LIST or child.instance != 0 or not child.container:
                continue
            texts: list[_Text] | None = None
            kind = 4
            for atom in self.children(child):
                if atom.type == _SLIDE_PERSIST:
                    texts = []
                    slides.append((struct.unpack_from("<I", self.atom(atom, 4))[0], texts))
                elif texts is None:
                    continue
                elif atom.type == _TEXT_HEADER:
                    kind = struct.unpack_from("<I", self.atom(atom, 4))[0]
                elif atom.type in (_TEXT_CHARS, _TEXT_BYTES):
                    texts.append(_Text(kind, self.text(atom)))
        return slides

    def text(self, atom: _Record) -> list[str]:
        raw = self.data[atom.start : atom.end]
        if atom.type == _TEXT_CHARS:
            text = raw[: len(raw) // 2 * 2].decode("utf-16-le", errors="replace")
        else:
            text = raw.decode("latin-1")
        return _lines(text)

    def read(self) -> tuple[list[RawPage], int, int]:
        persist, document_id = self.directory()
        pages: list[RawPage] = []
        shown = 0
        slides = self.slide_list(persist, document_id)
        read: set[int] = set()
        for number, (persist_id, texts) in enumerate(slides, start=1):
            if persist_id in read:  # a slide listed twice (only a made-up file does): read once
                continue
            read.add(persist_id)
            if persist_id not in persist:
                raise _Damaged(f"第 {number} 张幻灯片缺失")
            slide = self.record(persist[persist_id])
            if slide.type != _SLIDE or not slide.container:
                raise _Damaged(f"第 {number} 张幻灯片的记录类型不符")
            if self.hidden(slide):
                continue
            shown += 1
            lines, tables = self.slide_text(slide, texts)
            if lines:
                pages.append(slide_page(number, lines, tables, EXTRACTOR))
        return pages, len(slides), shown

    def hidden(self, slide: _Record) -> bool:
        for child in self.children(slide):
            if child.type == _SLIDE_SHOW_INFO:
                return bool(struct.unpack_from("<H", self.atom(child, 12), 10)[0] & _HIDDEN)
        return False

    def slide_text(self, slide: _Record, texts: list[_Text]) -> tuple[list[str], list[list[list[str]]]]:
        blocks: list[SlideBlock] = []
        used: set[int] = set()
        for child in self.children(slide):
            if child.type == _DRAWING and child.container:
                for drawing in self.children(child):
                    if drawing.type == _DG and drawing.container:
                        for tree in self.children(drawing):
                            if tree.type == _SPGR and tree.container:
                                self.group(tree, _IDENTITY, texts, used, blocks, 0)
        for index, text in enumerate(texts):  # a placeholder text no shape refers to
            if index not in used and text.kind != _NOTES_TEXT and text.lines:
                inf = float("inf")
                blocks.append(SlideBlock(text.kind in _TITLE_TEXTS, inf, inf, len(blocks), text.lines))
        return reading_order(blocks)

    def shape(self, container: _Record) -> _Shape:
        shape = _Shape()
        for child in self.children(container):
            if child.type == _FSP:
                shape.flags = struct.unpack_from("<I", self.atom(child, 8), 4)[0]
                shape.kind = child.instance
            elif child.type == _FSGR:
                shape.group_space = struct.unpack_from("<iiii", self.atom(child, 16))
            elif child.type == _CHILD_ANCHOR:
                shape.anchor = struct.unpack_from("<iiii", self.atom(child, 16))
            elif child.type == _CLIENT_ANCHOR:
                size = child.end - child.start
                if size >= 16:
                    top, left, right, bottom = struct.unpack_from("<iiii", self.data, child.start)
                else:
                    top, left, right, bottom = struct.unpack_from("<hhhh", self.atom(child, 8))
                shape.anchor = (left, top, right, bottom)
            elif child.type in (_FOPT, _TERTIARY_FOPT):
                shape.table = shape.table or self.has_option(child, _TABLE_PROPERTIES)
            elif child.type == _CLIENT_DATA and child.container:
                for atom in self.children(child):
                    if atom.type == _PLACEHOLDER:
                        shape.placeholder = self.atom(atom, 8)[4]
            elif child.type == _CLIENT_TEXTBOX and child.container:
                kind = 4
                for atom in self.children(child):
                    if atom.type == _TEXT_HEADER:
                        kind = struct.unpack_from("<I", self.atom(atom, 4))[0]
                    elif atom.type in (_TEXT_CHARS, _TEXT_BYTES):
                        shape.texts.append(_Text(kind, self.text(atom)))
                    elif atom.type == _OUTLINE_TEXT_REF:
                        shape.refs.append(struct.unpack_from("<i", self.atom(atom, 4))[0])
        return shape

    def has_option(self, options: _Record, wanted: int) -> bool:
        """Whether an Office Art option table names the property `wanted` (the fixed part of
        its entries, 6 bytes each, one per instance)."""
        for index in range(options.instance):
            at = options.start + 6 * index
            if at + 6 > options.end:
                return False
            if struct.unpack_from("<H", self.data, at)[0] & 0x3FFF == wanted:
                return True
        return False

    def group(
        self,
        tree: _Record,
        transform: Transform,
        texts: list[_Text],
        used: set[int],
        blocks: list[SlideBlock],
        depth: int,
    ) -> None:
        """The shapes of a group (the slide's shape tree is one): its first shape is the group's
        own, the others placed through `transform`."""
        if depth > _MAX_DEPTH:
            raise _Damaged(f"组合嵌套超过 {_MAX_DEPTH} 层")
        for index, child in enumerate(self.children(tree)):
            if index == 0 or not child.container:
                continue
            if child.type == _SP:
                self.text_shape(self.shape(child), transform, texts, used, blocks)
            elif child.type == _SPGR:
                inner = list(self.children(child))
                if not inner or inner[0].type != _SP:
                    continue
                own = self.shape(inner[0])
                if own.flags & _DELETED:
                    continue
                child_transform = _group_transform(own, transform)
                if own.table:
                    self.table(child, own, transform, child_transform, blocks)
                else:
                    self.group(child, child_transform, texts, used, blocks, depth + 1)

    def text_shape(
        self,
        shape: _Shape,
        transform: Transform,
        texts: list[_Text],
        used: set[int],
        blocks: list[SlideBlock],
    ) -> None:
        if shape.flags & _DELETED or shape.placeholder in _CHROME:
            return
        lines: list[str] = []
        kinds: list[int] = []
        for text in shape.texts:
            lines.extend(text.lines)
            kinds.append(text.kind)
        for ref in shape.refs:
            if 0 <= ref < len(texts) and ref not in used:
                used.add(ref)
                lines.extend(texts[ref].lines)
                kinds.append(texts[ref].kind)
        if not lines or _NOTES_TEXT in kinds:
            return
        title = shape.placeholder in _TITLES or any(kind in _TITLE_TEXTS for kind in kinds)
        y, x = _placed(shape.anchor, transform)
        blocks.append(SlideBlock(title, y, x, len(blocks), lines))

    def table(
        self, tree: _Record, own: _Shape, outer: Transform, inner: Transform, blocks: list[SlideBlock]
    ) -> None:
        """A table's group: each cell a shape, rows by their top edges, cells left to right."""
        cells: list[tuple[float, float, str]] = []
        for index, child in enumerate(self.children(tree)):
            if index == 0 or child.type != _SP or not child.container:
                continue
            cell = self.shape(child)
            if cell.flags & (_DELETED | _CONNECTOR) or cell.kind == _LINE:  # a cell's border
                continue
            y, x = _placed(cell.anchor, inner)
            cells.append((y, x, cell_text("\n".join(line for text in cell.texts for line in text.lines))))
        rows: list[list[str]] = []
        top: float | None = None
        for y, _, text in sorted(cells, key=lambda c: (c[0], c[1])):
            if top is None or y != top:
                rows.append([])
                top = y
            rows[-1].append(text)
        for row in rows:
            while row and not row[-1]:
                row.pop()
        rows = [row for row in rows if row]
        if rows:
            y, x = _placed(own.anchor, outer)
            blocks.append(SlideBlock(False, y, x, len(blocks), [row_line(row) for row in rows], rows))


def _lines(text: str) -> list[str]:
    """A text atom's paragraphs (`\\r`) and soft breaks (`\\x0b`) as lines, stripped, empty ones
    dropped; other control characters (field placeholders PowerPoint keeps in the text) too."""
    out: list[str] = []
    for line in text.replace("\x0b", "\r").replace("\n", "\r").split("\r"):
        cleaned = "".join(char for char in line if char == "\t" or char >= " ").strip()
        if cleaned:
            out.append(cleaned)
    return out


def _placed(anchor: tuple[float, float, float, float] | None, transform: Transform) -> tuple[float, float]:
    """A shape's place (top, left) on the slide; one without an anchor goes below the placed ones."""
    if anchor is None:
        return float("inf"), float("inf")
    left, top = anchor[0], anchor[1]
    sx, dx, sy, dy = transform
    return top * sy + dy, left * sx + dx


def _group_transform(group: _Shape, outer: Transform) -> Transform:
    """From a group's child coordinates (`OfficeArtFSPGR`) to the slide: its children are placed
    in that space, drawn into the group's own anchor."""
    if group.anchor is None or group.group_space is None:
        return outer
    left, top, right, bottom = group.anchor
    space_left, space_top, space_right, space_bottom = group.group_space
    sx = (right - left) / (space_right - space_left) if space_right != space_left else 1.0
    sy = (bottom - top) / (space_bottom - space_top) if space_bottom != space_top else 1.0
    osx, odx, osy, ody = outer
    # x_slide = outer(left + (x - space_left) * sx)
    return (sx * osx, (left - space_left * sx) * osx + odx, sy * osy, (top - space_top * sy) * osy + ody)


# -- what is not a binary deck -------------------------------------------------------------------


def _other_format(path: Path, source: str, data: bytes, suffix: str) -> RawDocument:
    """Neither a zip nor a compound file: a PDF under a deck's name is read as one."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ")
    if head.startswith(b"%PDF-"):
        from duban.pipeline.loaders.pdf import load_pdf

        return relabelled(load_pdf(path, source), source, suffix, "PDF 文件")
    if suffix == ".dps":  # WPS's own older format keeps its hint
        raise unsupported(path, source)
    _refuse(source, "不是 OLE 复合文件，无法识别的格式")


def _other_ole(path: Path, source: str, names: set[str], suffix: str) -> RawDocument:
    """A compound file without a deck in it: a Word or Excel file renamed is read as what it is."""
    if suffix == ".dps":  # WPS's own older format, not PowerPoint's: keeps its hint
        raise unsupported(path, source)
    if "WordDocument" in names:
        from duban.pipeline.loaders.doc import load_doc

        return relabelled(load_doc(path, source), source, suffix, "Word 97-2003 文档（.doc）")
    if "Workbook" in names or "Book" in names:
        from duban.pipeline.loaders.sheet import load_sheet

        return relabelled(load_sheet(path, source), source, suffix, "Excel 或 WPS 表格文件")
    _refuse(source, f"是 OLE 复合文件，但其中没有演示文稿流“{_STREAM}”")


def _refuse(source: str, detail: str) -> NoReturn:
    raise DubanError(E.PPT_CORRUPT, path=source, detail=detail)
