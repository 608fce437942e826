"""Presentations (.pptx, .pptm, WPS .dps in the same format) are read instead of skipped: each
shown slide a page, its title first and its shapes in reading order, tables as rows of
`cell | cell` with merges as the Word loaders read them, notes and hidden slides left out; a
progress report given as slides yields its progress statements and measures. Every way a deck
cannot be read is a catalogued error naming it (E032 damaged, E033 encrypted, E034 no text); binary
`.ppt`/`.dps` are `loaders.ppt`'s (tests/test_loader_ppt.py), and a binary deck or an `.odp` under a
`.pptx` name is read by its own loader with a warning.

The decks in tests/fixtures/pptx were written once with python-pptx (`make_fixtures.py` there;
not a dependency); the OLE files are the spreadsheet fixture with a stream renamed, as the
spreadsheet tests fake an encrypted workbook. The texts are our own."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, loader_for, readable_type, unsupported_remedy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pptx"
STRUCTURE = FIXTURES / "structure.pptx"
REPORT = FIXTURES / "report.pptx"
EMPTY = FIXTURES / "empty.pptx"
TASKS_XLS = Path(__file__).resolve().parent / "fixtures" / "sheet" / "tasks.xls"
runner = CliRunner()


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


def ole_with_stream(tmp_path: Path, name: str, stream: str) -> Path:
    """A compound file whose workbook stream is renamed `stream` (an encrypted Office file keeps
    its package in `EncryptedPackage`; a PowerPoint 97-2003 deck its slides in `PowerPoint Document`)."""
    data = bytearray(TASKS_XLS.read_bytes())
    at = data.index("Workbook".encode("utf-16-le") + b"\x00\x00")
    encoded = stream.encode("utf-16-le") + b"\x00\x00"
    data[at : at + len(encoded)] = encoded
    struct.pack_into("<H", data, at + 64, len(encoded))
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


def test_slides_are_pages_in_the_deck_order_with_the_title_first_and_shapes_by_position() -> None:
    document = load(STRUCTURE)
    assert document.format == "pptx" and document.warnings == []
    # slide1.xml is listed last in presentation.xml; the hidden fourth slide is left out, and the
    # pages keep the slides' own numbers.
    assert [page.number for page in document.pages] == [1, 2, 4, 5]
    texts = [page.text.splitlines() for page in document.pages]
    assert texts[0] == ["结构测试演示文稿", "某某办公室", "2026年3月"]  # a:br breaks the line
    assert texts[-1] == ["结束页", "谢谢各位"]
    # The title first though a text box sits above it; then top to bottom, left to right, the
    # group's two boxes placed among the rest; a field's text kept in its paragraph.
    assert texts[1] == [
        "版面顺序",
        "页眉说明文字",
        "上方文字",
        "组合左侧",
        "组合右侧",
        "左下文字",
        "右下文字",
        "第3页",
    ]
    whole = "\n".join(page.text for page in document.pages)
    assert "备注" not in whole and "备用" not in whole and "隐藏" not in whole
    assert "单击此处" not in whole  # the layouts' placeholder prompts are not text


def test_a_table_reads_its_merged_cells_as_the_word_loaders_do() -> None:
    tasks = load(STRUCTURE).pages[2]
    rows = [
        ["重点任务分工表"],
        ["任务", "牵头单位", "完成时限"],
        ["完成老旧小区改造", "县住房城乡建设局", "2026年6月30日"],
        ["完成背街小巷整治", "县住房城乡建设局", "2026年9月30日"],
    ]
    assert tasks.tables == [rows]
    assert tasks.text.splitlines() == ["任务分工", *(" | ".join(row) for row in rows)]


def test_a_progress_report_deck_gives_progress_and_measures_with_units_and_deadlines() -> None:
    result = runner.invoke(app, ["extract", str(REPORT), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    statuses = {(p["text"], p["status"]) for p in record["progress"]}
    assert ("庭院经济示范户培育已完成年度任务的75%", "in_progress") in statuses
    assert ("村级集体经济强村工程正在推进", "in_progress") in statuses
    assert any(status == "lagging" and "仓储保鲜设施建设进度滞后" in text for text, status in statuses)
    measures = {m["text"]: m for m in record["measures"]}
    plan = measures["县乡村振兴局要在2026年10月31日前完成庭院经济示范户验收。"]
    assert [u["name"] for u in plan["units"]] == ["县乡村振兴局"]
    assert [d["text"] for d in plan["deadlines"]] == ["2026年10月31日前"]
    assert plan["section"] == ["下一步打算"] and plan["page"] == 4
    row = measures["建成县级农产品检测中心"]  # a row of the task table on the last slide
    assert [u["name"] for u in row["units"]] == ["县市场监管局"]
    assert [d["text"] for d in row["deadlines"]] == ["2026年12月31日"]


def test_a_dps_or_pptm_in_the_pptx_format_is_read(tmp_path: Path) -> None:
    for name in ("汇报.dps", "汇报.pptm", "汇报.PPTX"):
        copy = tmp_path / name
        shutil.copyfile(REPORT, copy)
        assert readable_type(copy)
        assert load(copy).pages[0].text.startswith("县乡村振兴局重点工作推进情况汇报")


def test_binary_ppt_and_odp_have_loaders_and_wps_own_dps_keeps_the_hint(tmp_path: Path) -> None:
    # Binary decks and OpenDocument ones were skipped with the hint to convert them; they are read
    # now (loaders.ppt, loaders.odf). WPS's own older .dps is what keeps the hint.
    assert loader_for(".ppt") is not None and loader_for(".odp") is not None
    hint = unsupported_remedy(".dps")
    assert "另存为 .pptx" in hint and "导出为 PDF" in hint
    old = ole_with_stream(tmp_path, "旧汇报.dps", "PowerPoint Document")
    assert readable_type(old)
    error = error_of(old)  # a workbook's stream under the deck's stream name: damaged
    assert error.code == "E052" and "旧汇报.dps" in error.message
    # A binary deck renamed .pptx was E032 ("duban does not read this format"); it is read now by
    # loaders.ppt with the relabel warning (intended change), and a damaged one is that loader's E052.
    renamed = ole_with_stream(tmp_path, "旧汇报.pptx", "PowerPoint Document")
    assert error_of(renamed).code == "E052"
    (tmp_path / "幻灯片.dps").write_bytes(b"WPS own format " + b"\0" * 500)
    result = runner.invoke(app, ["extract", str(tmp_path / "幻灯片.dps")])
    assert result.exit_code != 0 and "E003" in result.stderr and "另存为 .pptx" in result.stderr


def test_a_damaged_deck_is_e032(tmp_path: Path) -> None:
    truncated = tmp_path / "截断.pptx"
    truncated.write_bytes(REPORT.read_bytes()[:3000])
    error = error_of(truncated)
    assert error.code == "E032" and "截断.pptx" in error.message and "另存为 .pptx" in error.hint
    no_deck = tmp_path / "压缩包.pptx"
    with zipfile.ZipFile(no_deck, "w") as package:
        package.writestr("readme.txt", "x")
    assert error_of(no_deck).code == "E032"
    bomb = tmp_path / "实体.pptx"
    with zipfile.ZipFile(REPORT) as source, zipfile.ZipFile(bomb, "w") as package:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "ppt/slides/slide2.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
            package.writestr(info.filename, data)
    error = error_of(bomb)
    assert error.code == "E032" and "DTD" in error.message


def test_a_password_protected_deck_is_e033(tmp_path: Path) -> None:
    for name in ("加密.pptx", "加密.dps"):
        error = error_of(ole_with_stream(tmp_path, name, "EncryptedPackage"))
        assert error.code == "E033" and name in error.message and "取消密码" in error.hint
    # A zip whose parts are encrypted (the flag of the first entry in the central directory set).
    data = bytearray(REPORT.read_bytes())
    at = data.index(b"PK\x01\x02")
    data[at + 8] |= 0x1
    locked = tmp_path / "加密条目.pptx"
    locked.write_bytes(bytes(data))
    assert error_of(locked).code == "E033"


def test_a_deck_without_text_is_e034(tmp_path: Path) -> None:
    error = error_of(EMPTY)
    assert error.code == "E034" and "empty.pptx" in error.message
    # All slides hidden: nothing shown, nothing read.
    hidden = tmp_path / "全部隐藏.pptx"
    with zipfile.ZipFile(REPORT) as source, zipfile.ZipFile(hidden, "w") as package:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("ppt/slides/slide"):
                data = data.replace(b"<p:sld ", b'<p:sld show="0" ', 1)
            package.writestr(info.filename, data)
    error = error_of(hidden)
    assert error.code == "E034" and "隐藏" in error.message


def test_ingest_of_a_folder_indexes_a_deck(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copyfile(REPORT, folder / "工作汇报.pptx")
    shutil.copyfile(REPORT, folder / "工作汇报副本.dps")
    shutil.copyfile(TASKS_XLS, folder / "旧格式.dps")  # a compound file without a deck: WPS's own
    (folder / "旧幻灯片.key").write_bytes(b"x")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 2 and report.failures == []
    assert sorted((Path(s.source).name, s.code) for s in report.skipped) == [
        ("旧幻灯片.key", "E003"),
        ("旧格式.dps", "E003"),
    ]
    assert report.measures >= 8


def test_a_dps_in_a_zip_archive_is_read_by_its_format(tmp_path: Path) -> None:
    archive = tmp_path / "报送材料.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.write(REPORT, "县乡村振兴局/汇报.dps")
        package.write(TASKS_XLS, "县乡村振兴局/旧.dps")  # a compound file without a deck: skipped
    report = ingest([archive], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 1 and report.failures == []
    assert [Path(s.source).name for s in report.skipped] == ["旧.dps"]


def test_a_word_file_under_a_presentation_name_is_read_with_a_warning(tmp_path: Path) -> None:
    renamed = tmp_path / "通知.pptx"
    shutil.copyfile(Path(__file__).resolve().parent / "fixtures" / "doc" / "notice.docx", renamed)
    document = load(renamed)
    assert document.format == "docx" and "实际是 .docx 文件" in document.warnings[0]


def test_a_binary_deck_or_an_odp_under_a_pptx_name_is_read_with_a_warning(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parent / "fixtures"
    binary = tmp_path / "旧汇报.pptx"
    shutil.copyfile(fixtures / "ppt" / "notice.ppt", binary)
    document = load(binary)
    assert document.format == "ppt" and document.pages[0].text.startswith("全县河道清淤专项行动部署")
    assert (
        "旧汇报.pptx" in document.warnings[0]
        and "实际是 PowerPoint 97-2003 演示文稿（.ppt）" in document.warnings[0]
    )
    assert sum("实际是" in warning for warning in document.warnings) == 1
    open_deck = tmp_path / "开放汇报.pptx"
    shutil.copyfile(fixtures / "odf" / "report.odp", open_deck)
    document = load(open_deck)
    assert document.format == "odp" and document.pages[0].text.startswith("县乡村振兴局重点工作推进情况汇报")
    assert (
        "开放汇报.pptx" in document.warnings[0]
        and "实际是 OpenDocument 演示文稿（.odp）" in document.warnings[0]
    )
    assert sum("实际是" in warning for warning in document.warnings) == 1
