"""OFD (版式文件, GB/T 33190-2016) read with lxml and zipfile: one page of text per OFD page.

An OFD is a zip: `OFD.xml` names the document (`DocBody/DocRoot` → `Document.xml`), which lists
the pages (`Pages/Page@BaseLoc` → each page's `Content.xml`) and the resources (`PublicRes`,
`DocumentRes`: fonts, images). A page's text is positioned like a PDF's: `TextObject`s in layers
(and `PageBlock`s nested in them), each with a `Boundary` whose origin its `TextCode`s' X/Y are
relative to, Y being the baseline, `DeltaX` the advance of each character, `CTM` an optional
transform. Lines are rebuilt from the positions (`_lines`): text codes grouped by baseline, ordered
by X, joined without spaces (CJK), a space where the gap is wide, and a row whose runs line up in
the same columns as the next or previous row's is a table row, its cells joined by ` | ` as the
Word loaders write them.

A task table's cells wrap: the task over three lines, the unit over two, the deadline centred in
its row. Read line by line the row falls apart (its first line with the other cells, then lines
holding only the tails) and the measure loses its unit and deadline. Where the page draws the
table's ruling lines (`PathObject`s), a row is the band between two horizontal borders and a cell
the box between two column borders in it: all the text inside, whatever its lines, is that cell,
its lines joined as `cells.cell_text` joins a wrapped .docx cell (`_grid`). Where no lines are
drawn, a line whose pieces each fall inside a column of the table row above, that is no full row
itself and lies a wrapped line's height below (or has its first column empty under a filled one,
closer than the table's rows are apart), continues that row's cells (`_continues`).

Text turned by 90° or 270° (a `ReadDirection`/`Direction`, a CTM turning the baseline down or up
the page, or characters stacked one code each: a vertical caption in the margin, a turned header)
was placed by its unturned position and cut into the lines around it. Each run now records its
angle and its position in its own upright frame (`_upright`); the page is read in the frame most of
its characters read in, so a landscape table turned on a portrait page reads as if upright (its
ruling lines turned too), and text turned another way is read as its own lines after the page's.

Paths are resolved as the standard says: relative to the folder of the file that names them, or
from the package root when they start with `/`. Only the first `DocBody` is read (a warning says
when there are more). A template page (`TemplatePage`, often the red header band with the issuing
office's name) is read on the first page that uses it, its text placed by position among the
page's own, and left out of later pages: the header is part of the document's head (the issuer),
but repeated on every page it would break the body's lines mid-sentence like a PDF's running header.

The package is checked as a .docx is (`loaders.package`): size from the zip directory, every XML
part through a parser that resolves no entities and refuses a DTD, elements counted over all
parts. Not an OFD (not a zip at all) is E026, damaged E027 (however `zipfile` fails on a damaged
directory: `package.zip_damage`), encrypted (an `Encryptions` entry or encrypted zip
entries) E028. A page with no text but an image (a scan) is read by OCR when rapidocr is there;
JBIG2 images (`.jb2`) cannot be decoded by Pillow and are skipped with a warning; no text at all
is E029.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from lxml import etree

from duban.base.errors import DubanError, E
from duban.base.limits import Limits, current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.package import check_sizes, whole_part, zip_damage

EXTRACTOR = "ofd"
# Baselines within this share of the font size are one line (a layout tool's jitter, sub-pixel
# rounding of per-character codes).
_BASELINE = 0.35
# A gap between runs wider than this many font sizes is a space; wider than `_CELL_GAP` a possible
# cell boundary (a table column or a tab stop).
_SPACE_GAP = 0.6
_CELL_GAP = 1.5
# Column starts within this many font sizes line up.
_COLUMN = 1.0
# A line this many font sizes or less below a table row's latest line, inside its columns, is a
# wrapped line of its cells; a line as far below as the table's rows are from each other (this
# share of their smallest pitch) starts a row of its own.
_WRAP = 1.7
_SAME_ROW = 0.9
# Ruling lines (mm): a segment at most `_RULE_THIN` off straight and at least `_RULE_LONG` long is a
# border; borders within `_RULE_TOL` of each other or a band's edge meet; a band taller than
# `_BAND_HIGH` is not a table row.
_RULE_THIN = 0.6
# Characters stacked one code each, at most this many font sizes apart, are a vertical line.
_STACKED = 1.5
_RULE_LONG = 2.0
_RULE_TOL = 1.0
_BAND_HIGH = 120.0
_WIDE = re.compile(
    "[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_IMAGE_FORMATS = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".gif"}


@dataclass
class _Run:
    """A text code placed on the page: its left edge, right edge, baseline and font size (mm)."""

    x: float
    end: float
    y: float
    size: float
    text: str
    # 0 for horizontal text; 90 or 270 when it reads down or up the page, its x/end/y then in that
    # text's own upright frame (`_upright`)
    angle: int = 0


Segment = tuple[float, float, float, float]


@dataclass
class _Page:
    number: int
    runs: list[_Run] = field(default_factory=list)
    rules: list[Segment] = field(default_factory=list)  # straight path segments, page coordinates
    images: list[tuple[float, str]] = field(default_factory=list)  # (area, resource ID)


def load_ofd(path: Path, source: str) -> RawDocument:
    """Read an OFD into one page of text per OFD page; a catalogued error naming the file when it
    is not an OFD, damaged, encrypted or holds no text."""
    limits = current()
    with zip_damage(source, E.OFD_CORRUPT):
        try:
            package = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise DubanError(E.OFD_NOT_OFD, path=source, detail=_not_zip(path)) from exc
        with package:
            return _Reader(package, source, limits).read()


def _not_zip(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return "实际是 PDF 文件，请把扩展名改为 .pdf"
    return "不是 zip 压缩包"


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Child elements by local name: writers differ in namespace prefixes (and a few omit it)."""
    return (child for child in element if _local(child) == name)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next(_children(element, name), None)


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _number(token: str) -> float | None:
    try:
        return float(token)
    except ValueError:
        return None


