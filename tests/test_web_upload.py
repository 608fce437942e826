"""Uploading files from the browser (`/upload`): saved under the uploads folder with safe names,
never over another file, ingested as a run like `duban ingest`, and each file's outcome listed."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.pipeline.app import create_app
from duban.pipeline.uploads import MAX_FILES, UploadError, Uploads, default_folder, safe_name
from duban.pipeline.web.security import CSRF_COOKIE, Security
from tests.test_app import LOCAL, build_index, csrf_of
from tests.test_archives import docx_of

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

# own wording: a notice with one measure, its lead unit and a deadline
HARBOUR = """示范县人民政府办公室关于开展渔港安全隐患排查的通知
示县政办〔2026〕12号
各乡镇人民政府，县直有关单位：
为做好渔港安全管理工作，现就有关事项通知如下。
一、县海洋渔业局要对全县渔港开展一次安全隐患排查，建立问题清单。（牵头单位：县海洋渔业局；完成时限：2026年7月底前）
示范县人民政府办公室
2026年4月2日
"""
PARKS = "关于城市公园绿化提升的安排\n一、县住房城乡建设局要于2026年10月底前完成三处公园补植。\n"


@pytest.fixture
def site(tmp_path: Path) -> tuple[TestClient, str, Path]:
    indexed = build_index(tmp_path)
    client = TestClient(create_app(indexed.url), base_url=LOCAL)
    return client, indexed.url, tmp_path / "index.db.uploads" / date.today().isoformat()


def upload(client: TestClient, *files: tuple[str, bytes], token: str | None = None) -> Any:
    token = csrf_of(client, "/upload") if token is None else token
    return client.post(
        "/upload.json",
        data={"csrf_token": token},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )


def items(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for f in answer["files"] for item in f["items"]]


def test_a_notice_uploaded_is_indexed_searchable_and_a_run(site: tuple[TestClient, str, Path]) -> None:
    client, _, folder = site
    r = upload(client, ("渔港通知.txt", HARBOUR.encode()))
    assert r.status_code == 200, r.text
    answer = r.json()
    (item,) = items(answer)
    assert item["outcome"] == "indexed"
    assert item["measures"] >= 1
    assert item["href"] == f"/documents/{item['doc_id']}"
    assert answer["counts"] == {"indexed": 1, "unchanged": 0, "failed": 0, "skipped": 0}
    assert (folder / "渔港通知.txt").read_text(encoding="utf-8") == HARBOUR
    hits = client.get("/search.json?q=渔港").json()["hits"]
    assert any(hit["doc_id"] == item["doc_id"] for hit in hits)
    assert any("县海洋渔业局" in unit["name"] for hit in hits for unit in hit["units"])
    runs = client.get("/runs.json").json()["runs"]
    assert runs[0]["run_id"] == answer["run_id"]
    assert runs[0]["ingested"] == 1
    document = client.get(item["href"])
    assert document.status_code == 200
    assert "渔港" in document.text


def test_the_same_file_again_is_unchanged_and_kept_once(site: tuple[TestClient, str, Path]) -> None:
    client, _, folder = site
    first = items(upload(client, ("渔港通知.txt", HARBOUR.encode())).json())[0]
    again = upload(client, ("渔港通知.txt", HARBOUR.encode())).json()
    (item,) = items(again)
    assert item["outcome"] == "unchanged"
    assert item["doc_id"] == first["doc_id"]
    assert again["files"][0]["reused"] is True
    assert sorted(p.name for p in folder.iterdir()) == ["渔港通知.txt"], "one copy, not two"
    # other bytes under the same name: saved beside it, the first left as it was
    changed = upload(client, ("渔港通知.txt", (HARBOUR + "附件：排查表\n").encode())).json()
    assert changed["files"][0]["saved_as"] == "渔港通知(2).txt"
    assert items(changed)[0]["outcome"] == "indexed"
    assert (folder / "渔港通知.txt").read_text(encoding="utf-8") == HARBOUR


def test_a_zip_with_a_word_file_and_a_program(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as box:
        box.writestr("公园绿化.docx", docx_of(*PARKS.splitlines()))
        box.writestr("setup.exe", b"MZ\x90\x00" + b"\x00" * 200)
    answer = upload(client, ("材料.zip", buffer.getvalue())).json()
    found = {item["label"]: item for item in items(answer)}
    assert set(found) == {"材料.zip/公园绿化.docx", "材料.zip/setup.exe"}
    assert found["材料.zip/公园绿化.docx"]["outcome"] == "indexed"
    skipped = found["材料.zip/setup.exe"]
    assert skipped["outcome"] == "skipped"
    assert skipped["code"] and skipped["hint"]
    page = client.get("/runs")
    assert skipped["code"] in page.text


def test_a_damaged_word_file_is_not_taken_with_e020(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    damaged = docx_of("关于加强食堂管理的通知")[:300]
    (item,) = items(upload(client, ("食堂.docx", damaged)).json())
    assert item["outcome"] == "failed"
    assert item["code"] == "E020"
    assert "另存为 .docx" in item["hint"]


def test_a_file_not_taken_is_explained_without_the_uploads_folder(site: tuple[TestClient, str, Path]) -> None:
    """The row names the file; the run's message began with its path in the server's uploads
    folder, which staff cannot open and the web never shows."""
    client, _, folder = site
    damaged = docx_of("关于规范会议费报销的通知")[:300]
    answer = upload(client, ("报销.docx", damaged), ("说明.exe", b"MZ" + b"\x00" * 64)).json()
    found = {item["label"]: item for item in items(answer)}
    assert set(found) == {"报销.docx", "说明.exe"}
    for item in found.values():
        assert item["code"] and item["message"] and item["hint"]
        assert str(folder) not in item["message"], item["message"]
        assert not item["message"].startswith("/"), item["message"]
    page = client.post(
        "/upload",
        data={"csrf_token": csrf_of(client, "/upload")},
        files=[("files", ("报销.docx", damaged, "application/octet-stream"))],
    )
    assert "报销.docx" in page.text
    assert str(folder) not in page.text


def test_the_result_page_lists_files_and_links_the_run(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    token = csrf_of(client, "/upload")
    r = client.post(
        "/upload",
        data={"csrf_token": token},
        files=[
            ("files", ("渔港通知.txt", HARBOUR.encode(), "text/plain")),
            ("files", ("坏文件.docx", b"PK\x03\x04broken", "application/octet-stream")),
        ],
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "已入库" in r.text and "E020" in r.text
    assert 'href="/documents/' in r.text
    assert 'href="/runs#run-' in r.text


def test_without_the_csrf_token_nothing_is_saved(site: tuple[TestClient, str, Path]) -> None:
    client, _, folder = site
    client.get("/upload")
    r = upload(client, ("渔港通知.txt", HARBOUR.encode()), token="")
    assert r.status_code == 403
    wrong = upload(client, ("渔港通知.txt", HARBOUR.encode()), token="not-the-cookie")
    assert wrong.status_code == 403
    assert not folder.exists()


def test_no_file_or_an_empty_file_is_400_in_chinese(site: tuple[TestClient, str, Path]) -> None:
    client, _, folder = site
    token = csrf_of(client, "/upload")
    none = client.post(
        "/upload.json", data={"csrf_token": token}, files=[("files", ("", b"", "application/octet-stream"))]
    )
    assert none.status_code == 400
    assert "没有选择文件" in none.json()["error"]["message"]
    empty = upload(client, ("空.txt", b""), token=token)
    assert empty.status_code == 400
    assert "空文件" in empty.json()["error"]["message"]
    assert not folder.exists() or not any(folder.iterdir())


def test_over_the_cap_is_refused_in_chinese(tmp_path: Path) -> None:
    indexed = build_index(tmp_path)
    uploads = Uploads.configure(indexed.url, max_mb=1)
    client = TestClient(create_app(indexed.url, uploads=uploads), base_url=LOCAL)
    big = ("大.txt", "通知".encode() * 400_000)  # 2.4 MB
    r = upload(client, big)
    assert r.status_code == 413
    assert "1 MB" in r.json()["error"]["message"]
    # two files each under the cap, together over it: refused before either is saved
    half = "通知".encode() * 100_000
    both = upload(client, ("甲.txt", half), ("乙.txt", half + b"x"))
    assert both.status_code == 413
    assert "上传的文件太大" in both.json()["error"]["message"]
    assert not (tmp_path / "index.db.uploads").exists()
    # the cap is the upload route's only: other forms keep the small limit
    assert client.post("/corrections", content=b"x" * 70_000).status_code == 413


def test_more_files_than_one_upload_holds_is_a_chinese_400_that_says_what_to_do(
    site: tuple[TestClient, str, Path],
) -> None:
    client, _, folder = site
    token = csrf_of(client, "/upload")
    many = [(f"报告{i:03d}.txt", f"第{i}份".encode()) for i in range(MAX_FILES + 1)]
    r = upload(client, *many, token=token)
    assert r.status_code == 400
    error = r.json()["error"]
    assert f"一次最多上传 {MAX_FILES} 个文件" in error["message"]
    assert "分几次上传" in error["hint"] and ".zip" in error["hint"]
    page = client.post(  # the form in a browser: the same words on the error page, not a generic one
        "/upload",
        data={"csrf_token": token},
        files=[("files", (name, data, "text/plain")) for name, data in many],
    )
    assert page.status_code == 400
    assert f"一次最多上传 {MAX_FILES} 个文件" in page.text and "请求无法处理" not in page.text
    assert not folder.exists() or not any(folder.iterdir())


def test_more_than_fifty_small_files_go_in_one_upload(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    assert MAX_FILES >= 200
    units = ["县水利局", "县交通运输局", "县教育局", "县卫生健康局", "县民政局", "县商务局"]
    sent = [
        (f"安排{i:02d}.txt", f"{units[i % 6]}要于2026年{i % 12 + 1}月底前完成第{i}项排查。\n".encode())
        for i in range(60)
    ]
    r = upload(client, *sent)
    assert r.status_code == 200, r.text
    assert len(items(r.json())) == 60


@pytest.mark.parametrize(
    ("sent", "saved"),
    [
        ("../../x.txt", "x.txt"),
        ("C:\\x.txt", "x.txt"),
        ("..\\..\\etc\\x.txt", "x.txt"),
        (".hidden.txt", "hidden.txt"),
        ("~$草稿.txt", "草稿.txt"),
        ("..", "上传文件"),
        ("a\x00b.txt", "a_b.txt"),
    ],
)
def test_safe_names(sent: str, saved: str) -> None:
    assert safe_name(sent) == saved


def test_path_traversal_names_are_saved_inside_the_folder(site: tuple[TestClient, str, Path]) -> None:
    client, _, folder = site
    answer = upload(client, ("../../x.txt", HARBOUR.encode()), ("C:\\x.txt", PARKS.encode())).json()
    assert [f["saved_as"] for f in answer["files"]] == ["x.txt", "x(2).txt"]
    assert sorted(p.name for p in folder.iterdir()) == ["x(2).txt", "x.txt"]
    assert not (folder.parent.parent / "x.txt").exists()
    assert not (folder.parent / "x.txt").exists()


def test_login_is_required_when_the_server_has_a_token(tmp_path: Path) -> None:
    indexed = build_index(tmp_path)
    token = "t" * 20
    client = TestClient(create_app(indexed.url, Security.for_bind("127.0.0.1", token)), base_url=LOCAL)
    client.cookies.set(CSRF_COOKIE, "c" * 30)
    r = client.post(
        "/upload.json", data={"csrf_token": "c" * 30}, files=[("files", ("a.txt", b"x", "text/plain"))]
    )
    assert r.status_code == 401
    assert not (tmp_path / "index.db.uploads").exists()
    page = client.get("/upload", follow_redirects=False)
    assert page.status_code == 303


def test_uploads_default_beside_a_sqlite_index_and_off_otherwise(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/i.db"
    assert default_folder(url) == tmp_path / "i.db.uploads"
    assert Uploads.configure(url).folder == tmp_path / "i.db.uploads"
    assert Uploads.configure(url, tmp_path / "in").folder == tmp_path / "in"
    assert not Uploads.configure(url, enabled=False).enabled
    with pytest.raises(UploadError) as refused:
        Uploads.configure("http://127.0.0.1:9200/duban")
    assert "--uploads" in refused.value.message
    assert Uploads.configure("http://127.0.0.1:9200/duban", tmp_path / "in").enabled


def test_a_server_without_uploads_says_so(tmp_path: Path) -> None:
    indexed = build_index(tmp_path)
    client = TestClient(create_app(indexed.url, uploads=Uploads.off("关闭了")), base_url=LOCAL)
    assert "上传未开启" in client.get("/upload").text
    client.cookies.set(CSRF_COOKIE, "c" * 30)
    r = client.post(
        "/upload.json", data={"csrf_token": "c" * 30}, files=[("files", ("a.txt", b"x", "text/plain"))]
    )
    assert r.status_code == 403
    assert "关闭了" in r.json()["error"]["message"]


def test_the_page_has_the_form_and_the_nav_link(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    page = client.get("/upload").text
    assert 'enctype="multipart/form-data"' in page
    assert 'name="files" multiple' in page
    assert ".eml" in page and ".zip" in page
    assert 'href="/upload"' in client.get("/").text


def test_serve_refuses_an_elasticsearch_index_without_a_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.pipeline import cli_index
    from duban.pipeline.cli import app as cli

    monkeypatch.setattr(cli_index, "require_index", lambda url: None)
    result = CliRunner().invoke(cli, ["serve", "--index", "http://127.0.0.1:9/duban"])
    assert result.exit_code == 2
    assert "--uploads" in result.output


def test_readme_documents_the_upload_page_and_options() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for needed in ("/upload", "--uploads", "--upload-max-mb", "--no-uploads"):
        assert needed in readme


def test_a_copy_is_placed_without_hard_links_and_never_over_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from duban.pipeline import uploads

    def no_links(src: object, dst: object) -> None:
        raise PermissionError("no hard links on this file system")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "a.txt").write_bytes(b"first")
    saved = uploads.save(tmp_path, "a.txt", io.BytesIO(b"second"), 100)
    assert saved.path.name == "a(2).txt" and saved.path.read_bytes() == b"second"
    assert (tmp_path / "a.txt").read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a(2).txt", "a.txt"], "no partial copy left"
