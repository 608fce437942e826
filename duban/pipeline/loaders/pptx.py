"""Presentations (.pptx, .pptm, the slide shows .ppsx and .ppsm, the template .potx, and WPS's
.dps when saved in the same format) read with lxml: a slide show or template is the same package
with another content type on `ppt/presentation.xml`, read alike (a macro part is never opened).

Progress reports given at supervision meetings arrive as slide decks (工作汇报.pptx: 工作进展,
存在问题, 下一步打算, with tables of tasks and their status), so a deck must yield the same progress
statements, measures, units and deadlines as the same report in a `.docx`. python-pptx is not a
dependency: the package is a zip of XML parts read directly, as the OFD loader reads its own.

`ppt/presentation.xml` gives the slide order (`p:sldIdLst`, each `r:id` resolved through
`ppt/_rels/presentation.xml.rels`), not the part names: a slide moved in PowerPoint keeps its
`slideN.xml`. Each slide is one page (its number is the slide's place in the deck, as PowerPoint
numbers it). Hidden slides (`show="0"`) are left out without a word: they are not shown in the
meeting and PowerPoint's and WPS's "export to PDF" (this format's former hint) leave them out by
default; a deck is often kept with hidden drafts or backup slides whose figures are not the
reported ones.

On a slide, the title placeholder comes first, then the shapes in reading order: by their offset
(`a:off`) top to bottom, then left to right, a placeholder that has no offset of its own taking
its layout's (or master's) place; a group (`p:grpSp`) is flattened, its children placed on the
slide through the group's transform. A text body's paragraphs are lines (`a:br` a line break, a
field's `a:fld` shown text kept, empty paragraphs dropped); a table (`a:tbl` in a
`p:graphicFrame`) is rows of `cell | cell` (`cells.row_line`), merged cells read as the Word
loaders read them: a horizontal merge (`gridSpan`, the covered `hMerge` cells) one cell, a vertical
merge (`rowSpan`, the covered `vMerge` cells) its value repeated in each row it spans, so a
牵头单位 merged over three tasks stays with each. A SmartArt diagram (a work flow's steps, an org
chart of who leads what) is one shape at its frame's place, its points' paragraphs lines in the
data model's order (`diagram_lines`); a chart is its title's line (`chart_title`), not its data.

Left out, as not the slide's body text: speaker notes (`notesSlide`), the prompts of layout and
master placeholders (`单击此处添加标题`), the date, footer and slide-number placeholders (repeated
on every slide, like a PDF's running footer), a chart's data and pictures (in pixels).

The format is decided by the first bytes: a zip with `ppt/presentation.xml` is read; a Word or
Excel package, an OpenDocument file (`loaders.odf`), a PowerPoint 97-2003 binary deck
(`loaders.ppt`), or a PDF, under a presentation's name is read as what it is with a warning; an
OLE file with an `EncryptedPackage` stream (how Office keeps a password-protected deck) is E033.
A damaged zip is E032 however `zipfile` fails (`package.zip_damage`). The package is checked as a `.docx` is
(`loaders.package`: size from the zip directory, each XML part read through the safe parser,
elements counted over all parts within `--docx-max-elements`). Damaged is E032, no text on any
shown slide E034.
"""

from __future__ import annotations

import logging
import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from duban.base.errors import DubanError, E
from duban.base.limits import Limits, current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders import OLE_MAGIC, unsupported
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.ole import refuse_encrypted, stream_names
from duban.pipeline.loaders.package import check_sizes, whole_part, zip_damage
from duban.pipeline.loaders.relabel import office_package, relabelled
from duban.pipeline.loaders.slides import SlideBlock, no_text_detail, reading_order, slide_page

log = logging.getLogger(__name__)

EXTRACTOR = "pptx"
_ZIP_MAGIC = b"PK\x03\x04"
_PRESENTATION = "ppt/presentation.xml"
_ENCRYPTED_ENTRY = 0x1  # a zip entry's general-purpose flag: encrypted (zipfile would need a password)
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NS = {"p": _P, "a": _A, "r": _R}
# The points of a diagram's data model that hold no one's text: the connections between points
# (`parTrans`, `sibTrans`) and the layout's own presentation points (`pres`).
_NOT_TEXT_POINTS = frozenset({"parTrans", "sibTrans", "pres"})
# Placeholders that repeat on every slide and are not its body: date, footer, slide number.
_CHROME = frozenset({"dt", "ftr", "sldNum"})
_TITLES = frozenset({"title", "ctrTitle"})
# The relationship types a slide and a layout point up the inheritance chain by.
_LAYOUT = "/slideLayout"
_MASTER = "/slideMaster"
# A slide has tens of shapes; a group nested deeper than this is a hostile file's, not PowerPoint's.
_MAX_DEPTH = 64