def _numbers(value: str | None) -> list[float]:
    """A space-separated list of numbers (ST_Array); what does not parse is dropped."""
    found = (_number(token) for token in (value or "").replace(",", " ").split())
    return [number for number in found if number is not None]


def _deltas(value: str | None) -> list[float]:
    """DeltaX/DeltaY with the standard's `g N d` shorthand (N advances of d) expanded."""
    tokens = (value or "").split()
    out: list[float] = []
    index = 0
    while index < len(tokens):
        if tokens[index] == "g" and index + 2 < len(tokens):
            count, step = _number(tokens[index + 1]), _number(tokens[index + 2])
            if count is not None and step is not None and math.isfinite(count):
                out.extend([step] * min(int(count), 100_000))
            index += 3
            continue
        number = _number(tokens[index])
        if number is not None:
            out.append(number)
        index += 1
    return out


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


class _Reader:
    """Reads one package: parts on demand (each checked and counted), then each page's runs."""

    def __init__(self, package: zipfile.ZipFile, source: str, limits: Limits) -> None:
        self.package = package
        self.source = source
        self.limits = limits
        self.warnings: list[str] = []
        self.elements = 0
        self.names = {info.filename.lstrip("/"): info.filename for info in package.infolist()}
        self.folded = {name.lower(): real for name, real in self.names.items()}
        self.media: dict[str, str] = {}  # MultiMedia ID → part name
        self.templates: dict[str, str] = {}  # TemplatePage ID → part name
        self.templates_read: set[str] = set()

    # -- parts -------------------------------------------------------------------------------

    def resolve(self, referrer: str, loc: str) -> str:
        """ST_Loc: from the package root when absolute, else from the referring file's folder."""
        loc = loc.strip().replace("\\", "/")
        joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(referrer), loc)
        normal = posixpath.normpath(joined) if joined else ""
        return "" if normal == "." else normal

    def find(self, name: str) -> str | None:
        return self.names.get(name) or self.folded.get(name.lower())

    def data(self, name: str) -> bytes:
        real = self.find(name)
        if real is None:
            raise DubanError(E.OFD_CORRUPT, path=self.source, detail=f"缺少部件 {name}")
        return self.package.read(real)

    def xml(self, name: str) -> etree._Element:
        root, self.elements = whole_part(
            self.package,
            self.find(name),
            name,
            self.source,
            self.limits,
            what="OFD",
            corrupt=E.OFD_CORRUPT,
            counted=self.elements,
        )
        return root

    # -- document ----------------------------------------------------------------------------

    def read(self) -> RawDocument:
        check_sizes(self.package, self.source, self.limits, "OFD")
        if self.find("OFD.xml") is None:
            raise DubanError(E.OFD_NOT_OFD, path=self.source, detail="zip 包中没有 OFD.xml 入口文件")
        if any(info.flag_bits & 0x1 for info in self.package.infolist()):
            raise DubanError(E.OFD_ENCRYPTED, path=self.source, detail="压缩包条目已加密")
        entry = self.xml("OFD.xml")
        bodies = list(_children(entry, "DocBody"))
        if not bodies:
            raise DubanError(E.OFD_CORRUPT, path=self.source, detail="OFD.xml 中没有 DocBody")
        if len(bodies) > 1:
            self.warnings.append(f"{self.source}：OFD 文件包含 {len(bodies)} 个文档，只读取了第一个")
        body = bodies[0]
        root = _text(_child(body, "DocRoot"))
        if not root:
            raise DubanError(E.OFD_CORRUPT, path=self.source, detail="DocBody 中没有 DocRoot")
        document_name = self.resolve("OFD.xml", root)
        document = self.xml(document_name)
        if self._encrypted(body, document):
            raise DubanError(E.OFD_ENCRYPTED, path=self.source, detail="包含 Encryptions 加密描述")
        common = _child(document, "CommonData")
        if common is not None:
            self._resources(common, document_name)
        pages_element = _child(document, "Pages")
        entries = list(_children(pages_element, "Page")) if pages_element is not None else []
        if not entries:
            raise DubanError(E.OFD_CORRUPT, path=self.source, detail=f"{document_name} 中没有页面")
        pages = [self._page(number, entry, document_name) for number, entry in enumerate(entries, 1)]
        return _document(self, pages)

    def _encrypted(self, body: etree._Element, document: etree._Element) -> bool:
        """An `Encryptions` entry in the entry file or the document, or an encryption part."""
        for element in (body, document):
            if any(_local(node) == "Encryptions" for node in element.iter()):
                return True
        return any(posixpath.basename(name).lower().startswith("encryption") for name in self.names)

    def _resources(self, common: etree._Element, document_name: str) -> None:
        """Image resources (MultiMedia) of PublicRes and DocumentRes, and the template pages."""
        for kind in ("PublicRes", "DocumentRes"):
            for element in _children(common, kind):
                name = self.resolve(document_name, _text(element))
                if self.find(name) is None:
                    self.warnings.append(f"{self.source}：缺少资源文件 {name}")
                    continue
                self._media(self.xml(name), name)
        for template in _children(common, "TemplatePage"):
            loc = template.get("BaseLoc")
            if template.get("ID") and loc:
                self.templates[template.get("ID", "")] = self.resolve(document_name, loc)

    def _media(self, res: etree._Element, res_name: str) -> None:
        base = res.get("BaseLoc", "")
        folder = self.resolve(res_name, base) if base else posixpath.dirname(res_name)
        for media in res.iter():
            if _local(media) != "MultiMedia" or not media.get("ID"):
                continue
            file = _text(_child(media, "MediaFile"))
            if file:
                anchor = posixpath.join(folder, "_") if folder else "_"
                self.media[media.get("ID", "")] = self.resolve(anchor, file)

    # -- pages -------------------------------------------------------------------------------

    def _page(self, number: int, entry: etree._Element, document_name: str) -> _Page:
        page = _Page(number)
        loc = entry.get("BaseLoc")
        if not loc:
            raise DubanError(E.OFD_CORRUPT, path=self.source, detail=f"第 {number} 页没有 BaseLoc")
        name = self.resolve(document_name, loc)
        content = self.xml(name)
        for resource in _children(content, "PageRes"):
            res_name = self.resolve(name, _text(resource))
            if self.find(res_name) is not None:
                self._media(self.xml(res_name), res_name)
        for template in _children(content, "Template"):
            template_id = template.get("TemplateID", "")
            template_name = self.templates.get(template_id)
            if template_name is None or template_id in self.templates_read:
                continue
            self.templates_read.add(template_id)
            layers = _child(self.xml(template_name), "Content")
            if layers is not None:
                self._objects(layers, page, _IDENTITY)
        layers = _child(content, "Content")
        if layers is not None:
            self._objects(layers, page, _IDENTITY)
        return page

    def _objects(self, parent: etree._Element, page: _Page, outer: Matrix) -> None:
        """Text and image objects of layers and page blocks, nested to any depth."""
        for element in parent:
            kind = _local(element)
            if kind in ("Layer", "PageBlock"):
                self._objects(element, page, outer)
            elif kind == "TextObject":
                page.runs.extend(self._text_object(element, outer))
            elif kind == "PathObject":
                page.rules.extend(_path_segments(element, outer))
            elif kind == "ImageObject" and element.get("ResourceID"):
                box = _numbers(element.get("Boundary"))
                area = box[2] * box[3] if len(box) == 4 else 0.0
                page.images.append((area, element.get("ResourceID", "")))
            elif kind == "CompositeObject":
                continue  # vector compositions (logos, seals): no text

    def _text_object(self, element: etree._Element, outer: Matrix) -> Iterator[_Run]:
        box = _numbers(element.get("Boundary"))
        left, top = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        ctm = _numbers(element.get("CTM"))
        local: Matrix = (ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]) if len(ctm) == 6 else _IDENTITY
        scale = math.sqrt(abs(local[0] * local[3] - local[1] * local[2])) or 1.0
        # `Size` as the standard spells it; one converter writes `size`
        size = (_numbers(element.get("Size") or element.get("size")) or [3.5])[0] * scale
        codes = list(_children(element, "TextCode"))
        down = _reads_down(element, codes, size / scale)

        def place(px: float, py: float) -> tuple[float, float]:
            qx, qy = _apply(local, px, py)
            return _apply(outer, qx + left, qy + top)

        # the way the object's baseline runs on the page, the same for all its codes
        turned = _angle(place(0.0, 0.0), place(1.0, 0.0))
        x = y = 0.0
        for code in codes:
            text = code.text or ""
            x = (_numbers(code.get("X")) or [x])[0]
            y = (_numbers(code.get("Y")) or [y])[0]
            vertical = down != 0 or (
                len(text) > 1 and code.get("DeltaY") is not None and code.get("DeltaX") is None
            )
            deltas = _deltas(code.get("DeltaY") if vertical and code.get("DeltaY") else code.get("DeltaX"))
            advance = 0.0
            for index, char in enumerate(text[:-1]):
                advance += deltas[index] if index < len(deltas) else _width(char, size / scale)
            length = advance + (_width(text[-1], size / scale) if text else 0.0)
            if vertical:
                # characters stacked down (or up) the page: the pen moves along Y
                step = -length if down == 270 else length
                start, finish = place(x, y), place(x, y + step)
                if text.strip():
                    yield _turned(start, finish, size, text, 270 if down == 270 else 90)
                y += step
                continue
            end_x = x + length
            if turned and text.strip():
                yield _turned(place(x, y), place(end_x, y), size, text, turned)
                x = end_x
                continue
            (x0, y0) = _apply(local, x, y)
            (x1, _) = _apply(local, end_x, y)
            (x0, y0), (x1, _) = _apply(outer, x0 + left, y0 + top), _apply(outer, x1 + left, y0 + top)
            if text.strip():
                yield _Run(min(x0, x1), max(x0, x1), y0, size, text)
            x = end_x


