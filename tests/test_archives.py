"""Documents inside `.zip` archives are read like files in a folder (`pipeline.archives`).

Every archive is built here with `zipfile`; the notices are written for these tests."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.base.archive_paths import member_name
from duban.base.limits import Limits
from duban.base.paths import still_there
from duban.index import open_store
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest

runner = CliRunner()
IN_PROCESS = Limits(timeout=0, memory_mb=0)

FLOOD = "关于加强汛期值守的通知\n一、县水利局要于2025年5月底前完成病险水库除险加固。\n二、各乡镇要落实巡堤查险责任。\n"
FARMS = "关于高标准农田建设的安排\n一、县农业农村局要在2024年12月底前完成新建农田验收。\n"
ROADS = "关于农村公路养护的通知\n一、县交通运输局要于2025年3月底前完成危桥改造。\n"


@cache
def docx_of(*paragraphs: str) -> bytes:
    """A Word file; the same bytes each time it is asked for (python-docx stamps the time)."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class WindowsName(zipfile.ZipInfo):
    """A member whose name is stored as raw bytes without the UTF-8 flag, as zip tools on Chinese
    Windows write GBK names (`filename` is those bytes read as cp437, as Python reads them)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("cp437"), self.flag_bits


def gbk_name(name: str) -> WindowsName:
    return WindowsName(name.encode("gbk").decode("cp437"))


def delivery(path: Path) -> Path:
    """A unit's delivery: a notice, a Word report in a subfolder, a GBK-named notice, a member of
    an unsupported type, macOS's resource fork and a folder entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("县水利局/", b"")
        package.writestr("县水利局/汛期通知.txt", FLOOD)
        package.writestr("县水利局/工作报告.docx", docx_of(*ROADS.splitlines()))
        package.writestr(gbk_name("农田安排.txt"), FARMS.encode("utf-8"))
        package.writestr("现场照片.xyz", b"\x00\x01 not a document")
        package.writestr("__MACOSX/县水利局/._汛期通知.txt", b"\x00\x05\x16\x07")
    return path


