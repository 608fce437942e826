"""`.rar`, `.7z`, `.tar` and `.tar.gz` deliveries are read as `.zip` ones are (through libarchive).

The 7z files are written with libarchive's own writer, the tar files with `tarfile`, the RAR files
with the stored-member writer of `tests/rar_factory.py` (libarchive cannot write RAR); the notices
are written for these tests."""

from __future__ import annotations

import bz2
import io
import json
import lzma
import sys
import tarfile
import zipfile
from pathlib import Path

import libarchive
import pytest
from typer.testing import CliRunner

from duban.base.libarchive_members import rar5_encrypted
from duban.base.limits import Limits
from duban.base.paths import still_there
from duban.index import open_store
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from tests.rar_factory import rar4, rar5
from tests.test_archives import FARMS, FLOOD, ROADS, docx_of, sources_in, url_for

runner = CliRunner()
IN_PROCESS = Limits(timeout=0, memory_mb=0)
DRILL = "三、县应急管理局要于2025年6月底前开展防汛演练。\n"


def seven_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    """A 7z archive (one solid block, as libarchive writes it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with libarchive.file_writer(str(path), "7zip") as writer:
        for name, data in members:
            writer.add_file_from_memory(name, len(data), data)
    return path


def tar_of(path: Path, members: list[tuple[str, bytes]], *, encoding: str = "utf-8") -> Path:
    """A tar archive (gzip-compressed when the name says so) in GNU format, whose names are the
    bytes of `encoding`, as tar on a Chinese Windows or an old Linux box writes them."""
    gz = path.name.endswith((".tar.gz", ".tgz"))
    with tarfile.open(path, "w:gz" if gz else "w", format=tarfile.GNU_FORMAT, encoding=encoding) as package:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            package.addfile(info, io.BytesIO(data))
    return path


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members:
            package.writestr(name, data)
    return buffer.getvalue()


def report_docx() -> bytes:
    return docx_of(*ROADS.splitlines())


def test_the_rar5_writer_is_read_by_libarchive(tmp_path: Path) -> None:
    archive = tmp_path / "样例.rar"
    archive.write_bytes(rar5([("县水利局/通知.txt", FLOOD.encode()), ("说明.txt", b"ok")]))
    with libarchive.file_reader(str(archive)) as reader:
        read = {entry.pathname: b"".join(entry.get_blocks()) for entry in reader}
    assert read == {"县水利局/通知.txt": FLOOD.encode(), "说明.txt": b"ok"}


def test_a_folder_with_a_rar_and_a_7z_ingests_their_members(tmp_path: Path) -> None:
    folder = tmp_path / "批次"
    folder.mkdir()
    rar = folder / "甲县报送.rar"
    rar.write_bytes(rar5([("县交通局/工作报告.docx", report_docx()), ("汛期通知.txt", FLOOD.encode())]))
    seven = seven_zip(
        folder / "乙县报送.7z",
        [
            ("农田安排.txt", FARMS.encode()),
            ("__MACOSX/._农田安排.txt", b"\x00\x05\x16\x07"),
            (".隐藏.txt", FARMS.encode()),
            ("现场照片.xyz", b"\x00\x01 not a document"),
            (
                "乡镇材料.rar",
                rar5([("乡镇通知.txt", DRILL.encode()), ("村级.zip", zip_of([("村.txt", b"x")]))]),
            ),
        ],
    )
    url = url_for(tmp_path)
    report = ingest([folder], index_url=url, progress=False)
    rar_base, seven_base = str(rar.resolve()), str(seven.resolve())
    assert (report.ingested, report.failed) == (4, 0), report.failures
    assert sources_in(url) == {
        f"{rar_base}/县交通局/工作报告.docx",
        f"{rar_base}/汛期通知.txt",
        f"{seven_base}/农田安排.txt",
        f"{seven_base}/乡镇材料.rar/乡镇通知.txt",  # a RAR in a 7z: one level down is read
    }
    hints = {Path(s.source).name: (s.code, s.hint) for s in report.skipped}
    assert set(hints) == {"现场照片.xyz", "村级.zip"}
    assert hints["现场照片.xyz"][0] == "E003" and "duban 读取" in hints["现场照片.xyz"][1]
    assert "不再向下展开" in hints["村级.zip"][1] and ".rar" in hints["村级.zip"][1]  # a third level
    assert report.ignored == 2  # the __MACOSX fork and the hidden file
    with open_store(url) as store:
        hits = store.search("危桥改造", target="measures").hits
        assert hits and hits[0].source == f"{rar_base}/县交通局/工作报告.docx"
        assert store.search("新建农田验收", target="measures").hits
    again = ingest([folder], index_url=url, progress=False)
    assert (again.ingested, again.unchanged, again.failed) == (0, 4, 0)


def test_members_yield_what_the_same_files_yield(tmp_path: Path) -> None:
    """A 7z and a tar.gz of a notice and a Word report: extract's measures, units and deadlines are
    those of the same files in a folder."""
    plain = tmp_path / "文件夹"
    plain.mkdir()
    (plain / "a通知.txt").write_text(FLOOD, encoding="utf-8")
    (plain / "b报告.docx").write_bytes(report_docx())
    members = [("a通知.txt", FLOOD.encode()), ("b报告.docx", report_docx())]
    seven = seven_zip(tmp_path / "材料.7z", members)
    tgz = tar_of(tmp_path / "材料.tar.gz", members)

    def measures(path: Path) -> list[object]:
        result = runner.invoke(app, ["extract", str(path), "--workers", "1"])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        return [
            [
                (m["text"], [u["name"] for u in m["units"]], [d["text"] for d in m["deadlines"]])
                for m in row["measures"]
            ]
            for row in rows
        ]

    expected = measures(plain)
    assert expected and all(expected)
    assert measures(seven) == expected
    assert measures(tgz) == expected


def test_byte_names_in_gbk_are_decoded(tmp_path: Path) -> None:
    """tar and RAR 4 store names as bytes: GBK ones (Chinese Windows) read as their characters."""
    tgz = tar_of(tmp_path / "报送.tgz", [("县农业局/农田安排.txt", FARMS.encode())], encoding="gbk")
    tar = tar_of(tmp_path / "报送.tar", [("汛期通知.txt", FLOOD.encode())], encoding="gbk")
    old = tmp_path / "旧版.rar"
    old.write_bytes(rar4([("县交通局\\公路养护.txt".encode("gbk"), ROADS.encode())]))
    url = url_for(tmp_path)
    report = ingest([tgz, tar, old], index_url=url, progress=False, limits=IN_PROCESS)
    assert (report.ingested, report.failed) == (3, 0), report.failures
    assert sources_in(url) == {
        f"{tgz.resolve()}/县农业局/农田安排.txt",
        f"{tar.resolve()}/汛期通知.txt",
        f"{old.resolve()}/县交通局/公路养护.txt",
    }


def test_a_damaged_7z_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "批次"
    whole = seven_zip(folder / "乙县.7z", [("通知.txt", FLOOD.encode()), ("安排.txt", FARMS.encode())])
    data = whole.read_bytes()
    (folder / "甲县.7z").write_bytes(data[: len(data) // 2])
    (folder / "丙县.rar").write_bytes(rar5([("通知.txt", FLOOD.encode())])[:30])  # cut in a header
    (folder / "丁县.txt").write_text(ROADS, encoding="utf-8")
    report = ingest([folder], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    failed = sorted((Path(f.source).name, f.code) for f in report.failures)
    assert failed == [("丙县.rar", "E008"), ("甲县.7z", "E008")]
    assert all("重新" in f.hint for f in report.failures)
    assert "被截断" in next(f.message for f in report.failures if f.source.endswith("甲县.7z"))
    assert report.ingested == 3  # two members of 乙县.7z and 丁县.txt


def test_an_encrypted_member_fails_alone_and_an_encrypted_list_is_e038(tmp_path: Path) -> None:
    members = [("汛期通知.txt", FLOOD.encode()), ("农田安排.txt", FARMS.encode())]
    locked = tmp_path / "部分加密.rar"
    locked.write_bytes(rar5(members, encrypted=frozenset({"汛期通知.txt"})))
    assert rar5_encrypted(locked) == {"汛期通知.txt"}
    report = ingest([locked], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E009", "汛期通知.txt")]
    assert report.ingested == 1

    hidden = tmp_path / "整体加密.rar"
    hidden.write_bytes(rar5([], locked_list=True))
    (tmp_path / "说明.txt").write_text(ROADS, encoding="utf-8")
    report = ingest([hidden, tmp_path / "说明.txt"], index_url=url_for(tmp_path), progress=False)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E038", "整体加密.rar")]
    assert "密码" in report.failures[0].hint and "解压" in report.failures[0].hint
    assert report.ingested == 1


def test_a_resent_7z_replaces_changed_members_and_prune_drops_removed_ones(tmp_path: Path) -> None:
    archive = seven_zip(
        tmp_path / "报送材料.7z",
        [
            ("汛期通知.txt", FLOOD.encode()),
            ("工作报告.docx", report_docx()),
            ("农田安排.txt", FARMS.encode()),
        ],
    )
    url = url_for(tmp_path)
    first = ingest([archive], index_url=url, progress=False, limits=IN_PROCESS)
    assert first.ingested == 3
    archive.unlink()
    seven_zip(archive, [("汛期通知.txt", (FLOOD + DRILL).encode()), ("农田安排.txt", FARMS.encode())])
    report = ingest([archive], index_url=url, progress=False, limits=IN_PROCESS)
    assert (report.ingested, report.unchanged, report.failed) == (1, 1, 0)
    base = str(archive.resolve())
    assert not still_there(f"{base}/工作报告.docx") and still_there(f"{base}/农田安排.txt")
    pruned = runner.invoke(app, ["prune", "--index", url, "--json"])
    assert pruned.exit_code == 0, pruned.output
    assert [row["sources"] for row in json.loads(pruned.stdout)["removed"]] == [[f"{base}/工作报告.docx"]]
    assert sources_in(url) == {f"{base}/汛期通知.txt", f"{base}/农田安排.txt"}
    damaged = tmp_path / "坏.7z"
    damaged.write_bytes(archive.read_bytes()[:40])
    assert still_there(f"{damaged}/农田安排.txt"), "a damaged archive cannot tell: nothing is removed"


def test_names_outside_the_archive_are_refused(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    tar_of(
        deep / "报送.tar",
        [
            ("../../evil.txt", FLOOD.encode()),
            ("/tmp/evil-tar.txt", FLOOD.encode()),
            ("正常.txt", FARMS.encode()),
        ],
    )
    report = ingest([deep], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert sorted(f.code for f in report.failures) == ["E031", "E031"]
    assert report.ingested == 1
    assert not list(tmp_path.rglob("evil*.txt")) and not Path("/tmp/evil-tar.txt").exists()


def test_bombs_are_refused_from_the_declared_sizes(tmp_path: Path) -> None:
    folder = tmp_path / "批次"
    seven_zip(folder / "炸弹.7z", [("小.txt", FARMS.encode()), ("大.txt", bytes(24 * 1024 * 1024))])
    (folder / "丙县.txt").write_text(ROADS, encoding="utf-8")
    report = ingest([folder], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E021", "炸弹.7z")]
    assert "压缩比" in report.failures[0].message and report.ingested == 1
    big = tar_of(tmp_path / "超限.tar", [("零.txt", FARMS.encode()), ("一.txt", FARMS.encode() * 20_000)])
    tight = Limits(timeout=0, memory_mb=0, docx_max_mb=1)
    over = ingest([big], index_url=url_for(tmp_path), progress=False, limits=tight)
    assert [f.code for f in over.failures] == ["E021"] and "上限 1 MB" in over.failures[0].message
    assert over.ingested == 0  # the member listed before the one over the limit is not read either


def test_without_libarchive_such_archives_are_e039_and_zips_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "批次"
    seven_zip(folder / "乙县.7z", [("通知.txt", FLOOD.encode())])
    (folder / "甲县.rar").write_bytes(rar5([("通知.txt", FLOOD.encode())]))
    with zipfile.ZipFile(folder / "丙县.zip", "w") as package:
        package.writestr("安排.txt", FARMS)
    monkeypatch.setitem(sys.modules, "libarchive", None)  # importing it fails, as without the library
    report = ingest([folder], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    failed = sorted((Path(f.source).name, f.code) for f in report.failures)
    assert failed == [("乙县.7z", "E039"), ("甲县.rar", "E039")]
    assert "apt-get install libarchive13" in report.failures[0].hint
    assert report.ingested == 1  # the zip's member


def test_a_lone_gz_keeps_the_archive_hint(tmp_path: Path) -> None:
    (tmp_path / "材料.docx.gz").write_bytes(b"\x1f\x8b not read")
    report = ingest([tmp_path], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert [s.code for s in report.skipped] == ["E003"] and ".rar" in report.skipped[0].hint


def test_a_wps_member_is_sorted_by_its_first_bytes(tmp_path: Path) -> None:
    """A `.wps` in Word's format is read, one in WPS's own older format skipped with its hint, as in a zip."""
    archive = seven_zip(
        tmp_path / "报送.7z", [("旧格式.wps", b"\x00WPS old format" * 8), ("新格式.wps", report_docx())]
    )
    report = ingest([archive], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert [(Path(s.source).name, s.code) for s in report.skipped] == [("旧格式.wps", "E003")]
    assert (report.ingested, report.failed) == (1, 0), report.failures


@pytest.mark.parametrize("suffix", [".tar.xz", ".txz", ".tar.bz2", ".tbz2"])
def test_xz_and_bzip2_tars_are_read_as_tar(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"材料{suffix}"
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w", format=tarfile.GNU_FORMAT) as package:
        for name, data in [("县水利局/通知.txt", FLOOD.encode()), ("报告.docx", report_docx())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            package.addfile(info, io.BytesIO(data))
    path.write_bytes((lzma.compress if "x" in suffix else bz2.compress)(packed.getvalue()))
    url = url_for(tmp_path)
    report = ingest([tmp_path], index_url=url, progress=False, limits=IN_PROCESS)
    base = str(path.resolve())
    assert (report.ingested, report.failed, report.skipped) == (2, 0, []), report.failures
    assert sources_in(url) == {f"{base}/县水利局/通知.txt", f"{base}/报告.docx"}


def test_an_archive_named_as_another_format_is_read_by_its_bytes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A `.rar` that is a zip and a `.zip` that is a 7z (renamed by hand or by a mail system) are
    read by what their first bytes are, with a warning, not refused as damaged."""
    (tmp_path / "甲县.rar").write_bytes(zip_of([("通知.txt", FLOOD.encode())]))
    seven_zip(tmp_path / "乙县.7z", [("安排.txt", FARMS.encode())]).rename(tmp_path / "乙县.zip")
    url = url_for(tmp_path)
    with caplog.at_level("WARNING"):
        report = ingest([tmp_path], index_url=url, progress=False, limits=IN_PROCESS)
    assert (report.ingested, report.failed) == (2, 0), report.failures
    assert sources_in(url) == {
        f"{tmp_path.resolve()}/甲县.rar/通知.txt",
        f"{tmp_path.resolve()}/乙县.zip/安排.txt",
    }
    assert (
        "扩展名为“.rar”，实际是 ZIP 压缩包" in caplog.text
        and "扩展名为“.zip”，实际是 7z 压缩包" in caplog.text
    )
    assert still_there(f"{tmp_path.resolve()}/甲县.rar/通知.txt")
    assert still_there(f"{tmp_path.resolve()}/乙县.zip/安排.txt")


