"""Office Open XML's other kinds of the same packages are read as their plain twins.

Staff receive Word's macro-enabled documents and templates (.docm, .dotx, .dotm), PowerPoint's
slide shows and templates (.ppsx, .ppsm, .potx: a slide show is a common way a deck is sent) and
Excel's templates (.xltx, .xltm). Each is the plain package with another content type on its main
part, so each is made here from a plain one by rewriting that content type in
`[Content_Types].xml`, and must read with the same text; macros are never run nor kept.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, readable_type, unsupported_remedy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORD = FIXTURES / "docx" / "boxes.docx"
DECK = FIXTURES / "pptx" / "report.pptx"
MAIN = rb'(PartName="/(?:word/document|ppt/presentation|xl/workbook)\.xml" ContentType=")[^"]+'
TYPES = {
    ".docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    ".dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ".dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    ".ppsx": "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    ".ppsm": "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    ".potx": "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    ".xltx": "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    ".xltm": "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
# A macro part as a .docm carries it (bytes that are never run: not a real VBA project).
VBA_REL = (
    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"'
    b' Target="vbaProject.bin"/></Relationships>'
)


def retyped(plain: Path, path: Path, *, macros: bool = False) -> Path:
    """`plain` with its main part's content type that of `path`'s suffix (`TYPES`), and with a
    macro part related to the Word body when `macros`."""
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data, count = re.subn(MAIN, rb"\g<1>" + TYPES[path.suffix].encode(), data)
                assert count == 1
                if macros:
                    vba = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    data = data.replace(b"</Types>", vba + b"</Types>")
            elif macros and info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", VBA_REL)
            out.writestr(info, data)
        if macros:
            out.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real macro project")
    return path


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工作任务", "责任单位", "完成时限"])
    sheet.append(["完成城区排水管网清淤", "县住建局", "2026年6月15日前"])
    book.save(str(path))
    return path


def texts(path: Path) -> list[str]:
    return [page.text for page in load(path).pages]


@pytest.mark.parametrize("suffix", [".docm", ".dotx", ".dotm"])
def test_word_macro_and_template_files_read_as_the_docx(tmp_path: Path, suffix: str) -> None:
    path = retyped(WORD, tmp_path / f"通知{suffix}", macros=suffix.endswith("m"))
    assert readable_type(path)
    document = load(path)
    assert document.format == "docx" and document.warnings == []
    assert texts(path) == texts(WORD)


@pytest.mark.parametrize("suffix", [".ppsx", ".ppsm", ".potx"])
def test_slide_shows_and_templates_read_as_the_pptx(tmp_path: Path, suffix: str) -> None:
    path = retyped(DECK, tmp_path / f"汇报{suffix}")
    assert readable_type(path)
    assert texts(path) == texts(DECK)


@pytest.mark.parametrize("suffix", [".xltx", ".xltm"])
def test_excel_templates_read_as_the_xlsx(tmp_path: Path, suffix: str) -> None:
    plain = workbook(tmp_path / "任务.xlsx")
    path = retyped(plain, tmp_path / f"任务{suffix}")
    assert readable_type(path)
    assert (
        texts(path)
        == texts(plain)
        == ["工作任务 | 责任单位 | 完成时限\n完成城区排水管网清淤 | 县住建局 | 2026年6月15日前"]
    )


def test_the_hint_names_the_new_types_and_wps_keeps_its_own() -> None:
    hint = unsupported_remedy(".xyz")
    assert all(suffix in hint for suffix in TYPES)
    assert "soffice" in unsupported_remedy(".wps")


def test_ingest_takes_a_folder_of_them(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    retyped(WORD, folder / "通知.docm", macros=True)
    retyped(WORD, folder / "通知模板.dotx")
    retyped(DECK, folder / "汇报.ppsx")
    retyped(workbook(tmp_path / "任务.xlsx"), folder / "任务.xltx")
    shutil.copyfile(WORD, folder / "损坏.dotm")
    with (folder / "损坏.dotm").open("r+b") as handle:
        handle.truncate(200)
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 4 and report.skipped == []
    assert [(Path(f.source).name, f.code) for f in report.failures] == [("损坏.dotm", "E020")]
    assert report.measures >= 3
