"""催办通知单: which ledger rows a unit is chased for, the order, the .docx read back with
python-docx, a correction to done, `--unit`, nothing due, `duban remind`, and the web routes.

The documents are written for these tests: a notice with seven tasks for several units (deadlines
before and after the as-of date) and a report from one unit saying one task is done and another
lags, indexed in a real SQLite file and cross-checked as `duban crosscheck` does."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.index import open_store
from duban.pipeline.app import create_app
from duban.pipeline.cli import app
from duban.pipeline.corrections import Overlay, set_status
from duban.pipeline.ledger import ledger_rows
from duban.pipeline.reminders import COLUMNS, TITLE, Reminders, reason_of, reminders, write_docx
from duban.pipeline.status import CheckResult, check_store
from tests.conftest import checked_index

AS_OF = "2025-05-28"
LOCAL = "http://127.0.0.1"

NOTICE = """河清市人民政府办公室关于推进老旧街区改造工作的通知
河政办发〔2025〕7号
各区人民政府，市政府各部门：
为加快老旧街区改造，经市政府同意，现将有关事项通知如下：
一、完成街区改造项目摸底。对全市老旧街区逐一登记，形成改造项目清单。（牵头单位：市住房城乡建设局；配合单位：市财政局；完成时限：2025年3月31日前）
二、落实改造补助资金。统筹安排市级补助资金，按季度拨付到位。（牵头单位：市财政局；配合单位：市住房城乡建设局；完成时限：2025年4月30日前）
三、开展街区消防通道清理。对改造街区消防通道开展集中清理，建立长效管护制度。（牵头单位：市消防救援支队；配合单位：市财政局；完成时限：2025年6月5日前）
四、编制街区绿化提升方案。结合改造项目同步编制绿化提升方案。（牵头单位：市园林局；完成时限：2025年12月31日前）
五、建立改造项目审批绿色通道。简化审批流程，压缩审批时限。（牵头单位：市行政审批局；配合单位：市财政局；完成时限：2025年5月31日前）
六、清理街区占道经营。对改造街区占道经营行为开展集中整治。（牵头单位：市城管局；配合单位：市财政局；完成时限：2025年4月15日前）
七、出台政府购买服务目录。明确购买主体、服务内容和考核标准。（牵头单位：市财政局；完成时限：2025年5月10日前）
河清市人民政府办公室
2025年2月10日
"""

REPORT = """河清市住房城乡建设局关于老旧街区改造工作进展情况的报告
市人民政府：
根据《河清市人民政府办公室关于推进老旧街区改造工作的通知》（河政办发〔2025〕7号）要求，现将有关情况报告如下：
一、街区改造项目摸底工作。我局会同市财政局对全市老旧街区逐一登记，已完成改造项目清单编制。
二、改造补助资金落实工作。受财力紧张影响，改造补助资金拨付进度滞后，未达序时进度。
河清市住房城乡建设局
2025年5月20日
"""

FINANCE = "市财政局"


def build(root: Path) -> str:
    """Index the notice and the report in a SQLite file under `root`, cross-check them (statuses
    saved, as `duban crosscheck` leaves them); the index URL."""
    return checked_index(root, (("notice.txt", NOTICE), ("report.txt", REPORT)), AS_OF)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("remind"))


@pytest.fixture(scope="module")
def result(url: str) -> CheckResult:
    with open_store(url) as store:
        return check_store(store, AS_OF, save=False)


def _item(text: str) -> str:
    """The item number a measure opens with (`二、`), which names it in these tests."""
    return text.split("、", 1)[0]


@dataclass
class Slip:
    """One unit's slip as read back from the .docx."""

    texts: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    header_repeats: bool = False

    @property
    def to(self) -> str:
        return next(t for t in self.texts if t.startswith("致："))[2:]


def _slips(doc: DocxDocument) -> list[Slip]:
    """Each unit's slip read back, in order: its paragraphs and its table's rows of cell texts."""
    slips: list[Slip] = []
    tables = iter(doc.tables)
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if text == TITLE:
                slips.append(Slip())
            elif slips:
                slips[-1].texts.append(text)
        elif child.tag == qn("w:tbl"):
            table = next(tables)
            slips[-1].rows = [[c.text for c in row.cells] for row in table.rows]
            header = table.rows[0]._tr.trPr
            slips[-1].header_repeats = header is not None and header.find(qn("w:tblHeader")) is not None
    return slips