def _reads_down(element: etree._Element, codes: list[etree._Element], size: float) -> int:
    """90 when a text object reads down the page, 270 up, else 0: its `ReadDirection` (or
    `Direction`; `CharDirection` when it is the only one), or its characters stacked one code each
    at the same X, each at most `_STACKED` font sizes below the last, as a vertical caption is
    written (numbers set a row apart in one object, a table's 序号 column, are not a caption)."""
    for name in ("ReadDirection", "Direction", "CharDirection"):
        value = _numbers(element.get(name)) if element.get(name) else None
        if value and math.isfinite(value[0]):
            turn = round(value[0]) % 360
            return turn if turn in (90, 270) else 0
    if len(codes) >= 2 and all(len((code.text or "").strip()) == 1 for code in codes):
        xs = [_numbers(code.get("X")) for code in codes]
        ys = [_numbers(code.get("Y")) for code in codes]
        same_x = all(xs) and all(ys) and len({round(x[0], 1) for x in xs}) == 1
        if same_x and all(0 < b[0] - a[0] <= _STACKED * size for a, b in pairwise(ys)):
            return 90
    return 0


def _angle(start: tuple[float, float], finish: tuple[float, float]) -> int:
    """90 or 270 when the baseline from `start` to `finish` runs down or up the page (within
    10°), else 0: text turned any other way keeps the horizontal reading it always had."""
    dx, dy = finish[0] - start[0], finish[1] - start[1]
    if math.hypot(dx, dy) < 1e-6:
        return 0
    degrees = math.degrees(math.atan2(dy, dx)) % 360
    for turn in (90, 270):
        if abs(degrees - turn) <= 10:
            return turn
    return 0