def load_pptx(path: Path, source: str) -> RawDocument:
    """Read a presentation into one page of text per shown slide; a catalogued error naming the
    file when it cannot be read (`__doc__`)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head == OLE_MAGIC:
        return _load_ole(path, source, suffix)
    if not head.startswith(_ZIP_MAGIC):
        return _other_format(path, source, suffix)
    limits = current()
    with zip_damage(source, E.PPTX_CORRUPT), zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        if _PRESENTATION in names:
            check_sizes(package, source, limits, "PowerPoint")
            if any(info.flag_bits & _ENCRYPTED_ENTRY for info in package.infolist()):
                raise DubanError(E.PPTX_ENCRYPTED, path=source, detail="压缩包中的部件已加密")
            return _Reader(package, source, limits).read()
    return _not_a_deck_zip(path, source, suffix, names)


# -- what is not a presentation package ----------------------------------------------------------


def _load_ole(path: Path, source: str, suffix: str) -> RawDocument:
    """A compound file: a password-protected deck (E033), or a binary PowerPoint 97-2003 deck,
    read by `loaders.ppt` with a warning that the name says otherwise."""
    names = stream_names(path.read_bytes(), source, E.PPTX_CORRUPT)
    refuse_encrypted(names, source, E.PPTX_ENCRYPTED)
    if "PowerPoint Document" in names:
        from duban.pipeline.loaders.ppt import load_ppt

        document = load_ppt(path, source)
        if suffix == ".dps":  # WPS saves .dps in PowerPoint 97-2003's format too: nothing to warn of
            return document
        return relabelled(document, source, suffix, "PowerPoint 97-2003 演示文稿（.ppt）")
    if suffix == ".dps":  # WPS's own older format: skipped with the hint
        raise unsupported(path, source)
    raise DubanError(
        E.PPTX_CORRUPT,
        path=source,
        detail="实际是 OLE 复合文件，但不是演示文稿；请另存为 .pptx 或导出为 PDF",
    )


def _other_format(path: Path, source: str, suffix: str) -> RawDocument:
    """Neither a zip nor a compound file: a PDF under a presentation's name is read as one."""
    with path.open("rb") as handle:
        head = handle.read(1024).lstrip(b"\xef\xbb\xbf\r\n\t ")
    if head.startswith(b"%PDF-"):
        from duban.pipeline.loaders.pdf import load_pdf

        return relabelled(load_pdf(path, source), source, suffix, "PDF 文件")
    if suffix == ".dps":  # not a package: WPS's own older format keeps its hint
        raise unsupported(path, source)
    raise DubanError(E.PPTX_CORRUPT, path=source, detail="不是 zip 压缩包，无法识别的格式")


def _not_a_deck_zip(path: Path, source: str, suffix: str, names: set[str]) -> RawDocument:
    """A zip under a presentation's name that holds no presentation: a Word, Excel or OpenDocument
    package is read as what it is, with a warning."""
    found = office_package(path, source, suffix, names)
    if found is None:
        raise DubanError(
            E.PPTX_CORRUPT, path=source, detail=f"是 zip 压缩包，但其中没有演示文稿 {_PRESENTATION}"
        )
    return found


# -- the package ---------------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _emu(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


Transform = tuple[float, float, float, float]  # x' = x * sx + dx, y' = y * sy + dy
_IDENTITY: Transform = (1.0, 0.0, 1.0, 0.0)


