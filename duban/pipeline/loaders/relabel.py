"""What the loaders say of a file that is not what its name says, and of an exception they report.

Office systems and staff rename files: a `.doc` that is a `.docx`, a web page or a slide deck, an
`.xls` that is tab-separated text or a web page, a `.pptx` that is a Word file. Each loader that
finds one reads it with the right loader and says so in the same words (`relabelled`), so staff
meet one warning whatever the format; and each puts an exception into an error's detail the same
way (`error_detail`), short enough for a batch's summary. A web page is told by one sniff
(`looks_like_html`), and a zip under another format's name by the parts it holds
(`office_package`) and a compound file by its streams (`office_compound`).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from duban.base.model import RawDocument

_HTML_TAGS = (b"<html", b"<!doctype html", b"<body", b"<meta ", b"<table")


def looks_like_html(head: bytes, also: tuple[bytes, ...] = ()) -> bool:
    """Whether a file's first bytes, lower-cased, are a web page's (a tag a page opens with, or one of
    `also`): what office systems export under a Word or Excel name is most often one."""
    return any(tag in head for tag in (*_HTML_TAGS, *also))


def spaced(what: str) -> str:
    """A name that starts with a Latin word is set off from the Chinese before it by a space."""
    return f" {what}" if what[:1].isascii() else what


def relabelled(document: RawDocument, source: str, suffix: str, what: str) -> RawDocument:
    """`document`, read by another loader than its name asks for, with a warning first that its
    name says otherwise."""
    document.warnings.insert(0, f"{source}：扩展名为“{suffix}”，实际是{spaced(what)}，已按{spaced(what)}读取")
    return document


def error_detail(exc: BaseException) -> str:
    """An exception as an error's detail: its type and message, at most 200 characters."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def damaged_detail(exc: BaseException) -> str:
    """A damaged file's error detail: Chinese first, the library's exception (`error_detail`) as
    its technical tail, which staff pass on with the file; the message alone would be English."""
    return f"文件结构损坏：{error_detail(exc)}"


def office_package(path: Path, source: str, suffix: str, names: Collection[str]) -> RawDocument | None:
    """A zip under another format's name (`names`: its members) that is a Word, Excel or
    PowerPoint package, read by that loader with `relabelled`'s warning, or an OpenDocument file,
    read by its loader (which warns itself); None for any other zip, which each caller names."""
    if "word/document.xml" in names:
        from duban.pipeline.loaders.docx import load_docx

        return relabelled(load_docx(path, source), source, suffix, ".docx 文件")
    if "xl/workbook.xml" in names:
        from duban.pipeline.loaders.sheet import load_sheet

        return relabelled(load_sheet(path, source), source, suffix, "Excel 表格（.xlsx）")
    if "ppt/presentation.xml" in names:
        from duban.pipeline.loaders.pptx import load_pptx

        return relabelled(load_pptx(path, source), source, suffix, "PowerPoint 演示文稿（.pptx）")
    if "content.xml" in names:
        from duban.pipeline.loaders.odf import load_odf

        return load_odf(path, source)
    return None


def office_compound(path: Path, source: str, suffix: str, names: Collection[str]) -> RawDocument | None:
    """A compound (OLE) file under another format's name (`names`: its streams) that is a Word,
    Excel or PowerPoint 97-2003 file, read by that loader with `relabelled`'s warning; None for any
    other (an encrypted Office package, WPS's own formats), which each caller names."""
    if "WordDocument" in names:
        from duban.pipeline.loaders.doc import load_doc

        return relabelled(load_doc(path, source), source, suffix, "Word 97-2003 文档（.doc）")
    if "Workbook" in names or "Book" in names:
        from duban.pipeline.loaders.sheet import load_sheet

        return relabelled(load_sheet(path, source), source, suffix, "Excel 97-2003 表格（.xls）")
    if "PowerPoint Document" in names:
        from duban.pipeline.loaders.ppt import load_ppt

        return relabelled(load_ppt(path, source), source, suffix, "PowerPoint 97-2003 演示文稿（.ppt）")
    return None