def _upright(angle: int, x: float, y: float) -> tuple[float, float]:
    """A page point in the frame of text turned by `angle`: its baseline along +x, its next line
    at larger y (lines of text reading down the page follow each other leftwards)."""
    if angle == 90:
        return y, -x
    if angle == 270:
        return -y, x
    return x, y


def _turned(
    start: tuple[float, float], finish: tuple[float, float], size: float, text: str, angle: int
) -> _Run:
    (x0, y0), (x1, _) = _upright(angle, *start), _upright(angle, *finish)
    return _Run(min(x0, x1), max(x0, x1), y0, size, text, angle)


def _path_segments(element: etree._Element, outer: Matrix) -> Iterator[Segment]:
    """The straight segments a path draws (`AbbreviatedData`: M/S move, L line, C close; curves
    only move the pen), in page coordinates: a table's ruling lines and cell boxes."""
    box = _numbers(element.get("Boundary"))
    left, top = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    ctm = _numbers(element.get("CTM"))
    local: Matrix = (ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]) if len(ctm) == 6 else _IDENTITY
    data = _child(element, "AbbreviatedData")
    tokens = _text(data).split()
    arity = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    pen = first = (0.0, 0.0)
    index = 0
    while index < len(tokens):
        command = tokens[index]
        count = arity.get(command)
        if count is None:
            index += 1
            continue
        values = [_number(token) for token in tokens[index + 1 : index + 1 + count]]
        index += 1 + count
        if len(values) < count or any(value is None for value in values):
            break
        numbers = [value for value in values if value is not None]
        if command == "C":
            target = first
        else:
            qx, qy = _apply(local, numbers[-2], numbers[-1])
            target = _apply(outer, qx + left, qy + top)
        if command in ("L", "C"):
            yield (pen[0], pen[1], target[0], target[1])
        if command in ("M", "S"):
            first = target
        pen = target


