"""PowerPoint 97-2003 binary decks (.ppt, .pps, and .dps in that format) are read instead of
skipped: the same slides, lines, table rows and measures as the .pptx they were converted from,
notes and hidden slides left out, PowerPoint's way of keeping placeholder text (in the slide list,
referred to from the shapes) read once, and every way a deck cannot be read a catalogued error
naming it (E051 encrypted, E052 damaged, E053 no text) — a damaged file never hangs.

The fixtures in tests/fixtures/ppt are our own texts, written as .pptx by python-pptx and converted
by LibreOffice (`make_fixtures.py` there). LibreOffice keeps all text in the shapes; the stream in
`powerpoint_style_stream` is built here record by record as PowerPoint writes placeholders."""

from __future__ import annotations

import random
import shutil
import struct
import time
import zipfile
from pathlib import Path

import olefile
import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, loader_for, readable_type
from duban.pipeline.loaders import ppt as ppt_loader
from duban.pipeline.normalize import normalise
from tests.test_loader_doc import measures

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ppt"
NOTICE_PPT = FIXTURES / "notice.ppt"
NOTICE_PPTX = FIXTURES / "notice.pptx"
EMPTY_PPT = FIXTURES / "empty.ppt"
runner = CliRunner()


def copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


def test_the_ppt_reads_the_same_slides_and_lines_as_the_pptx_it_came_from() -> None:
    ppt, pptx = load(NOTICE_PPT), load(NOTICE_PPTX)
    assert ppt.format == "ppt" and ppt.warnings == []
    # the hidden fourth slide is left out; pages keep the slides' own numbers
    assert [page.number for page in ppt.pages] == [page.number for page in pptx.pages] == [1, 2, 3, 5]
    assert [page.text for page in ppt.pages] == [page.text for page in pptx.pages]
    assert normalise(ppt).text == normalise(pptx).text
    assert [page.tables for page in ppt.pages] == [page.tables for page in pptx.pages]
    texts = [page.text.splitlines() for page in ppt.pages]
    assert texts[0] == ["全县河道清淤专项行动部署", "县河长制办公室", "2026年4月"]  # \x0b breaks the line
    # the title first, then the text boxes top to bottom, left to right (written in another order)
    assert texts[2] == ["二、工作要求", "上方：加强统筹协调", "左下：压实责任", "右下：定期通报"]
    assert texts[3][1:3] == [
        "序号 | 工作任务 | 牵头单位 | 完成时限",
        "1 | 建立河道巡查台账 | 县水务局 | 2026年5月20日前",
    ]


def test_notes_and_hidden_slides_are_left_out() -> None:
    whole = "\n".join(page.text for page in load(NOTICE_PPT).pages)
    assert "讲解提示" not in whole and "隐藏" not in whole and "县财政局" not in whole
    assert "Click to edit" not in whole and "单击此处" not in whole  # the masters' prompts


def test_extract_finds_the_same_measures_units_and_deadlines_in_the_ppt_and_the_pptx() -> None:
    found = measures(NOTICE_PPT)
    assert found == measures(NOTICE_PPTX)
    assert ("建立河道巡查台账", ["县水务局"], ["2026年5月20日前"]) in found  # a table row
    assert any(
        units == ["县水务局", "各镇人民政府"] and deadlines == ["2026年6月30日前"]
        for _, units, deadlines in found
    )
    assert len(found) >= 5


def test_pps_dps_and_upper_case_names_in_the_binary_format_are_read(tmp_path: Path) -> None:
    for name in ("放映.pps", "旧汇报.dps", "汇报.PPT"):
        copied = copy(NOTICE_PPT, tmp_path / name)
        assert readable_type(copied) and loader_for(copied.suffix) is not None
        assert load(copied).pages[0].text.startswith("全县河道清淤专项行动部署")