class _Reader:
    """Reads one package: parts on demand (each checked and its elements counted), then each
    shown slide's shapes in reading order."""

    def __init__(self, package: zipfile.ZipFile, source: str, limits: Limits) -> None:
        self.package = package
        self.source = source
        self.limits = limits
        self.elements = 0
        self.parts: dict[str, etree._Element] = {}
        # Placeholder places of a layout or master part: (type, idx) → (y, x).
        self.places: dict[str, dict[tuple[str, str], tuple[float, float]]] = {}

    def xml(self, name: str) -> etree._Element:
        """A part's root, read once through the safe parser; a missing part is E032."""
        found = self.parts.get(name)
        if found is not None:
            return found
        try:
            member: str | None = self.package.getinfo(name).filename
        except KeyError:
            member = None
        root, self.elements = whole_part(
            self.package,
            member,
            name,
            self.source,
            self.limits,
            what="PowerPoint",
            corrupt=E.PPTX_CORRUPT,
            counted=self.elements,
        )
        self.parts[name] = root
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id → (type, target part name); none when it has no rels part."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self.package.NameToInfo:
            return {}
        out: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels_name).iter(f"{{{_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = (rel.get("Target") or "").replace("\\", "/")
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(joined))
        return out

    def related(self, part: str, kind: str) -> str | None:
        """The first part `part` points to by a relationship whose type ends with `kind`."""
        for rel_type, target in self.rels(part).values():
            if rel_type.endswith(kind) and target in self.package.NameToInfo:
                return target
        return None

    # -- slides ----------------------------------------------------------------------------------

    def slides(self) -> Iterator[tuple[int, str]]:
        """(number in the deck, part name) of each slide in `p:sldIdLst` order."""
        presentation = self.xml(_PRESENTATION)
        rels = self.rels(_PRESENTATION)
        listed = presentation.find(f"{{{_P}}}sldIdLst")
        if listed is None:
            return
        for number, slide_id in enumerate(listed.iterfind(f"{{{_P}}}sldId"), start=1):
            found = rels.get(slide_id.get(f"{{{_R}}}id", ""))
            if found is None or found[1] not in self.package.NameToInfo:
                raise DubanError(E.PPTX_CORRUPT, path=self.source, detail=f"第 {number} 张幻灯片的部件缺失")
            yield number, found[1]

    def read(self) -> RawDocument:
        pages: list[RawPage] = []
        listed = shown = 0
        read: set[str] = set()
        for number, part in self.slides():
            listed += 1
            if part in read:  # a slide listed twice (only a made-up file does): read once
                continue
            read.add(part)
            slide = self.xml(part)
            if slide.get("show") in ("0", "false"):
                continue
            shown += 1
            lines, tables = self.slide_text(part, slide)
            if lines:
                pages.append(slide_page(number, lines, tables, EXTRACTOR))
        if not pages:
            raise DubanError(E.PPTX_NO_TEXT, path=self.source, detail=no_text_detail(listed, shown))
        return RawDocument(source=self.source, format="pptx", pages=pages)

    def slide_text(self, part: str, slide: etree._Element) -> tuple[list[str], list[list[list[str]]]]:
        tree = slide.find(f"{{{_P}}}cSld/{{{_P}}}spTree")
        if tree is None:
            return [], []
        blocks: list[SlideBlock] = []
        self.shapes(tree, part, _IDENTITY, blocks, 0)
        return reading_order(blocks)

    def shapes(
        self, tree: etree._Element, part: str, transform: Transform, blocks: list[SlideBlock], depth: int
    ) -> None:
        """Each shape of a shape tree (a slide's, or a group's) with text as a block, placed on
        the slide through `transform`; groups flattened."""
        if depth > _MAX_DEPTH:
            raise DubanError(E.PPTX_CORRUPT, path=self.source, detail=f"组合嵌套超过 {_MAX_DEPTH} 层")
        for shape in tree:
            kind = _local(shape)
            if kind == "grpSp":
                self.shapes(shape, part, _group_transform(shape, transform), blocks, depth + 1)
            elif kind == "AlternateContent":  # newer shapes with a fallback: read the fallback
                fallback = next((c for c in shape if _local(c) == "Fallback"), None)
                if fallback is not None:
                    self.shapes(fallback, part, transform, blocks, depth + 1)
            elif kind == "sp":
                self.text_shape(shape, part, transform, blocks)
            elif kind == "graphicFrame":
                self.frame_shape(shape, part, transform, blocks)

    def text_shape(
        self, shape: etree._Element, part: str, transform: Transform, blocks: list[SlideBlock]
    ) -> None:
        placeholder = shape.find(f"{{{_P}}}nvSpPr/{{{_P}}}nvPr/{{{_P}}}ph")
        kind = _placeholder_kind(placeholder) if placeholder is not None else ""
        if kind in _CHROME:
            return
        body = shape.find(f"{{{_P}}}txBody")
        if body is None:
            return
        lines = _paragraph_lines(body)
        if not lines:
            return
        place = _offset(shape.find(f"{{{_P}}}spPr/{{{_A}}}xfrm"))
        if place is None and placeholder is not None:
            place = self.inherited_place(part, kind, placeholder.get("idx", ""))
        y, x = _placed(place, transform)
        blocks.append(SlideBlock(kind in _TITLES, y, x, len(blocks), lines))

    def frame_shape(
        self, frame: etree._Element, part: str, transform: Transform, blocks: list[SlideBlock]
    ) -> None:
        """A graphic frame: a table's rows, a SmartArt diagram's points or a chart's title, one
        block at the frame's place; an embedded object is left out."""
        data = frame.find(f"{{{_A}}}graphic/{{{_A}}}graphicData")
        if data is None:
            return
        table = data.find(f"{{{_A}}}tbl")
        rows: list[list[str]] | None = None
        if table is not None:
            rows = _table_rows(table)
            lines = [row_line(row) for row in rows]
        elif (diagram := data.find(f"{{{_DGM}}}relIds")) is not None:
            root = self.target(part, diagram.get(f"{{{_R}}}dm"))
            lines = diagram_lines(root) if root is not None else []
        elif (chart := data.find(f"{{{_C}}}chart")) is not None:
            root = self.target(part, chart.get(f"{{{_R}}}id"))
            title = chart_title(root) if root is not None else ""
            lines = [title] if title else []
        else:
            return
        if not lines:
            return
        y, x = _placed(_offset(frame.find(f"{{{_P}}}xfrm")), transform)
        blocks.append(SlideBlock(False, y, x, len(blocks), lines, rows))

    def target(self, part: str, ref: str | None) -> etree._Element | None:
        """The root of the part that `part`'s relationship `ref` names (read as every part is);
        None when there is none in the package: nothing to read, as a missing picture is."""
        found = self.rels(part).get(ref or "")
        if found is None or found[1] not in self.package.NameToInfo:
            return None
        return self.xml(found[1])

    def inherited_place(self, part: str, kind: str, idx: str) -> tuple[float, float] | None:
        """Where a placeholder without an offset of its own sits: its layout's matching
        placeholder's place, else its master's (matched by index, then by type)."""
        layout = self.related(part, _LAYOUT)
        chain = [layout] if layout else []
        if layout:
            master = self.related(layout, _MASTER)
            if master:
                chain.append(master)
        for holder in chain:
            places = self.placeholder_places(holder)
            found = (places.get(("", idx)) if idx else None) or places.get((kind, ""))
            if found is not None:
                return found
        return None

    def placeholder_places(self, part: str) -> dict[tuple[str, str], tuple[float, float]]:
        known = self.places.get(part)
        if known is not None:
            return known
        places: dict[tuple[str, str], tuple[float, float]] = {}
        tree = self.xml(part).find(f"{{{_P}}}cSld/{{{_P}}}spTree")
        for shape in tree.iter(f"{{{_P}}}sp") if tree is not None else ():
            placeholder = shape.find(f"{{{_P}}}nvSpPr/{{{_P}}}nvPr/{{{_P}}}ph")
            place = _offset(shape.find(f"{{{_P}}}spPr/{{{_A}}}xfrm"))
            if placeholder is None or place is None:
                continue
            kind = _placeholder_kind(placeholder)
            if placeholder.get("idx"):
                places.setdefault(("", placeholder.get("idx", "")), place)
            places.setdefault((kind, ""), place)
        self.places[part] = places
        return places


