"""The original file of a document (`/documents/<id>/source`): the bytes ingest read (a file, a
member of a zip, an e-mail's body, a member of a zip inside an e-mail), with its own name and a
type that never lets a web page run as this site's; 410 with what to do once it is gone or
changed; links from the document page, the search results and the ledger."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.base.paths import path_of, readable
from duban.index import open_store
from duban.pipeline.app import create_app
from duban.pipeline.archives import source_bytes
from duban.pipeline.cli import app as cli
from duban.pipeline.web.security import Security
from duban.pipeline.web.sources import disposition
from tests.pdf_factory import text_pdf
from tests.test_app import LOCAL, MINUTES, NOTICE
from tests.test_archives import docx_of

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

TOKEN = "s3cret-token-for-the-originals"
# own wording: short notices with one measure each
HARBOUR = (
    "示范县人民政府办公室关于开展渔港安全隐患排查的通知\n示县政办〔2026〕12号\n"
    "一、县海洋渔业局要于2026年7月底前对全县渔港开展一次安全隐患排查。\n"
)
PLAN = "县农业农村局要于2026年9月底前完成高标准农田建设验收。"
REPORT = "关于危桥改造进展的报告\n县交通运输局已完成三座危桥的加固，剩余一座将于2026年8月底前完工。\n"
TOWNSHIP = "关于乡镇道路养护的情况说明\n镇人民政府要于2026年10月底前完成村道养护。\n"
BODY = "各位领导：\n县应急局要于2026年6月底前完成防汛物资补充，请审阅。\n"
PAGE = (
    "<html><head><title>关于开展河道保洁的通知</title><script>alert('x')</script></head><body>"
    "<p>关于开展河道保洁的通知</p><p>县水利局要于2026年5月底前完成主要河道保洁。</p></body></html>"
)


@dataclass
class Site:
    client: TestClient
    url: str
    folder: Path
    ids: dict[str, str]  # a source's own name (last part) → its document id


def zip_of(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in members:
            package.writestr(name, data)
    return buffer.getvalue()


def mail_of(body: str, *attachments: tuple[str, bytes]) -> bytes:
    mail = EmailMessage()
    mail["From"] = "县应急局办公室 <yjj@example.cn>"
    mail["To"] = "county@example.cn"
    mail["Subject"] = "防汛物资补充情况"
    mail["Date"] = "Mon, 16 Jun 2025 09:30:00 +0800"
    mail.set_content(body)
    for name, data in attachments:
        mail.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return mail.as_bytes()


def ingest(folder: Path, url: str) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--index", url, "-q"])
    assert result.exit_code in (0, 3), result.output


@pytest.fixture
def site(tmp_path: Path) -> Site:
    folder = tmp_path / "批次"
    folder.mkdir()
    (folder / "渔港通知.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "渔港通知-副本.txt").write_text(HARBOUR, encoding="utf-8")  # an identical copy
    (folder / "农田方案.docx").write_bytes(docx_of("关于高标准农田建设的安排", PLAN))
    (folder / "报送材料.zip").write_bytes(zip_of(("县交通局/危桥报告.txt", REPORT.encode())))
    (folder / "报送.eml").write_bytes(
        mail_of(BODY, ("乡镇.zip", zip_of(("道路说明.txt", TOWNSHIP.encode()))))
    )
    (folder / "河道页面.html").write_text(PAGE, encoding="utf-8")
    (folder / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'index.db'}"
    ingest(folder, url)
    ids: dict[str, str] = {}
    with open_store(url) as store:
        for doc in store.iter_documents():
            for source in doc.paths:
                ids[source.rsplit("/", 1)[-1]] = doc.doc_id
    return Site(TestClient(create_app(url), base_url=LOCAL), url, folder, ids)


def sources_of(site: Site, doc_id: str) -> list[str]:
    with open_store(site.url) as store:
        record = store.get(doc_id)
        assert record is not None
        return record.paths


def url_of(site: Site, name: str) -> str:
    """The link to the original named `name` (the `?n=` of its place among the document's sources)."""
    doc_id = site.ids[name]
    n = [source.rsplit("/", 1)[-1] for source in sources_of(site, doc_id)].index(name) + 1
    return f"/documents/{doc_id}/source" + (f"?n={n}" if n > 1 else "")


def member_bytes(source: str) -> bytes:
    path = path_of(source)
    return source_bytes(path, readable(path))


def test_a_text_file_is_sent_as_it_is_with_its_chinese_name_inline(site: Site) -> None:
    r = site.client.get(url_of(site, "渔港通知.txt"))
    assert r.status_code == 200, r.text
    assert r.content == HARBOUR.encode("utf-8")
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-disposition"].startswith("inline; ")
    assert "filename*=UTF-8''" + quote("渔港通知.txt", safe="") in r.headers["content-disposition"]


def test_a_word_file_is_an_attachment_of_its_type_with_an_ascii_fallback(site: Site) -> None:
    doc_id = site.ids["农田方案.docx"]
    r = site.client.get(f"/documents/{doc_id}/source")
    assert r.status_code == 200, r.text
    assert r.content == (site.folder / "农田方案.docx").read_bytes()
    assert r.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    header = r.headers["content-disposition"]
    assert header.startswith('attachment; filename="document.docx"; ')
    assert header.endswith("filename*=UTF-8''" + quote("农田方案.docx", safe=""))
    header.encode("latin-1")  # a header value must be ASCII: the Chinese name is percent-encoded


def test_the_ascii_fallback_keeps_the_ascii_part_and_drops_quotes() -> None:
    assert disposition('report "v2" 终稿.pdf', True).startswith('inline; filename="report _v2.pdf"; ')
    assert disposition("方案.tar.gz", False).startswith('attachment; filename="document.tar.gz"; ')


def test_a_member_of_a_zip_is_its_own_bytes_under_its_own_name(site: Site) -> None:
    doc_id = site.ids["危桥报告.txt"]
    (source,) = sources_of(site, doc_id)
    assert source.endswith("报送材料.zip/县交通局/危桥报告.txt")
    r = site.client.get(f"/documents/{doc_id}/source")
    assert r.status_code == 200, r.text
    assert r.content == REPORT.encode("utf-8")
    assert "filename*=UTF-8''" + quote("危桥报告.txt", safe="") in r.headers["content-disposition"]


def test_an_emails_body_and_a_member_of_a_zip_it_carries(site: Site) -> None:
    body_id = site.ids["正文.txt"]
    (source,) = sources_of(site, body_id)
    r = site.client.get(f"/documents/{body_id}/source")
    assert r.status_code == 200, r.text
    assert r.content == member_bytes(source)
    assert "防汛物资补充" in r.content.decode("utf-8")
    nested = site.ids["道路说明.txt"]
    (source,) = sources_of(site, nested)
    assert source.endswith("报送.eml/乡镇.zip/道路说明.txt")
    r = site.client.get(f"/documents/{nested}/source")
    assert r.status_code == 200, r.text
    assert r.content == TOWNSHIP.encode("utf-8")


def test_a_web_page_is_never_served_as_a_page_of_this_site(site: Site) -> None:
    doc_id = site.ids["河道页面.html"]
    r = site.client.get(f"/documents/{doc_id}/source")
    assert r.status_code == 200, r.text
    assert r.content == PAGE.encode("utf-8")
    assert "html" not in r.headers["content-type"]
    assert r.headers["content-disposition"].startswith("attachment; ")
    policies = r.headers.get_list("content-security-policy")
    assert any(p.startswith("sandbox") for p in policies)
    assert r.headers["x-content-type-options"] == "nosniff"


def test_a_pdf_is_shown_inline_under_the_sites_policy_that_runs_no_scripts(tmp_path: Path) -> None:
    """Chromium's and Firefox's PDF viewers draw a PDF under the site-wide policy (checked in a real
    browser: `test_web_source_browser`), so a PDF keeps it: inline, `nosniff`, no frame, and no
    policy that would let a script from the file's origin run."""
    folder = tmp_path / "批次"
    folder.mkdir()
    pdf = text_pdf(
        folder / "清淤通知.pdf", [["关于开展排水管网清淤的通知", "县水务局要于2026年8月底前完成清淤。"]]
    )
    url = f"sqlite:///{tmp_path / 'index.db'}"
    ingest(folder, url)
    with open_store(url) as store:
        (doc_id,) = [doc.doc_id for doc in store.iter_documents()]
    r = TestClient(create_app(url), base_url=LOCAL).get(f"/documents/{doc_id}/source")
    assert r.status_code == 200, r.text
    assert r.content == pdf.read_bytes()
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith('inline; filename="document.pdf"; ')
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    policies = r.headers.get_list("content-security-policy")
    assert policies, "a PDF is never sent without a policy"
    for policy in policies:
        directives = {d.strip().split(" ", 1)[0]: d.strip() for d in policy.split(";") if d.strip()}
        assert directives["default-src"] == "default-src 'none'"
        assert "script-src" not in directives and "unsafe" not in policy


def test_each_identical_copy_has_its_own_link_and_n_out_of_range_is_404(site: Site) -> None:
    doc_id = site.ids["渔港通知.txt"]
    data = site.client.get(f"/documents/{doc_id}.json").json()
    assert len(data["sources"]) == 2
    assert data["source_url"] == f"/documents/{doc_id}/source"
    assert data["source_urls"] == [f"/documents/{doc_id}/source", f"/documents/{doc_id}/source?n=2"]
    second = site.client.get(data["source_urls"][1])
    assert second.status_code == 200
    assert second.content == HARBOUR.encode("utf-8")
    past = site.client.get(f"/documents/{doc_id}/source?n=3")
    assert past.status_code == 404
    # it said 未找到页面：<id> 的第 3 个原件, as if the page were missing: the copies are counted
    assert f"未找到原件：文件 {doc_id} 的第 3 份（共 2 份）" in past.text
    assert site.client.get(f"/documents/{doc_id}/source?n=abc").status_code == 400
    page = site.client.get(f"/documents/{doc_id}")
    assert page.text.count('class="original"') == 2
    assert f'href="/documents/{doc_id}/source?n=2"' in page.text


def test_an_unknown_document_is_404(site: Site) -> None:
    r = site.client.get("/documents/0123456789abcdef0123456789abcdef/source")
    assert r.status_code == 404
    assert "未找到文件" in r.text


def test_a_file_deleted_after_ingest_says_so_in_chinese_without_its_path(site: Site) -> None:
    doc_id = site.ids["农田方案.docx"]
    (site.folder / "农田方案.docx").unlink()
    r = site.client.get(f"/documents/{doc_id}/source")
    assert r.status_code == 410
    assert "已不在入库时的位置" in r.text
    assert "duban ingest" in r.text
    assert str(site.folder) not in r.text
    assert "Traceback" not in r.text
    j = site.client.get(f"/documents/{doc_id}/source", headers={"accept": "application/json"})
    assert j.status_code == 410
    assert j.json()["error"]["code"] == "E054"
    assert str(site.folder) not in j.text


def test_a_zip_gone_or_a_member_changed_since_ingest_is_410(site: Site) -> None:
    doc_id = site.ids["危桥报告.txt"]
    (site.folder / "报送材料.zip").write_bytes(zip_of(("县交通局/危桥报告.txt", b"another text")))
    r = site.client.get(f"/documents/{doc_id}/source")
    assert r.status_code == 410
    assert "入库后已被修改" in r.text
    (site.folder / "报送材料.zip").unlink()
    r = site.client.get(f"/documents/{doc_id}/source")
    assert r.status_code == 410
    assert "已不在入库时的位置" in r.text
    assert str(site.folder) not in r.text


def test_a_file_changed_after_ingest_is_not_served(site: Site) -> None:
    (site.folder / "渔港通知.txt").write_text(HARBOUR + "补充一句。\n", encoding="utf-8")
    r = site.client.get(url_of(site, "渔港通知.txt"))
    assert r.status_code == 410
    assert "入库后已被修改" in r.text and "E055" in r.text
    assert "补充一句" not in r.text
    copy = site.client.get(url_of(site, "渔港通知-副本.txt"))  # the identical copy is as it was
    assert copy.status_code == 200
    assert copy.content == HARBOUR.encode("utf-8")


def test_the_token_is_required_when_the_server_has_one(site: Site) -> None:
    guarded = TestClient(create_app(site.url, Security.for_bind("127.0.0.1", TOKEN)), base_url=LOCAL)
    doc_id = site.ids["农田方案.docx"]
    r = guarded.get(f"/documents/{doc_id}/source", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=")
    assert r.content == b""
    r = guarded.get(f"/documents/{doc_id}/source", headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    assert r.content == (site.folder / "农田方案.docx").read_bytes()
    assert guarded.post(f"/documents/{doc_id}/source").status_code in (401, 403, 405)


def test_search_results_and_the_ledger_link_the_original(site: Site) -> None:
    hits = site.client.get("/search.json", params={"q": "渔港"}).json()["hits"]
    assert hits and all(h["source_url"] == f"/documents/{h['doc_id']}/source" for h in hits)
    page = site.client.get("/search", params={"q": "渔港"}).text
    assert f'href="/documents/{hits[0]["doc_id"]}/source"' in page
    assert ">原件</a>" in page
    docs = site.client.get("/search", params={"q": "渔港", "docs": "1"}).text
    assert ">原件</a>" in docs
    ledger = site.client.get("/ledger.json", params={"as_of": "2026-11-26"})
    assert ledger.status_code == 200, ledger.text
    rows = ledger.json()["rows"]
    assert rows and all(row["source_url"] == f"/documents/{row['doc_id']}/source" for row in rows)
    page = site.client.get("/ledger", params={"as_of": "2026-11-26"}).text
    assert f'href="/documents/{rows[0]["doc_id"]}/source"' in page
