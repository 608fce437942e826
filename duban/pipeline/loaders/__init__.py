"""Loaders turn a file into a `RawDocument` (pages of text); `load` picks one by file type.

`load` is where reading a file meets the operating system, so it turns every way the file itself
can fail (missing, empty, no permission, a folder in its place) into a catalogued error naming it.
A PDF without a usable text layer, and an image of a document, is read by OCR (rapidocr).

Each loader's module is imported when a file of its type is first read, not with this package:
walking a folder, naming an error or reading text files then never loads pypdfium2, lxml and the
PDF layout rules (about 0.4 s of CPU at each start of an ingest or extract run). An ingest's fork
server imports only the loaders of the file types in its batch (`ingest.loader_modules`).
"""

from __future__ import annotations

import errno
import importlib
import shutil
from collections.abc import Callable
from pathlib import Path

from duban.base.errors import DubanError, E
from duban.base.model import RawDocument
from duban.base.paths import readable
from duban.pipeline.loaders.ocr import IMAGE_SUFFIXES, load_pdf_ocr, ocr_available

Loader = Callable[[Path, str], RawDocument]

# The loader of each file type, as (module of this package, function): imported on first use.
LOADERS: dict[str, tuple[str, str]] = {
    ".pdf": ("pdf", "load_pdf"),
    ".txt": ("text", "load_text"),
    ".text": ("text", "load_text"),
    ".md": ("text", "load_text"),
    ".markdown": ("text", "load_text"),
    ".html": ("text", "load_html"),
    ".htm": ("text", "load_html"),
    ".mht": ("mhtml", "load_mhtml"),
    ".mhtml": ("mhtml", "load_mhtml"),
    ".docx": ("docx", "load_docx"),
    ".docm": ("docx", "load_docx"),  # macro-enabled, and the templates: the same package (`docx`)
    ".dotx": ("docx", "load_docx"),
    ".dotm": ("docx", "load_docx"),
    ".doc": ("doc", "load_doc"),
    ".dot": ("doc", "load_doc"),
    ".wps": ("doc", "load_doc"),
    ".wpt": ("doc", "load_doc"),
    ".ofd": ("ofd", "load_ofd"),
    ".rtf": ("rtf", "load_rtf"),
    ".xlsx": ("sheet", "load_sheet"),
    ".xlsm": ("sheet", "load_sheet"),
    ".xltx": ("sheet", "load_sheet"),
    ".xltm": ("sheet", "load_sheet"),
    ".xlsb": ("sheet", "load_sheet"),  # Excel's binary workbook: a zip read by `loaders.xlsb`
    ".xls": ("sheet", "load_sheet"),
    ".et": ("sheet", "load_sheet"),
    ".ett": ("sheet", "load_sheet"),  # WPS 表格's template: the same formats as .et
    ".csv": ("sheet", "load_sheet"),
    ".pptx": ("pptx", "load_pptx"),
    ".pptm": ("pptx", "load_pptx"),
    ".ppsx": ("pptx", "load_pptx"),  # slide shows and templates: the same package (`pptx`)
    ".ppsm": ("pptx", "load_pptx"),
    ".potx": ("pptx", "load_pptx"),
    ".ppt": ("ppt", "load_ppt"),
    ".pps": ("ppt", "load_ppt"),
    ".dps": ("ppt", "load_ppt"),  # a zip is handed to loaders.pptx, a binary deck read there
    ".dpt": ("uof", "load_dpt"),  # WPS 演示's template, read as a .dps is
    ".odt": ("odf", "load_odf"),
    ".ott": ("odf", "load_odf"),
    ".ods": ("odf", "load_odf"),
    ".odp": ("odf", "load_odf"),
    ".uot": ("uof", "load_uof"),  # UOF (统一办公文档格式, GB/T 20916): text, spreadsheet, slides
    ".uof": ("uof", "load_uof"),
    ".uos": ("uof", "load_uof"),
    ".uop": ("uof", "load_uof"),
}
# Scans and photos of documents, read by OCR when rapidocr is there (a default dependency; an
# install without it skips them with the hint to convert them, as it did before).
if ocr_available():
    LOADERS.update(dict.fromkeys(IMAGE_SUFFIXES, ("ocr", "load_image")))