def mark_encrypted(path: Path, name: str) -> None:
    """Set the encryption flag (bit 0x1) of one member in both of its headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        data[package.getinfo(name).header_offset + 6] |= 0x1
    encoded = name.encode("utf-8")
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + length]) == encoded:
            data[at + 8] |= 0x1
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def url_for(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/index.db"


def sources_in(url: str) -> set[str]:
    with open_store(url) as store:
        return {source for doc in store.iter_documents() for source in doc.sources}


def test_gbk_names_from_windows_are_decoded_and_utf8_ones_kept() -> None:
    assert member_name(gbk_name("县应急局/报告.docx")) == "县应急局/报告.docx"
    unflagged_utf8 = zipfile.ZipInfo("报告.docx".encode().decode("cp437"))
    assert member_name(unflagged_utf8) == "报告.docx"
    flagged = zipfile.ZipInfo("╣ñ.txt")
    flagged.flag_bits |= 0x800  # a name really written so is kept as it is
    assert member_name(flagged) == "╣ñ.txt"
    assert member_name(zipfile.ZipInfo("a\\b.txt")) == "a/b.txt"


def test_a_folder_holding_a_zip_ingests_its_members(tmp_path: Path) -> None:
    archive = delivery(tmp_path / "批次" / "报送材料.zip")
    url = url_for(tmp_path)
    report = ingest([archive.parent], index_url=url, progress=False)
    base = str(archive.resolve())
    expected = {f"{base}/县水利局/汛期通知.txt", f"{base}/县水利局/工作报告.docx", f"{base}/农田安排.txt"}
    assert (report.ingested, report.failed) == (3, 0), report.failures
    assert sources_in(url) == expected
    assert [(Path(s.source).name, s.code) for s in report.skipped] == [("现场照片.xyz", "E003")]
    assert "duban 读取" in report.skipped[0].hint
    assert report.ignored == 1  # the __MACOSX entry; the folder entry is no file
    with open_store(url) as store:
        hits = store.search("除险加固", target="measures").hits
        assert hits and hits[0].source == f"{base}/县水利局/汛期通知.txt"
    again = ingest([archive.parent], index_url=url, progress=False)
    assert (again.ingested, again.unchanged, again.failed) == (0, 3, 0)


def test_a_resent_archive_reads_only_the_members_that_changed(tmp_path: Path) -> None:
    archive = delivery(tmp_path / "报送材料.zip")
    url = url_for(tmp_path)
    ingest([archive], index_url=url, progress=False, limits=IN_PROCESS)
    with zipfile.ZipFile(archive, "w") as package:  # the same name, sent again the next day
        package.writestr("县水利局/汛期通知.txt", FLOOD + "三、县应急管理局要于2025年6月底前开展防汛演练。\n")
        package.writestr(gbk_name("农田安排.txt"), FARMS.encode("utf-8"))
    report = ingest([archive], index_url=url, progress=False, limits=IN_PROCESS)
    assert (report.ingested, report.unchanged, report.failed) == (1, 1, 0)
    assert report.actions == {"replaced": 1}
    base = str(archive.resolve())
    with open_store(url) as store:
        assert store.search("防汛演练", target="measures").hits
    # the report left out of the new archive is gone, as a deleted file is: prune removes it
    assert not still_there(f"{base}/县水利局/工作报告.docx")
    assert still_there(f"{base}/县水利局/汛期通知.txt")
    pruned = runner.invoke(app, ["prune", "--index", url, "--json"])
    assert pruned.exit_code == 0, pruned.output
    removed = json.loads(pruned.stdout)["removed"]
    assert [row["sources"] for row in removed] == [[f"{base}/县水利局/工作报告.docx"]]
    assert sources_in(url) == {f"{base}/县水利局/汛期通知.txt", f"{base}/农田安排.txt"}


def test_still_there_looks_inside_the_archive(tmp_path: Path) -> None:
    archive = delivery(tmp_path / "报送材料.zip")
    assert still_there(f"{archive}/县水利局/工作报告.docx")
    assert still_there(f"{archive}/农田安排.txt")
    assert not still_there(f"{archive}/县水利局/没有这份.docx")
    assert not still_there(f"{tmp_path}/不存在.zip/县水利局/工作报告.docx")
    damaged = tmp_path / "坏.zip"
    damaged.write_bytes(archive.read_bytes()[:-30])
    assert still_there(f"{damaged}/农田安排.txt"), "a damaged archive cannot tell: nothing is removed"


def test_extract_on_a_zip_prints_one_line_per_member(tmp_path: Path) -> None:
    archive = delivery(tmp_path / "报送材料.zip")
    result = runner.invoke(app, ["extract", str(archive), "--workers", "1"])
    assert result.exit_code == 3, result.output  # the .xyz member is skipped
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["source"] for row in rows] == [
        f"{archive}/县水利局/汛期通知.txt",
        f"{archive}/县水利局/工作报告.docx",
        f"{archive}/农田安排.txt",
    ]
    assert all(row["measures"] for row in rows)
    report = rows[1]["measures"][0]
    assert "危桥改造" in report["text"] and report["page"] == 1
    assert "跳过 E003" in result.stderr and "现场照片.xyz" in result.stderr


def test_a_member_named_outside_the_archive_is_refused_and_never_written(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    archive = deep / "报送材料.zip"
    deep.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("../../evil.txt", FLOOD)
        package.writestr("/tmp/evil-absolute.txt", FLOOD)
        package.writestr("正常.txt", FARMS)
    url = url_for(tmp_path)
    report = ingest([deep], index_url=url, progress=False)
    assert sorted(f.code for f in report.failures) == ["E031", "E031"]
    assert any("../../evil.txt" in f.message for f in report.failures)
    assert report.ingested == 1 and sources_in(url) == {f"{archive.resolve()}/正常.txt"}
    assert not list(tmp_path.rglob("evil*.txt")) and not Path("/tmp/evil-absolute.txt").exists()


def test_an_encrypted_member_fails_alone(tmp_path: Path) -> None:
    archive = delivery(tmp_path / "报送材料.zip")
    mark_encrypted(archive, "县水利局/汛期通知.txt")
    report = ingest([archive], index_url=url_for(tmp_path), progress=False)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E009", "汛期通知.txt")]
    assert "密码" in report.failures[0].message and "未加密" in report.failures[0].hint
    assert report.ingested == 2


def test_a_damaged_archive_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "批次"
    good = delivery(folder / "乙县.zip")
    (folder / "甲县.zip").write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    (folder / "丙县.txt").write_text(ROADS, encoding="utf-8")
    report = ingest([folder], index_url=url_for(tmp_path), progress=False)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E008", "甲县.zip")]
    assert "甲县.zip" in report.failures[0].message and "重新" in report.failures[0].hint
    assert report.ingested == 4  # three members of 乙县.zip and 丙县.txt


def test_a_member_damaged_inside_a_sound_directory_fails_alone(tmp_path: Path) -> None:
    archive = tmp_path / "报送材料.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("坏.txt", FLOOD * 20)
        package.writestr("好.txt", FARMS)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as package:
        info = package.getinfo("坏.txt")
    start = info.header_offset + 30 + len("坏.txt".encode()) + 10
    data[start : start + 20] = bytes(20)  # its deflate stream overwritten: the CRC cannot match
    archive.write_bytes(bytes(data))
    result = runner.invoke(app, ["extract", str(archive), "--workers", "1"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert rows[0]["error"]["code"] == "E008" and rows[0]["source"] == f"{archive}/坏.txt"
    assert rows[1]["source"] == f"{archive}/好.txt" and rows[1]["measures"]


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    folder = tmp_path / "批次"
    folder.mkdir()
    bomb = folder / "炸弹.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("大.txt", bytes(24 * 1024 * 1024))  # 24 MB of zeros, about 1000:1
        package.writestr("小.txt", FARMS)
    (folder / "丙县.txt").write_text(ROADS, encoding="utf-8")
    report = ingest([folder], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E021", "炸弹.zip")]
    assert "压缩比" in report.failures[0].message and report.ingested == 1
    small = folder / "超限.zip"
    bomb.unlink()
    with zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("一.txt", FARMS * 40_000)  # over a 1 MB limit once inflated
    tight = Limits(timeout=0, memory_mb=0, docx_max_mb=1)
    over = ingest([small], index_url=url_for(tmp_path), progress=False, limits=tight)
    assert [f.code for f in over.failures] == ["E021"] and "上限 1 MB" in over.failures[0].message


def test_an_archive_inside_an_archive_is_read_and_a_damaged_one_named(tmp_path: Path) -> None:
    """One level of nesting is read (it was skipped with a hint): the inner zip's members are
    documents `<outer>/<inner>/<member>`; a damaged inner archive is E008 naming it, and the outer
    one's other members are read."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as package:
        package.writestr("里面.txt", FLOOD)
    outer = tmp_path / "外层.zip"
    with zipfile.ZipFile(outer, "w") as package:
        package.writestr("乡镇材料.zip", inner.getvalue())
        package.writestr("资料.rar", b"Rar!")
        package.writestr("说明.txt", FARMS)
    report = ingest([outer], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert not report.skipped and report.ingested == 2
    assert [(f.code, f.source.split("外层.zip/")[1]) for f in report.failures] == [("E008", "资料.rar")]
    with open_store(url_for(tmp_path)) as store:
        sources = sorted(s.split("外层.zip/")[1] for d in store.iter_documents() for s in d.sources)
    assert sources == ["乡镇材料.zip/里面.txt", "说明.txt"]


@pytest.mark.parametrize("suffix", [".rar", ".7z", ".tar", ".tar.gz", ".tgz"])
def test_other_archives_are_read_now_so_junk_under_their_name_is_damaged(tmp_path: Path, suffix: str) -> None:
    """They were skipped with a hint; they are read (tests/test_archives_libarchive.py), so a file
    that is not one is E008 naming it."""
    (tmp_path / f"材料{suffix}").write_bytes(b"not read")
    report = ingest([tmp_path], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert not report.skipped and [(f.code, Path(f.source).name) for f in report.failures] == [
        ("E008", f"材料{suffix}")
    ]


def test_folders_left_by_killed_workers_are_swept_at_the_next_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed over its limits inside a member leaves its temporary folder (with the
    member's bytes); the next ingest that reads an archive removes those of dead processes only."""
    import os
    import subprocess
    import sys
    import tempfile

    from duban.pipeline.archives import sweep_stale_folders

    root = tmp_path / "tmp"
    root.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = root / f"duban-zip-{int(gone.stdout)}-k1"
    dead.mkdir()
    (dead / "报告.docx").write_bytes(b"left behind")
    mine = root / f"duban-zip-{os.getpid()}-k2"
    mine.mkdir()
    (root / "duban-zip-notes").mkdir()  # not one of ours: no process id in its name
    assert sweep_stale_folders(root) == 1
    assert not dead.exists() and mine.exists() and (root / "duban-zip-notes").exists()

    dead.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    zipped = delivery(tmp_path / "批次" / "报送材料.zip")
    report = ingest([zipped], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert report.ingested >= 1 and not dead.exists() and mine.exists()


def zipped(members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members:
            package.writestr(name, data)
    return buffer.getvalue()


def test_a_county_zip_of_township_zips_reads_every_township_once(tmp_path: Path) -> None:
    """A county's zip of its townships' zips: each inner zip's members are documents named
    `<county.zip>/<township.zip>/<member>`, with the same skips, ignores and refusals as one level;
    a zip inside those (a third level) is skipped with the nested hint; re-ingesting finds all
    unchanged."""
    east = zipped(
        [
            ("汛期通知.txt", FLOOD.encode()),
            ("工作报告.docx", docx_of(*ROADS.splitlines())),
            ("__MACOSX/._汛期通知.txt", b"\x00\x05\x16\x07"),
            (".隐藏.txt", FARMS.encode()),
            ("村级材料.zip", zipped([("村.txt", FARMS.encode())])),
            ("../逃逸.txt", FARMS.encode()),
        ]
    )
    west = zipped([(gbk_name("农田安排.txt"), FARMS.encode()), ("现场照片.xyz", b"\x00\x01")])
    county = tmp_path / "县汇总.zip"
    with zipfile.ZipFile(county, "w") as package:
        package.writestr("东镇.zip", east)
        package.writestr("西镇/西镇.zip", west)
        package.writestr("说明.txt", ROADS)
    url = url_for(tmp_path)
    report = ingest([county], index_url=url, progress=False, limits=IN_PROCESS)
    base = str(county.resolve())
    assert sources_in(url) == {
        f"{base}/东镇.zip/汛期通知.txt",
        f"{base}/东镇.zip/工作报告.docx",
        f"{base}/西镇/西镇.zip/农田安排.txt",
        f"{base}/说明.txt",
    }
    assert report.ingested == 4 and report.ignored == 2  # the fork and the hidden file
    hints = {Path(s.source).name: s.hint for s in report.skipped}
    assert set(hints) == {"村级材料.zip", "现场照片.xyz"} and "不再向下展开" in hints["村级材料.zip"]
    assert [(f.code, f.source.split("县汇总.zip/")[1]) for f in report.failures] == [
        ("E031", "东镇.zip/../逃逸.txt")
    ]
    with open_store(url) as store:
        hits = store.search("病险水库", target="measures").hits
        assert hits and hits[0].source == f"{base}/东镇.zip/汛期通知.txt"
    again = ingest([county], index_url=url, progress=False, limits=IN_PROCESS)
    assert (again.ingested, again.unchanged) == (0, 4)
    assert still_there(f"{base}/东镇.zip/工作报告.docx") and not still_there(f"{base}/东镇.zip/没有.txt")


def test_an_inner_bomb_and_an_inner_encrypted_member_are_refused_and_the_rest_read(tmp_path: Path) -> None:
    bomb = zipped([("零.txt", bytes(12 * 1024 * 1024))])  # 12 MB of zeros: about 1,000:1
    locked = tmp_path / "加密.zip"
    locked.write_bytes(zipped([("机密.txt", FARMS.encode()), ("公开.txt", ROADS.encode())]))
    mark_encrypted(locked, "机密.txt")
    outer = tmp_path / "外层.zip"
    with zipfile.ZipFile(outer, "w") as package:
        package.writestr("炸弹.zip", bomb)
        package.writestr("加密.zip", locked.read_bytes())
        package.writestr("说明.txt", FLOOD)
    locked.unlink()
    report = ingest([outer], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    failures = sorted((f.code, f.source.split("外层.zip/")[1]) for f in report.failures)
    assert failures == [("E009", "加密.zip/机密.txt"), ("E021", "炸弹.zip")]
    assert "炸弹.zip" in next(f.message for f in report.failures if f.code == "E021")
    assert report.ingested == 2  # 说明.txt and 加密.zip/公开.txt


def test_a_member_of_an_inner_zip_reads_as_the_same_file_alone(tmp_path: Path) -> None:
    """Extract gives a member two levels down the measures, units and deadlines of the same file."""
    lone = tmp_path / "工作报告.docx"
    lone.write_bytes(docx_of(*ROADS.splitlines()))
    outer = tmp_path / "外层.zip"
    with zipfile.ZipFile(outer, "w") as package:
        package.writestr("内层.zip", zipped([("工作报告.docx", lone.read_bytes())]))

    def rows(path: Path) -> list[object]:
        result = runner.invoke(app, ["extract", str(path), "--workers", "1"])
        assert result.exit_code == 0, result.output
        return [json.loads(line)["measures"] for line in result.stdout.splitlines()]

    assert rows(outer) == rows(lone) and rows(lone)[0]