def _width(char: str, size: float) -> float:
    """A character's advance when DeltaX does not give it: full width for CJK, half otherwise."""
    return size if _WIDE.match(char) else size * 0.5


# -- lines ---------------------------------------------------------------------------------------


def _rows(runs: list[_Run]) -> list[list[_Run]]:
    """Runs grouped by baseline (within `_BASELINE` of the font size), top to bottom, each row
    ordered left to right."""
    rows: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if rows:
            last = rows[-1]
            anchor = sum(r.y for r in last) / len(last)
            if abs(run.y - anchor) <= _BASELINE * max(run.size, last[0].size):
                last.append(run)
                continue
        rows.append([run])
    return [sorted(row, key=lambda r: r.x) for row in rows]


def _segments(row: list[_Run]) -> list[list[_Run]]:
    """A row split where the gap between runs is wider than `_CELL_GAP` font sizes."""
    segments: list[list[_Run]] = [[row[0]]]
    for previous, run in pairwise(row):
        if run.x - previous.end > _CELL_GAP * max(run.size, previous.size):
            segments.append([run])
        else:
            segments[-1].append(run)
    return segments


def _join(runs: list[_Run]) -> str:
    """The text of runs on one line: no space between CJK runs, a space where the gap is wide or
    two Latin words or numbers meet without one."""
    out = runs[0].text
    for previous, run in pairwise(runs):
        gap = run.x - previous.end
        if gap > _SPACE_GAP * max(run.size, previous.size) and not out.endswith(" "):
            out += " "
        out += run.text
    return out.strip()