SUPPORTED = tuple(LOADERS)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# Types read only when the file's first bytes are those of a format a loader reads: WPS writes
# Word's format (or .docx) under .wps by default, but older .wps files are in its own, which no
# loader reads; a WPS presentation (.dps) is read when saved as Office Open XML (a zip), as WPS does
# by default now, or in PowerPoint 97-2003's binary format (an OLE file); its own older format is
# skipped with the hint (an OLE .dps without a PowerPoint stream is told apart by `loaders.ppt`).
_READ_BY_HEAD: dict[str, tuple[bytes, ...]] = {
    ".wps": (OLE_MAGIC, _ZIP_MAGIC),
    ".wpt": (OLE_MAGIC, _ZIP_MAGIC),
    ".dps": (OLE_MAGIC, _ZIP_MAGIC),
    ".dpt": (OLE_MAGIC, _ZIP_MAGIC),
}


def readable_head(suffix: str, head: bytes) -> bool:
    """Whether a file of type `suffix` whose first 8 bytes are `head` is one a loader reads
    (always, but for the types read only in some formats: `_READ_BY_HEAD`)."""
    formats = _READ_BY_HEAD.get(suffix.lower())
    return formats is None or head.startswith(formats)


def readable_data(suffix: str, data: bytes) -> bool:
    """`readable_head` of a file whose bytes are at hand, and for a compound (OLE) `.dps` whether it
    holds a PowerPoint 97-2003 deck (or an encrypted .pptx package), read by `loaders.ppt`: one
    without is WPS's own older format, skipped with the hint as before."""
    if not readable_head(suffix, data[:8]):
        return False
    if suffix.lower() not in (".dps", ".dpt") or not data.startswith(OLE_MAGIC):
        return True
    import io

    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return bool(ole.exists("PowerPoint Document") or ole.exists("EncryptedPackage"))
    except Exception:  # a damaged file: reading it reports why (olefile fails in many ways)
        return True


def loader_for(suffix: str) -> Loader | None:
    """The loader of a file type (`.pdf`, any case), its module imported now; None if unsupported."""
    found = LOADERS.get(suffix.lower())
    if found is None:
        return None
    module, name = found
    loader: Loader = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return loader


def readable_type(path: Path) -> bool:
    """Whether a file found in a folder is one to read rather than skip with its type's hint: a
    type a loader reads and, for a .wps, .wpt, .dps or .dpt, one whose first bytes are of a format read
    (`readable_head`; a compound .dps: `readable_data`), so that WPS's own older files stay skipped
    with the hint to convert them."""
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        return False
    if suffix not in _READ_BY_HEAD:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            if suffix in (".dps", ".dpt") and head == OLE_MAGIC:  # a deck, or WPS's own older format
                return readable_data(suffix, head + handle.read())
    except OSError:
        return True  # reading it reports why it cannot be read
    return readable_head(suffix, head)