def _placeholder_kind(placeholder: etree._Element) -> str:
    """A placeholder's type, `obj` when it names none (the schema's default)."""
    return placeholder.get("type") or "obj"


def _offset(xfrm: etree._Element | None) -> tuple[float, float] | None:
    """(y, x) of a transform's `a:off`, when it has one."""
    if xfrm is None:
        return None
    off = xfrm.find(f"{{{_A}}}off")
    if off is None:
        return None
    x, y = _emu(off.get("x")), _emu(off.get("y"))
    return (y, x) if x is not None and y is not None else None


def _placed(place: tuple[float, float] | None, transform: Transform) -> tuple[float, float]:
    """A shape's place on the slide; one without a place goes below the placed ones."""
    if place is None:
        return float("inf"), float("inf")
    y, x = place
    sx, dx, sy, dy = transform
    return y * sy + dy, x * sx + dx


def _group_transform(group: etree._Element, outer: Transform) -> Transform:
    """The transform from a group's child coordinates to the slide: its children are placed in
    `a:chOff`/`a:chExt` space, drawn into the group's own `a:off`/`a:ext`."""
    xfrm = group.find(f"{{{_P}}}grpSpPr/{{{_A}}}xfrm")
    if xfrm is None:
        return outer

    def pair(name: str, first: str, second: str) -> tuple[float, float] | None:
        element = xfrm.find(f"{{{_A}}}{name}")
        if element is None:
            return None
        a, b = _emu(element.get(first)), _emu(element.get(second))
        return (a, b) if a is not None and b is not None else None

    off, ext = pair("off", "x", "y"), pair("ext", "cx", "cy")
    child_off, child_ext = pair("chOff", "x", "y"), pair("chExt", "cx", "cy")
    if off is None or child_off is None:
        return outer
    sx = ext[0] / child_ext[0] if ext and child_ext and child_ext[0] else 1.0
    sy = ext[1] / child_ext[1] if ext and child_ext and child_ext[1] else 1.0
    inner: Transform = (sx, off[0] - child_off[0] * sx, sy, off[1] - child_off[1] * sy)
    osx, odx, osy, ody = outer
    return (inner[0] * osx, inner[1] * osx + odx, inner[2] * osy, inner[3] * osy + ody)