def test_rows_chased_are_overdue_lagging_and_due_soon(result: CheckResult) -> None:
    reasons = {_item(r.measure.text): reason_of(r, AS_OF, 7) for r in ledger_rows(result)}
    assert reasons == {
        "一": None,  # reported done
        "二": "lagging",  # reported lagging, its date passed: chased as lagging, not dropped
        "三": None,  # due in eight days
        "四": None,  # due at the end of the year
        "五": "due_soon",  # not relayed, due in three days
        "六": "overdue",
        "七": "overdue",
    }
    assert reason_of(next(r for r in ledger_rows(result) if _item(r.measure.text) == "三"), AS_OF, 8) == (
        "due_soon"
    )


def test_units_most_overdue_first_and_rows_by_due_date(result: CheckResult) -> None:
    slips = reminders(ledger_rows(result), AS_OF)
    assert [u.unit for u in slips.units] == [FINANCE, "市城管局", "市住房城乡建设局", "市行政审批局"]
    finance = slips.units[0]
    assert [(_item(r.row.measure.text), r.role, r.reason) for r in finance.rows] == [
        ("六", "co", "overdue"),
        ("二", "lead", "lagging"),
        ("七", "lead", "overdue"),
        ("五", "co", "due_soon"),
    ]
    assert (finance.count("overdue"), finance.count("lagging"), finance.count("due_soon")) == (2, 1, 1)
    assert (slips.tasks, slips.measures, slips.reply_by) == (7, 4, "2025-05-31")
    housing = slips.units[2]
    assert [(_item(r.row.measure.text), r.role) for r in housing.rows] == [("二", "co")]


def test_docx_has_a_section_per_unit_with_its_rows(result: CheckResult, tmp_path: Path) -> None:
    slips = reminders(ledger_rows(result), AS_OF, reply_by="2025-06-03", office="河清市政府督查室")
    path = tmp_path / "slips.docx"
    write_docx(slips, path)
    doc = docx.Document(str(path))
    assert len(doc.sections) == 4
    for section in doc.sections:  # A4, as stored (in twentieths of a point)
        assert abs((section.page_width or 0) - Cm(21.0)) < Cm(0.01)
        assert abs((section.page_height or 0) - Cm(29.7)) < Cm(0.01)
    assert all(s.start_type == 2 for s in doc.sections[1:])  # WD_SECTION_START.NEW_PAGE
    read = _slips(doc)
    assert [s.to for s in read] == [u.unit for u in slips.units]
    finance = read[0]
    assert finance.header_repeats
    rows = finance.rows
    assert rows[0] == list(COLUMNS)
    assert [(r[0], _item(r[2]), r[3], r[5]) for r in rows[1:]] == [
        ("1", "六", "配合", "2025-04-15"),
        ("2", "二", "牵头", "2025-04-30"),
        ("3", "七", "牵头", "2025-05-10"),
        ("4", "五", "配合", "2025-05-31"),
    ]
    assert rows[1][6].startswith("逾期") and "已逾期43天" in rows[1][6]
    assert rows[2][6] == "滞后" and "进度滞后" in rows[2][7]  # the report's sentence as evidence
    assert "3天后到期" in rows[4][6]
    assert "河政办发〔2025〕7号" in rows[1][1]
    letter = " ".join(finance.texts)
    assert "已逾期2项、进度滞后1项、7日内到期1项" in letter
    assert "2025年6月3日前" in letter and "河清市政府督查室" in letter
    assert [t for t in finance.texts if t][-2:] == ["河清市政府督查室", "2025年5月28日"]
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"


def test_a_correction_to_done_takes_the_row_off(tmp_path: Path) -> None:
    url = build(tmp_path)
    with open_store(url) as store:
        result = check_store(store, AS_OF, save=False)
        seven = next(m for c in result.directives for m in c.measures if _item(m.text) == "七")
        set_status(store, seven.measure_id, "已完成", "电话核实已出台", "督查室王五")
        slips = reminders(ledger_rows(result, overlay=Overlay.load(store)), AS_OF)
    finance = next(u for u in slips.units if u.unit == FINANCE)
    assert [_item(r.row.measure.text) for r in finance.rows] == ["六", "二", "五"]
    # one overdue task each now, the same earliest date: the names decide
    assert [u.unit for u in slips.units][:2] == ["市城管局", FINANCE]
    assert "七" not in {_item(r.row.measure.text) for u in slips.units for r in u.rows}