def _aligned(a: list[float], b: list[float], size: float) -> bool:
    """Whether two rows' column starts are the same columns (same count, each within `_COLUMN`)."""
    return len(a) == len(b) and all(abs(x - y) <= _COLUMN * size for x, y in zip(a, b, strict=True))


@dataclass
class _Band:
    """A table row drawn by ruling lines: between two horizontal borders, cells between the
    column borders `xs`."""

    top: float
    bottom: float
    xs: list[float]


def _merge(values: list[float], within: float) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > within:
            out.append(value)
    return out


def _grid(rules: list[Segment]) -> list[_Band]:
    """The rows a table's ruling lines draw: two horizontal borders one above the other with at
    least three column borders (two cells) crossing the whole band between them. A lone line (the
    red rule under the header, a signature line) or a frame around one box is not a table."""
    flat: dict[float, list[float]] = {}
    upright: list[tuple[float, float, float]] = []
    for x0, y0, x1, y1 in rules:
        if abs(y1 - y0) <= _RULE_THIN and abs(x1 - x0) >= _RULE_LONG:
            flat.setdefault(round((y0 + y1) / 2, 1), []).extend([min(x0, x1), max(x0, x1)])
        elif abs(x1 - x0) <= _RULE_THIN and abs(y1 - y0) >= _RULE_LONG:
            upright.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    lines: list[tuple[float, float, float]] = []
    for y in sorted(flat):
        if lines and y - lines[-1][0] <= _RULE_THIN:
            last = lines[-1]
            lines[-1] = (last[0], min(last[1], *flat[y]), max(last[2], *flat[y]))
        else:
            lines.append((y, min(flat[y]), max(flat[y])))
    bands: list[_Band] = []
    for (top, a0, a1), (bottom, b0, b1) in pairwise(lines):
        left, right = max(a0, b0), min(a1, b1)
        if bottom - top > _BAND_HIGH or right - left < _RULE_LONG:
            continue
        xs = [
            x
            for x, y0, y1 in upright
            if y0 <= top + _RULE_TOL
            and y1 >= bottom - _RULE_TOL
            and left - _RULE_TOL <= x <= right + _RULE_TOL
        ]
        xs = _merge([left, *xs, right], _RULE_TOL)
        if len(xs) >= 3:
            bands.append(_Band(top, bottom, xs))
    return bands


def _band_cells(band: _Band, runs: list[_Run]) -> list[str]:
    """A ruled row's cells: each the lines inside its box, joined as one value (`cell_text`)."""
    boxes: list[list[_Run]] = [[] for _ in band.xs[1:]]
    for run in runs:
        middle = (run.x + run.end) / 2
        column = max(0, min(len(boxes) - 1, sum(1 for x in band.xs[1:-1] if middle >= x)))
        boxes[column].append(run)
    return [cell_text("\n".join(_join(row) for row in _rows(box))) if box else "" for box in boxes]


@dataclass
class _Open:
    """The table row being read from aligned columns: its cells' lines, column starts, the
    baselines of its first and latest line."""

    cells: list[list[str]]
    starts: list[float]
    first: float
    last: float
    table: int
    line: int

    def texts(self) -> list[str]:
        return [cell_text("\n".join(parts)) for parts in self.cells]