def _paragraph_lines(body: etree._Element) -> list[str]:
    """A text body's paragraphs as lines: runs' and fields' text, `a:br` a line break; lines
    stripped, empty ones dropped."""
    lines: list[str] = []
    for paragraph in body.iterfind(f"{{{_A}}}p"):
        parts: list[str] = []
        for item in paragraph:
            kind = _local(item)
            if kind in ("r", "fld"):
                parts.append(item.findtext(f"{{{_A}}}t") or "")
            elif kind == "br":
                parts.append("\n")
        for line in "".join(parts).replace("\v", "\n").split("\n"):
            if line.strip():
                lines.append(line.strip())
    return lines


def diagram_lines(data: etree._Element) -> list[str]:
    """The text of a SmartArt diagram from its data part (`dgm:dataModel`): each point's
    paragraphs (`dgm:t`) as lines (`_paragraph_lines`), in the data model's order. Points of
    the types that hold no user text are skipped (`_NOT_TEXT_POINTS`): a connection point's text
    body is always empty, and a presentation point only mirrors the layout. Also used for the
    diagrams of a Word document (`loaders.docx`)."""
    lines: list[str] = []
    for point in data.iterfind(f"{{{_DGM}}}ptLst/{{{_DGM}}}pt"):
        if point.get("type", "node") in _NOT_TEXT_POINTS:
            continue
        body = point.find(f"{{{_DGM}}}t")
        if body is not None:
            lines.extend(_paragraph_lines(body))
    return lines


def chart_title(chart: etree._Element) -> str:
    """A chart part's title (`c:chart/c:title`, its rich text's paragraphs on one line), or ""
    when it has none written out: the chart's data is figures and labels, not the document's
    sentences, and is not read. Also used for the charts of a Word document (`loaders.docx`)."""
    rich = chart.find(f"{{{_C}}}chart/{{{_C}}}title/{{{_C}}}tx/{{{_C}}}rich")
    return " ".join(_paragraph_lines(rich)) if rich is not None else ""


def _table_rows(table: etree._Element) -> list[list[str]]:
    """A table's rows of cell texts, merges read as the Word loaders read them: a cell covered
    horizontally (`hMerge`) dropped, one covered vertically (`vMerge`) given the text of the cell
    above it in the same grid column; rows with no text dropped."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for row in table.iterfind(f"{{{_A}}}tr"):
        cells: list[str] = []
        for column, cell in enumerate(row.iterfind(f"{{{_A}}}tc")):
            if cell.get("vMerge") in ("1", "true"):
                text = above.get(column, "")
            else:
                body = cell.find(f"{{{_A}}}txBody")
                text = cell_text("\n".join(_paragraph_lines(body))) if body is not None else ""
            above[column] = text
            if cell.get("hMerge") in ("1", "true"):
                continue
            cells.append(text)
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append(cells)
    return rows