def test_a_ppt_that_is_really_a_pptx_is_read_with_a_warning_and_a_zip_dps_without(tmp_path: Path) -> None:
    renamed = load(copy(NOTICE_PPTX, tmp_path / "汇报.ppt"))
    assert renamed.format == "pptx" and renamed.pages[0].text.startswith("全县河道清淤")
    assert "汇报.ppt" in renamed.warnings[0] and ".pptx" in renamed.warnings[0]
    dps = load(copy(NOTICE_PPTX, tmp_path / "汇报.dps"))
    assert dps.format == "pptx" and dps.warnings == []


def test_a_compound_dps_without_a_powerpoint_stream_keeps_the_hint(tmp_path: Path) -> None:
    wps_own = copy(Path(__file__).resolve().parent / "fixtures" / "sheet" / "tasks.xls", tmp_path / "旧.dps")
    error = error_of(wps_own)
    assert error.code == "E003" and "另存为 .pptx" in error.hint


def test_a_deck_without_text_is_e053() -> None:
    error = error_of(EMPTY_PPT)
    assert error.code == "E053" and "empty.ppt" in error.message and "没有可读取的文字" in error.message
    assert "导出为 PDF" in error.hint


def test_a_truncated_ppt_is_e052(tmp_path: Path) -> None:
    data = NOTICE_PPT.read_bytes()
    for size in (600, 5000, len(data) // 2, len(data) - 2000):
        broken = tmp_path / f"截断{size}.ppt"
        broken.write_bytes(data[:size])
        error = error_of(broken)
        assert error.code == "E052", (size, error.message)
        assert broken.name in error.message and "无法读取" in error.message and "重新下载" in error.hint


def with_stream(source: Path, target: Path, stream: str, change: object) -> Path:
    """A copy of `source` whose `stream` is rewritten in place (same size) by `change(bytearray)`."""
    copy(source, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        data = bytearray(ole.openstream(stream).read())
        change(data)  # type: ignore[operator]
        ole.write_stream(stream, bytes(data))
    return target


def user_edit_offset(path: Path) -> int:
    with olefile.OleFileIO(str(path)) as ole:
        return int(struct.unpack_from("<I", ole.openstream("Current User").read(), 16)[0])


def test_stream_corruption_is_e052_and_never_hangs(tmp_path: Path) -> None:
    edit = user_edit_offset(NOTICE_PPT)

    def loop(data: bytearray) -> None:  # the edit names itself as the one before it
        struct.pack_into("<I", data, edit + 8 + 8, edit)

    def long_record(data: bytearray) -> None:  # the document container runs past the stream
        struct.pack_into("<I", data, 4, 0x7FFFFFF0)

    def lost_edit(data: bytearray) -> None:  # the current edit's offset points into text
        struct.pack_into("<I", data, edit + 8 + 12, len(data) - 3)

    for name, change in (("循环.ppt", loop), ("过长.ppt", long_record), ("错位.ppt", lost_edit)):
        broken = with_stream(NOTICE_PPT, tmp_path / name, "PowerPoint Document", change)
        error = error_of(broken)
        assert error.code == "E052" and name in error.message, (name, error.message)
    # Bytes overwritten all over the stream: each load ends at once, read or E052/E053.
    generator = random.Random(7)
    with olefile.OleFileIO(str(NOTICE_PPT)) as ole:
        size = ole.get_size("PowerPoint Document")
    started = time.monotonic()
    for index in range(60):
        at = generator.randrange(0, size - 8)
        noise = bytes(generator.randrange(256) for _ in range(8))

        def scribble(data: bytearray, at: int = at, noise: bytes = noise) -> None:
            data[at : at + 8] = noise

        broken = with_stream(NOTICE_PPT, tmp_path / f"噪声{index}.ppt", "PowerPoint Document", scribble)
        try:
            load(broken)
        except DubanError as exc:
            assert exc.code in ("E052", "E053"), (at, exc.message)
    assert time.monotonic() - started < 30


def test_an_encrypted_ppt_is_e051(tmp_path: Path) -> None:
    # The encrypted token PowerPoint writes in Current User when a deck has a password.
    def token(data: bytearray) -> None:
        struct.pack_into("<I", data, 12, 0xF3D1C4DF)

    locked = with_stream(NOTICE_PPT, tmp_path / "加密.ppt", "Current User", token)
    error = error_of(locked)
    assert error.code == "E051" and "加密.ppt" in error.message and "密码" in error.message
    assert "取消密码" in error.hint
    # The EncryptedSummary stream an encrypted deck carries (the empty `Pictures` stream renamed
    # in the directory: olefile cannot add a stream).
    data = bytearray(NOTICE_PPT.read_bytes())
    at = data.index("Pictures".encode("utf-16-le") + b"\x00\x00")
    encoded = "EncryptedSummary".encode("utf-16-le") + b"\x00\x00"
    data[at : at + len(encoded)] = encoded
    struct.pack_into("<H", data, at + 64, len(encoded))
    summary = tmp_path / "加密摘要.ppt"
    summary.write_bytes(bytes(data))
    assert error_of(summary).code == "E051"


# -- PowerPoint's own way: placeholder text in the slide list -------------------------------------


def record(kind: int, data: bytes = b"", instance: int = 0) -> bytes:
    return struct.pack("<HHI", instance << 4, kind, len(data)) + data


def container(kind: int, *children: bytes, instance: int = 0) -> bytes:
    body = b"".join(children)
    return struct.pack("<HHI", (instance << 4) | 0xF, kind, len(body)) + body


def shape(top: int, *client: bytes, placeholder: int | None = None) -> bytes:
    parts = [record(0xF00A, struct.pack("<II", 2, 0x0A00), instance=1)]
    parts.append(record(0xF010, struct.pack("<hhhh", top, 100, 900, top + 50)))
    if placeholder is not None:
        parts.append(container(0xF011, record(0x0BC3, struct.pack("<IBBH", 0, placeholder, 0, 0))))
    parts.append(container(0xF00D, *client))
    return container(0xF004, *parts)


def powerpoint_style_stream(loop: bool = False) -> dict[str, bytes]:
    """A deck of two slides as PowerPoint keeps them: the slide list holding the placeholders'
    text (8-bit and UTF-16), the shapes referring to it by index; a text box holds its own text."""
    slide_list = container(
        0x0FF0,
        record(0x03F3, struct.pack("<IIiII", 2, 0, 2, 256, 0)),
        record(0x0F9F, struct.pack("<I", 1)),
        record(
            0x0FA0,
            "县交通运输局负责，2026年10月底前完成道路养护。\r各乡镇配合\x0b做好协调".encode("utf-16-le"),
        ),
        record(0x0F9F, struct.pack("<I", 0)),
        record(0x0FA8, b"Road Works 2026"),
        record(0x03F3, struct.pack("<IIiII", 3, 0, 1, 257, 0)),
        record(0x0F9F, struct.pack("<I", 0)),
        record(0x0FA0, "未被引用的标题".encode("utf-16-le")),
    )
    document = container(0x03E8, record(0x03E9, bytes(40)), slide_list)
    patriarch = container(
        0xF004, record(0xF009, bytes(16), instance=0), record(0xF00A, struct.pack("<II", 1, 5))
    )
    tree = container(
        0xF003,
        patriarch,
        shape(300, record(0x0F9E, struct.pack("<i", 0)), placeholder=0x0E),  # the body, written first
        shape(500, record(0x0F9F, struct.pack("<I", 4)), record(0x0FA0, "备注框文字".encode("utf-16-le"))),
        shape(40, record(0x0F9E, struct.pack("<i", 1)), placeholder=0x0D),  # the title
        shape(700, record(0x0F9E, struct.pack("<i", 0)), placeholder=0x0E),  # a second reference
        shape(
            800,
            record(0x0F9F, struct.pack("<I", 4)),
            record(0x0FA0, "8".encode("utf-16-le")),
            placeholder=0x08,
        ),
    )
    slide = container(
        0x03EE,
        record(0x03EF, bytes(24)),
        container(0x040C, container(0xF002, record(0xF008, bytes(8)), tree)),
    )
    empty_slide = container(0x03EE, record(0x03EF, bytes(24)))
    at_document = 0
    at_slide = at_document + len(document)
    at_empty = at_slide + len(slide)
    at_directory = at_empty + len(empty_slide)
    directory = record(0x1772, struct.pack("<IIII", 1 | (3 << 20), at_document, at_slide, at_empty))
    at_edit = at_directory + len(directory)
    previous = at_edit if loop else 0  # a looped chain names itself as the edit before it
    edit = record(0x0FF5, struct.pack("<IHBBIIIIHH", 256, 0, 0, 3, previous, at_directory, 1, 4, 1, 0))
    stream = document + slide + empty_slide + directory + edit
    user = record(0x0FF6, struct.pack("<IIIHHBBH", 0x14, 0xE391C05F, at_edit, 0, 0x03F4, 3, 0, 0))
    return {"PowerPoint Document": stream, "Current User": user}


def test_placeholder_text_in_the_slide_list_is_read_once_with_the_title_first() -> None:
    pages, listed, shown = ppt_loader._Reader(powerpoint_style_stream(), "汇报.ppt").read()
    assert (listed, shown) == (2, 2)
    assert pages[0].text.splitlines() == [
        "Road Works 2026",  # 8-bit text, the title placeholder's, though written after the body
        "县交通运输局负责，2026年10月底前完成道路养护。",
        "各乡镇配合",  # \x0b a soft break
        "做好协调",
        "备注框文字",  # a text box's own text, by its place; the slide-number placeholder left out
    ]
    # a text of the slide list no shape refers to is still read
    assert pages[1].text == "未被引用的标题" and pages[1].number == 2


def test_an_edit_chain_that_loops_is_damaged_not_a_hang() -> None:
    looped = powerpoint_style_stream(loop=True)
    with pytest.raises(ppt_loader._Damaged, match="循环"):
        ppt_loader._Reader(looped, "循环.ppt").read()


def test_ingest_takes_a_ppt_in_a_folder_and_reports_a_damaged_one(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    copy(NOTICE_PPT, folder / "部署.ppt")
    (folder / "损坏.ppt").write_bytes(NOTICE_PPT.read_bytes()[:4000])
    (folder / "说明.txt").write_text("各单位要于2026年6月底前报送材料。", encoding="utf-8")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 2 and report.skipped == []
    assert [(Path(f.source).name, f.code) for f in report.failures] == [("损坏.ppt", "E052")]
    assert report.measures >= 5


def test_a_binary_dps_in_a_zip_archive_is_read_and_wps_own_is_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "报送材料.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.write(NOTICE_PPT, "县河长办/部署.dps")
        package.write(Path(__file__).resolve().parent / "fixtures" / "sheet" / "tasks.xls", "县河长办/旧.dps")
    report = ingest([archive], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 1 and report.failures == []
    assert [Path(s.source).name for s in report.skipped] == ["旧.dps"]


def test_extract_on_the_command_line_names_the_damaged_file(tmp_path: Path) -> None:
    broken = tmp_path / "坏.ppt"
    broken.write_bytes(NOTICE_PPT.read_bytes()[:3000])
    result = runner.invoke(app, ["extract", str(broken)])
    assert result.exit_code != 0 and "E052" in result.stderr and "坏.ppt" in result.stderr


def test_without_current_user_the_last_edit_in_the_stream_is_used() -> None:
    streams = powerpoint_style_stream()
    streams["Current User"] = b""
    pages, _, _ = ppt_loader._Reader(streams, "无用户流.ppt").read()
    assert pages[0].text.startswith("Road Works 2026")