def test_a_message_with_a_rar_attached_is_read_to_the_rar_members(tmp_path: Path) -> None:
    from tests.outlook_files import Attachment, Outlook

    rar = rar5([("乡镇/汛期通知.txt", FLOOD.encode()), ("报告.docx", report_docx())])
    msg = Outlook(
        subject="转报乡镇材料",
        sender="县应急管理局办公室",
        address="yjj@example.cn",
        html="<html><body><p>乡镇材料见附件。</p></body></html>",
        body="乡镇材料见附件。",
        attachments=[Attachment("乡镇材料.rar", rar)],
    ).msg()
    path = tmp_path / "转报.msg"
    path.write_bytes(msg)
    url = url_for(tmp_path)
    report = ingest([path], index_url=url, progress=False, limits=IN_PROCESS)
    base = str(path.resolve())
    assert (report.ingested, report.failed) == (3, 0), report.failures
    assert sources_in(url) == {
        f"{base}/正文.txt",
        f"{base}/乡镇材料.rar/乡镇/汛期通知.txt",
        f"{base}/乡镇材料.rar/报告.docx",
    }
    with open_store(url) as store:
        assert store.search("危桥改造", target="measures").hits[0].source == f"{base}/乡镇材料.rar/报告.docx"
    again = ingest([path], index_url=url, progress=False, limits=IN_PROCESS)
    assert (again.ingested, again.unchanged) == (0, 3)


def test_a_folder_named_like_an_archive_is_a_folder(tmp_path: Path) -> None:
    """A tar's folder `资料.zip/` (named so by hand) holds members read as they are, not taken for
    a container one level down."""
    path = tar_of(
        tmp_path / "材料.tar", [("资料.zip/通知.txt", FLOOD.encode()), ("说明.txt", FARMS.encode())]
    )
    url = url_for(tmp_path)
    report = ingest([path], index_url=url, progress=False, limits=IN_PROCESS)
    base = str(path.resolve())
    assert (report.ingested, report.failed) == (2, 0), report.failures
    assert sources_in(url) == {f"{base}/资料.zip/通知.txt", f"{base}/说明.txt"}