def test_unit_filter_gives_that_units_slip_only(result: CheckResult) -> None:
    from duban.index.filters import parse_filters

    filters = parse_filters(unit="财政局")
    slips = reminders(ledger_rows(result, filters), AS_OF, filters=filters)
    assert [u.unit for u in slips.units] == [FINANCE]
    assert len(slips.units[0].rows) == 4
    lead = parse_filters(unit="财政局", role="lead")
    only_lead = reminders(ledger_rows(result, lead), AS_OF, filters=lead)
    assert [(_item(r.row.measure.text), r.role) for r in only_lead.units[0].rows] == [
        ("二", "lead"),
        ("七", "lead"),
    ]


def _remind(url: str, *args: str) -> tuple[int, str, str]:
    run = CliRunner().invoke(app, ["remind", "--index", url, "--as-of", AS_OF, *args])
    return run.exit_code, run.stdout, run.stderr


def test_remind_command_writes_the_docx_and_a_summary(url: str, tmp_path: Path) -> None:
    out = tmp_path / "催办单.docx"
    code, stdout, _ = _remind(url, "--out", str(out), "--unit", FINANCE, "--office", "区督查室")
    assert code == 0, stdout
    assert f"{FINANCE}：4 项（逾期 2，滞后 1，7 天内到期 1）" in stdout
    assert "催办 1 个单位、4 项事项" in stdout
    read = _slips(docx.Document(str(out)))
    assert [s.to for s in read] == [FINANCE]
    code, stdout, _ = _remind(url, "--json", "--days", "10")
    data = json.loads(stdout)
    assert code == 0 and data["days"] == 10
    fire = next(u for u in data["units"] if u["unit"] == "市消防救援支队")
    assert [(r["reason"], r["days_left"]) for r in fire["rows"]] == [("due_soon", 8)]


def test_nothing_due_writes_no_file(url: str, tmp_path: Path) -> None:
    out = tmp_path / "none.docx"
    code, stdout, _ = _remind(url, "--out", str(out), "--unit", "市园林局")
    assert code == 0
    assert "没有需要催办的事项" in stdout
    assert not out.exists()


def test_remind_refuses_what_it_cannot_do(url: str, tmp_path: Path) -> None:
    assert _remind(url)[0] == 2  # neither --out nor --json
    missing = f"sqlite:///{tmp_path}/absent.db"
    code, _, stderr = _remind(missing, "--json")
    assert code == 2 and "E045" in stderr
    assert _remind(url, "--json", "--reply-by", "2025-13-01")[0] == 2
    assert _remind(url, "--json", "--reply-by", "2025-05-01")[0] == 2  # before the as-of date


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    return TestClient(create_app(url), base_url=LOCAL)


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_web_routes_serve_the_docx_and_its_json_twin(client: TestClient) -> None:
    query = f"as_of={AS_OF}&reply_by=2025-06-04"
    twin = client.get(f"/reminders.json?{query}")
    assert twin.status_code == 200
    data = twin.json()
    assert [u["unit"] for u in data["units"]] == [FINANCE, "市城管局", "市住房城乡建设局", "市行政审批局"]
    assert data["reply_by"] == "2025-06-04" and data["total_tasks"] == 7
    download = client.get(f"/reminders.docx?{query}")
    assert download.status_code == 200
    assert download.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(f'催办通知单-{AS_OF}.docx')}" in disposition
    read = _slips(docx.Document(io.BytesIO(download.content)))
    assert [s.to for s in read] == [u["unit"] for u in data["units"]]
    ledger = client.get(f"/ledger?as_of={AS_OF}&unit=财政局")
    assert f'href="/reminders.docx?as_of={AS_OF}&amp;unit=' in ledger.text
    assert client.get(f"/reminders.docx?as_of={AS_OF}&unit=市园林局").status_code == 404
    bad = client.get(f"/reminders.json?as_of={AS_OF}&reply_by=2025-05-01")
    assert bad.status_code == 400 and "早于统计日期" in bad.json()["error"]["message"]


def test_summary_json_counts(result: CheckResult) -> None:
    slips: Reminders = reminders(ledger_rows(result), AS_OF, days=0)
    data = slips.to_json()
    assert (data["overdue"], data["lagging"], data["due_soon"]) == (3, 2, 0)
    assert {u["unit"] for u in data["units"]} == {FINANCE, "市城管局", "市住房城乡建设局"}