def _continues(row: _Open, split: list[list[_Run]], y: float, size: float, pitch: float | None) -> bool:
    """Whether a line continues the open table row's wrapped cells: each of its pieces inside one
    column of that row (not a full row of its own), and either as close below as a wrapped line
    (`_WRAP` font sizes) or, with the first column empty under a filled one, closer than the
    table's rows are to each other."""
    if len(split) >= len(row.starts):
        return False
    tolerance = _COLUMN * size
    columns: list[int] = []
    for segment in split:
        start, end = segment[0].x, segment[-1].end
        column = max((k for k, x in enumerate(row.starts) if start >= x - tolerance), default=-1)
        if column < 0 or (column + 1 < len(row.starts) and end > row.starts[column + 1]):
            return False
        if columns and column <= columns[-1]:
            return False
        columns.append(column)
    gap = y - row.last
    if gap <= 0 or (pitch is not None and gap >= _SAME_ROW * pitch):
        return False
    if gap <= _WRAP * size:
        return True
    return columns[0] > 0 and bool(row.cells[0]) and pitch is not None


def _lines(runs: list[_Run], rules: list[Segment] | None = None) -> tuple[list[str], list[list[list[str]]]]:
    """A page's lines and tables. A row split into two or more segments by wide gaps is a table row
    only when the row above or below is split into the same columns: one wide gap alone (a name
    and a date on one line, a tab stop) is a space, not a cell boundary. Where ruling lines draw
    the table, its rows are the bands between them (`_grid`), whatever the lines of text inside;
    where none are drawn, a line whose pieces fall inside the columns of the row above continues
    that row's wrapped cells (`_continues`)."""
    bands = _grid(rules) if rules else []
    banded: list[list[_Run]] = [[] for _ in bands]
    rest: list[_Run] = []
    for run in runs:
        middle = (run.x + run.end) / 2
        owner = next(
            (
                index
                for index, band in enumerate(bands)
                if band.top < run.y <= band.bottom and band.xs[0] <= middle <= band.xs[-1]
            ),
            None,
        )
        (banded[owner] if owner is not None else rest).append(run)
    rows = _rows(rest)
    splits = [_segments(row) for row in rows]
    starts = [[segment[0].x for segment in split] for split in splits]
    size = [max(run.size for run in row) for row in rows]
    baseline = [sum(run.y for run in row) / len(row) for row in rows]
    is_cells = []
    for index, split in enumerate(splits):
        neighbours = [n for n in (index - 1, index + 1) if 0 <= n < len(rows)]
        is_cells.append(
            len(split) >= 2 and any(_aligned(starts[index], starts[n], size[index]) for n in neighbours)
        )
    order = sorted(
        [(baseline[index], 0, index) for index in range(len(rows))]
        + [(band.top, 1, index) for index, band in enumerate(bands) if banded[index]]
    )
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    in_table = False
    current: _Open | None = None
    pitch: float | None = None
    for y, is_band, index in order:
        if is_band:
            cells = _band_cells(bands[index], banded[index])
            if not in_table:
                tables.append([])
            tables[-1].append(cells)
            lines.append(row_line(cells))
            in_table, current = True, None
            continue
        split = splits[index]
        aligned = current is not None and _aligned(current.starts, starts[index], size[index])
        if current is not None and not aligned and _continues(current, split, y, size[index], pitch):
            for segment in split:
                column = max(
                    k for k, x in enumerate(current.starts) if segment[0].x >= x - _COLUMN * size[index]
                )
                current.cells[column].append(_join(segment))
            current.last = y
            tables[current.table][-1] = current.texts()
            lines[current.line] = row_line(current.texts())
            continue
        if not (is_cells[index] or (len(split) >= 2 and aligned)):
            lines.append(_join(rows[index]))
            in_table, current = False, None
            continue
        if current is not None:
            gap = y - current.first
            pitch = gap if pitch is None else min(pitch, gap)
        cells = [_join(segment) for segment in split]
        if not in_table:
            tables.append([])
            pitch = None
        tables[-1].append(cells)
        lines.append(row_line(cells))
        current = _Open([[cell] for cell in cells], starts[index], y, y, len(tables) - 1, len(lines) - 1)
        in_table = True
    return lines, tables