READS = ".pdf、.ofd、.txt、.md、.html、.htm、.mht、.docx（含 .docm、.dotx、.dotm）、.doc（含 .dot 及 Word 格式的 .wps）、.rtf、表格（.xlsx、.xlsm、.xltx、.xltm、.xlsb、.xls、.et、.ett、.csv）、演示文稿（.pptx、.pptm、.ppsx、.ppsm、.potx、.ppt、.pps，以及这两种格式的 .dps、.dpt）、OpenDocument（.odt、.ods、.odp）、UOF 1.0（.uot、.uos、.uop）、图片（.png、.jpg、.tif 等，文字识别），以及压缩包（.zip、.rar、.7z、.tar、.tar.gz）和邮件（.eml、.msg）中的这些文件"
# Word-like files duban does not read: their hint is to convert them to .docx. A .wps or .wpt is
# read when it is in Word's format (most are); one in WPS's own older format gets this hint.
# Word's macro-enabled and template packages (.docm, .dotx, .dotm) are read (`loaders.docx`).
_OFFICE = {".wps", ".wpt"}
_IMAGES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
# Phone photos in Apple's format (HEIC/HEIF, what iPhones save by default): no reader ships with duban
# (the decoders' licences), so they get the hint to send or save them as JPG.
_PHONE_PHOTOS = {".heic", ".heif"}
# Presentations are read in Office Open XML (`loaders.pptx`), PowerPoint 97-2003's binary format
# (`loaders.ppt`) and OpenDocument (`loaders.odf`), slide shows and templates too (.ppsx, .ppsm,
# .potx): WPS's own older .dps gets this hint.
_SLIDES = {".ppt", ".pptx", ".pptm", ".dps", ".dpt"}
_ARCHIVES = {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"}


def unsupported_remedy(suffix: str) -> str:
    """What to do with a file type duban does not read, in the words staff need."""
    suffix = suffix.lower()
    if suffix in _OFFICE:
        if shutil.which("soffice") or shutil.which("libreoffice"):
            return (
                "请先转换为 .docx：`soffice --headless --convert-to docx --outdir 输出文件夹 文件`，"
                "再处理转换后的文件。"
            )
        return (
            "请先转换为 .docx：在 WPS/Word 中“另存为 .docx”，或安装 LibreOffice 后运行 "
            "`soffice --headless --convert-to docx 文件`。"
        )
    if suffix in _IMAGES:
        if ocr_available():
            return "此类图片未处理；如是公文的扫描件或照片，请另存为 PNG 或 JPG 后再处理（duban 会识别其中的文字）。"
        return (
            "图片中的文字需要先识别：安装 OCR 组件（`pip install 'duban[ocr]'`）后 duban 会自动识别 PNG、"
            "JPG、TIFF；或将扫描件合成为 PDF 后用 `ocrmypdf -l chi_sim` 做文字识别。"
        )
    if suffix in _PHONE_PHOTOS:
        return (
            "苹果手机照片（HEIC 格式）未处理；请将照片另存为 JPG（例如在电脑上用“照片”应用导出为 JPG）后"
            "再处理，duban 会识别其中的文字。以后可在手机“设置 > 相机 > 格式”中选“兼容性最佳”，拍下的照片即为 JPG。"
        )
    if suffix in _SLIDES:
        return (
            "此格式的演示文稿未处理（duban 读取 .pptx 和 .ppt）；请在 PowerPoint/WPS 演示中另存为 .pptx，"
            "或导出为 PDF，再处理另存的文件。"
        )
    if suffix in _ARCHIVES:  # .zip, .rar, .7z, .tar(.gz) are read (`pipeline.archives`): a lone .gz etc.
        return "此类压缩文件未处理（duban 读取 .zip、.rar、.7z、.tar、.tar.gz、.tar.bz2、.tar.xz 中的文件）；请先解压，或重新打包为 .zip，再处理。"
    return f"duban 读取 {READS}；请将其转换为其中一种格式。"


def unsupported(path: Path, source: str | None = None) -> DubanError:
    """The E003 error for a file of a type no loader reads, with the hint for its type."""
    suffix = path.suffix or "（无扩展名）"
    return DubanError(
        E.UNSUPPORTED_FORMAT,
        path=source or readable(path),
        suffix=suffix,
        remedy=unsupported_remedy(path.suffix),
    )


def os_error(exc: OSError, source: str) -> DubanError:
    """A catalogued error for a failure of the operating system to read a file."""
    if exc.errno == errno.ENOENT:
        return DubanError(E.FILE_NOT_FOUND, path=source)
    reason = {
        errno.EACCES: "没有读取权限",
        errno.EPERM: "没有读取权限",
        errno.EISDIR: "这是文件夹",
        errno.EIO: "磁盘读取错误",
    }.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return DubanError(E.FILE_UNREADABLE, path=source, detail=reason)


def load(path: Path, source: str | None = None) -> RawDocument:
    """Read one file; raise a catalogued `DubanError` naming the file when it cannot be read."""
    source = source if source is not None else readable(path)
    try:
        if not path.exists():
            raise DubanError(E.FILE_NOT_FOUND, path=source)
        loader = loader_for(path.suffix)
        if loader is None:
            raise unsupported(path, source)
        if path.is_dir():
            raise DubanError(E.FILE_UNREADABLE, path=source, detail="这是文件夹")
        if path.stat().st_size == 0:
            raise DubanError(E.FILE_EMPTY, path=source)
        try:
            return loader(path, source)
        except DubanError as exc:
            if exc.kind in (E.PDF_NO_TEXT, E.PDF_UNTRUSTED) and ocr_available():
                return load_pdf_ocr(path, source)
            raise
    except OSError as exc:
        raise os_error(exc, source) from exc