def _frame(page: _Page) -> int:
    """The way most of a page's text reads: 0, or 90/270 for a page turned for a landscape table."""
    counts: dict[int, int] = {}
    for run in page.runs:
        counts[run.angle] = counts.get(run.angle, 0) + len(run.text)
    return max(counts, key=lambda angle: (counts[angle], angle == 0)) if counts else 0


def _page_lines(page: _Page) -> tuple[list[str], list[list[list[str]]]]:
    """The page read in the frame most of its text reads in (a turned page as if upright, with its
    ruling lines turned too); text turned another way (a vertical caption, a turned header) read as
    its own lines after it, so it does not break the rows of the rest."""
    frame = _frame(page)
    rules = [(*_upright(frame, x0, y0), *_upright(frame, x1, y1)) for x0, y0, x1, y1 in page.rules]
    lines, tables = _lines([run for run in page.runs if run.angle == frame], rules)
    for angle in sorted({run.angle for run in page.runs} - {frame}):
        more, more_tables = _lines([run for run in page.runs if run.angle == angle])
        lines += more
        tables += more_tables
    return lines, tables


# -- pages to the document -----------------------------------------------------------------------


def _finish_page(reader: _Reader, page: _Page) -> RawPage:
    lines, tables = _page_lines(page) if page.runs else ([], [])
    if lines:
        return RawPage(page.number, "\n".join(lines), EXTRACTOR, tables=tables)
    if page.images:
        return _ocr_page(reader, page)
    return RawPage(page.number, "", EXTRACTOR)


def _ocr_page(reader: _Reader, page: _Page) -> RawPage:
    """A page of images only (a scan): its largest image read by OCR when rapidocr is there."""
    from duban.pipeline.loaders.ocr import ocr_available

    _, resource = max(page.images)
    name = reader.media.get(resource)
    if name is None or reader.find(name) is None:
        reader.warnings.append(f"{reader.source}：第 {page.number} 页的图像资源 {resource} 缺失，未识别")
        return RawPage(page.number, "", EXTRACTOR)
    suffix = posixpath.splitext(name)[1].lower()
    if suffix not in _IMAGE_FORMATS:
        reader.warnings.append(
            f"{reader.source}：第 {page.number} 页是 {suffix.lstrip('.').upper() or '未知'} 格式的扫描图像"
            "（如 JBIG2），无法解码，未识别"
        )
        return RawPage(page.number, "", EXTRACTOR)
    if not ocr_available():
        return RawPage(page.number, "", EXTRACTOR)
    return _recognise(reader, page.number, name)


def _recognise(reader: _Reader, number: int, name: str) -> RawPage:
    from PIL import Image, UnidentifiedImageError

    from duban.pipeline.loaders.ocr import bgr, ocr_page

    try:
        with Image.open(io.BytesIO(reader.data(name))) as image:
            pixels = bgr(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        reader.warnings.append(
            f"{reader.source}：第 {number} 页的图像无法解码（{type(exc).__name__}），未识别"
        )
        return RawPage(number, "", EXTRACTOR)
    return ocr_page(number, pixels, reader.source)


def _document(self: _Reader, pages: list[_Page]) -> RawDocument:
    """The pages' text (OCR for scanned pages, within the OCR page limit); E029 if none has any."""
    limit = self.limits.ocr_max_pages
    out: list[RawPage] = []
    recognised = 0
    for page in pages:
        if not page.runs and page.images and limit and recognised >= limit:
            out.append(RawPage(page.number, "", EXTRACTOR))
            continue
        raw = _finish_page(self, page)
        recognised += raw.extractor != EXTRACTOR
        out.append(raw)
    if recognised:
        self.warnings.insert(
            0, f"{self.source}：{recognised} 页是扫描图像，已用 OCR 识别；识别文字可能有错，请核对原件"
        )
    if not any(page.text.strip() for page in out):
        scanned = sum(1 for page in pages if page.images and not page.runs)
        detail = f"{len(pages)} 页中 {scanned} 页只有图像" if scanned else f"{len(pages)} 页都没有文字"
        raise DubanError(E.OFD_NO_TEXT, path=self.source, detail=detail)
    return RawDocument(source=self.source, format="ofd", pages=out, warnings=self.warnings)
